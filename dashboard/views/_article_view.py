"""The article drill-down: metadata, highlighted text with its legend, quotes, metrics explained."""
from __future__ import annotations

import html
from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from dashboard import highlight
from dashboard.data import ArticleDetail
from dashboard.filters import format_date
from dashboard.i18n import metric_help, t

FAMILIES = ("people", "quotes", "tone", "readability")


def render_article(detail: ArticleDetail) -> None:
    st.html(_header_html(detail.meta))
    text_tab, quotes_tab, metrics_tab = st.tabs([t("tab_text"), t("tab_quotes"), t("tab_metrics")])
    with text_tab:
        spans = highlight.article_spans(detail.mentions, detail.quotes, detail.tone_hits)
        speakers = highlight.speakers_in_order(detail.quotes)
        st.html(highlight.stylesheet() + highlight.legend(speakers) + highlight.highlight(detail.text, spans))
    with quotes_tab:
        st.dataframe(quotes_table(detail.quotes), hide_index=True)
    with metrics_tab:
        st.dataframe(metrics_table(detail.metrics), hide_index=True,
                     column_config={t("col_value"): st.column_config.NumberColumn(format="%.2f"),
                                    t("col_explanation"): st.column_config.TextColumn(width="large")})


def _header_html(meta: dict) -> str:
    """Title and metadata lines; every stored value is escaped (they come from scraped pages)."""
    facts = [meta.get("outlet"), meta.get("section")]
    if meta.get("published") is not None:
        facts.append(format_date(meta["published"]) + meta["published"].strftime(" %H:%M"))
    if meta.get("authors"):
        facts.append(", ".join(meta["authors"]))
    line = " · ".join(html.escape(str(f)) for f in facts if f)
    source = html.escape(f"{meta.get('source_path')} ({meta.get('source_id')}) · id {meta.get('id')}")
    url = meta.get("url") or ""
    link = (f' · <a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
            f"{html.escape(t('original_link'))}</a>" if urlparse(url).scheme in ("http", "https") else "")
    title = html.escape(meta.get("title") or t("untitled"))
    return (f'<div style="margin-bottom:.4rem"><h2 style="margin:0 0 .3rem 0">{title}</h2>'
            f'<div style="color:#6b7280;font-size:.9rem">{line}</div>'
            f'<div style="color:#9ca3af;font-size:.8rem">{source}{link}</div></div>')


def speaker_column(quotes: pd.DataFrame) -> pd.Series:
    """Speakers, with the ranker's guesses marked as such and no speaker said in words."""
    guessed = quotes.get("attribution", pd.Series(None, index=quotes.index)).eq("guess") & quotes["speaker"].notna()
    named = quotes["speaker"].fillna(t("speaker_unknown"))
    return named.where(~guessed, named + " " + t("speaker_guessed"))


def quotes_table(quotes: pd.DataFrame) -> pd.DataFrame:
    kinds = {k: t(f"kind_{k}") for k in ("speech", "partial", "other")}
    return pd.DataFrame({
        t("col_quote"): quotes["text"], t("col_kind"): quotes["kind"].map(kinds).fillna(quotes["kind"]),
        t("col_speaker"): speaker_column(quotes), t("col_cue"): quotes["cue"].fillna(""),
        t("col_position"): quotes["start"],
        t("col_repeat"): quotes["is_repeat"].map({True: t("repeat_yes"), False: ""}).fillna("")})


def metrics_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Known metrics in a reading order with their explanation, unknown ones after them."""
    known = metric_help()
    order = {key: i for i, key in enumerate(known)}
    columns = [t("col_family"), t("col_metric"), t("col_value"), t("col_explanation")]
    rows = []
    for r in metrics.itertuples():
        label, explanation = known.get((r.analyzer, r.metric), (r.metric, ""))
        family = t(f"family_{r.analyzer}") if r.analyzer in FAMILIES else r.analyzer
        rows.append(dict(zip(columns, (family, label, r.value, explanation)),
                         _order=order.get((r.analyzer, r.metric), len(order))))
    table = pd.DataFrame(rows, columns=[*columns, "_order"])
    return table.sort_values("_order", kind="stable").drop(columns="_order")
