"""Corpus: the ingest report (what each input became, what was rejected and why) and the runs."""
from __future__ import annotations

import streamlit as st

from dashboard import data

STATUS_LABELS = {"article": "retenu (article)", "rejected": "rejeté", "duplicate": "doublon"}

st.title("Corpus")
st.caption("Ce que l'analyse a retenu de vos fichiers et ce qu'elle a écarté, pour juger de la "
           "couverture du corpus avant d'en tirer des conclusions. Cette page ignore les filtres.")

totals = data.ingest_totals()
cards = st.columns(3)
cards[0].metric("Fichiers lus", totals["files"], border=True)
cards[1].metric("Articles retenus", totals["articles"], border=True)
cards[2].metric("Entrées écartées", totals["left_out"], border=True,
                help="Fichiers ou enregistrements qui ne sont pas devenus des articles")

summary = data.ingest_summary()
st.subheader("Bilan de l'ingestion", anchor=False)
st.dataframe(summary.assign(status=summary["status"].map(STATUS_LABELS).fillna(summary["status"])),
             hide_index=True, column_config={
                 "status": "Statut", "reason": "Raison", "inputs": "Entrées", "files": "Fichiers"})

st.subheader("Entrées écartées", anchor=False)
rejected = data.rejections()
if rejected.empty:
    st.success("Aucune entrée écartée.")
else:
    st.dataframe(rejected, hide_index=True, column_config={
        "source_path": "Fichier", "record": "Enregistrement", "status": "Statut",
        "reason": "Raison", "run_id": "Analyse n°"})
    st.download_button("CSV", rejected.to_csv(index=False).encode("utf-8"), "presslens-rejets.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:", type="tertiary")

st.subheader("Analyses", anchor=False)
st.dataframe(data.runs(), hide_index=True, column_config={
    "run_id": "N°", "started": st.column_config.DatetimeColumn("Début", format="DD.MM.YYYY HH:mm:ss"),
    "finished": st.column_config.DatetimeColumn("Fin", format="DD.MM.YYYY HH:mm:ss"),
    "model": "Modèle spaCy", "analysed": "Analysés", "unchanged": "Inchangés", "rejected": "Rejetés",
    "analyzers": "Versions des analyseurs"})
