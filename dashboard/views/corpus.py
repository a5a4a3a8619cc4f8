"""Corpus: add articles from the browser (files or a zip, extracted safely, then analysed with a
progress bar), and the ingest report: what each input became, what was rejected and why, the runs."""
from __future__ import annotations

import time

import streamlit as st

from analysis.settings import from_env
from dashboard import data, uploads
from dashboard.i18n import t
from dashboard.progress import ProgressLine

UPLOAD_TYPES = ["txt", "html", "htm", "json", "jsonl", "csv", "md", "zip"]


def run_upload(files: list) -> None:
    """Save the uploaded files under settings.upload_dir, then analyse them into the store."""
    from analysis.pipeline import (
        run_analysis,  # spaCy and the analyzers load only when needed
    )

    settings = from_env()
    data.release_connection()  # this process is about to write the store: no reader may hold it
    with st.status(t("upload_extracting"), expanded=True) as status:
        result = uploads.save_uploads([(f.name, f.getvalue()) for f in files], settings.upload_dir,
                                      max_total_bytes=int(settings.max_upload_mb * 1_000_000),
                                      max_ratio=settings.max_zip_ratio)
        st.write(t("upload_saved", n=len(result.saved), folder=result.folder))
        if result.skipped:
            st.write(f"**{t('upload_skipped')}**")
            st.dataframe([{t("col_file"): name, t("col_reason"): t(reason, **values)}
                          for name, reason, values in result.skipped], hide_index=True)
        if not result.saved:
            status.update(label=t("upload_nothing"), state="error")
            return
        status.update(label=t("upload_loading"))
        bar = st.progress(0.0, text=t("upload_loading"))

        line = ProgressLine()

        def progress(done: int, total: int) -> None:
            text = line(done, total)
            bar.progress(done / total if total else 1.0, text=text)
            status.update(label=text)  # the status' title stays in sight when it is folded

        started = time.perf_counter()
        try:
            summary = run_analysis([result.folder], settings, progress=progress)
        except Exception as exc:  # noqa: BLE001 - shown to the reader, who can fix the input
            status.update(label=t("upload_failed", error=exc), state="error")
            return
        bar.progress(1.0)
        done = t("upload_done", analysed=summary.analysed, unchanged=summary.unchanged,
                 rejected=len(summary.rejected), seconds=f"{time.perf_counter() - started:.1f}")
        status.update(label=done, state="complete", expanded=True)
        if summary.rejected:
            st.write(f"**{t('upload_rejected_now')}**")
            st.dataframe([{t("col_file"): r.source_path, t("col_record"): r.record, t("col_reason"): r.reason}
                          for r in summary.rejected], hide_index=True)
    data.clear_cache()


st.title(t("corpus_title"))
st.caption(t("corpus_caption"))

settings = from_env()
with st.container(border=True):
    st.subheader(t("upload_header"), anchor=False)
    st.markdown(t("upload_help", mb=settings.max_upload_mb, folder=settings.upload_dir))
    with st.form("upload", clear_on_submit=True, border=False):
        files = st.file_uploader(t("upload_label"), type=UPLOAD_TYPES, accept_multiple_files=True)
        submitted = st.form_submit_button(t("upload_button"), icon=":material/upload_file:", type="primary")
    if submitted and files:
        run_upload(files)
    elif submitted:
        st.info(t("upload_nothing"))

path, articles = data.store_state()
if articles is None:
    st.stop()

totals = data.ingest_totals()
cards = st.columns(3)
cards[0].metric(t("card_files"), totals["files"], border=True)
cards[1].metric(t("card_kept"), totals["articles"], border=True)
cards[2].metric(t("card_left_out"), totals["left_out"], border=True, help=t("card_left_out_help"))

summary = data.ingest_summary()
statuses = {s: t(f"status_{s}") for s in ("article", "rejected", "duplicate")}
st.subheader(t("ingest_header"), anchor=False)
st.dataframe(summary.assign(status=summary["status"].map(statuses).fillna(summary["status"])),
             hide_index=True, column_config={
                 "status": t("col_status"), "reason": t("col_reason"), "inputs": t("col_inputs"),
                 "files": t("col_files")})

st.subheader(t("rejected_header"), anchor=False)
rejected = data.rejections()
if rejected.empty:
    st.success(t("no_rejection"))
else:
    st.dataframe(rejected, hide_index=True, column_config={
        "source_path": t("col_file"), "record": t("col_record"), "status": t("col_status"),
        "reason": t("col_reason"), "run_id": t("col_run")})
    st.download_button("CSV", rejected.to_csv(index=False).encode("utf-8"), "presslens-rejets.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:", type="tertiary")

st.subheader(t("runs_header"), anchor=False)
st.dataframe(data.runs(), hide_index=True, column_config={
    "run_id": t("col_run"), "started": st.column_config.DatetimeColumn(t("col_started"), format="DD.MM.YYYY HH:mm:ss"),
    "finished": st.column_config.DatetimeColumn(t("col_finished"), format="DD.MM.YYYY HH:mm:ss"),
    "model": t("col_model"), "analysed": t("col_analysed"), "unchanged": t("col_unchanged"),
    "rejected": t("col_rejected"), "analyzers": t("col_versions")})
