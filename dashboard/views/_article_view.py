"""The article drill-down: metadata, highlighted text with its legend, quotes, metrics explained."""
from __future__ import annotations

import html
from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from dashboard import highlight
from dashboard.data import ArticleDetail
from dashboard.filters import format_date

# (analyzer, metric) -> (label, one-line explanation), in the order the table shows them
METRIC_HELP: dict[tuple[str, str], tuple[str, str]] = {
    ("people", "count"): ("Personnes", "Personnes distinctes nommées dans l'article."),
    ("people", "mentions"): ("Mentions", "Nombre total de fois où ces personnes sont nommées."),
    ("quotes", "count"): ("Citations", "Passages entre guillemets repérés."),
    ("quotes", "speech"): ("Citations directes", "Propos rapportés entre guillemets, phrase complète."),
    ("quotes", "partial"): ("Citations partielles", "Quelques mots entre guillemets dans une phrase du journaliste."),
    ("quotes", "other"): ("Autres guillemets", "Titres, termes mis à distance, expressions."),
    ("quotes", "attributed"): ("Citations attribuées", "Citations dont le locuteur est identifié."),
    ("tone", "positive"): ("Mots positifs", "Occurrences de mots du lexique positif (négations prises en compte)."),
    ("tone", "negative"): ("Mots négatifs", "Occurrences de mots du lexique négatif."),
    ("tone", "loaded"): ("Mots connotés", "Mots chargés, qui orientent la lecture sans être positifs ni négatifs."),
    ("tone", "positive_per_1000"): ("Positifs / 1 000 mots", "Densité de mots positifs, comparable entre articles."),
    ("tone", "negative_per_1000"): ("Négatifs / 1 000 mots", "Densité de mots négatifs."),
    ("tone", "loaded_per_1000"): ("Connotés / 1 000 mots", "Densité de mots connotés."),
    ("tone", "net"): ("Ton net", "Positifs moins négatifs pour 1 000 mots : au-dessus de 0, plutôt positif."),
    ("tone", "words"): ("Mots (ton)", "Mots sur lesquels le ton est calculé."),
    ("readability", "kandel_moles"): ("Kandel-Moles",
                                       "Flesch adapté au français, de 0 à 100 : plus haut = plus facile à lire."),
    ("readability", "lix"): ("LIX", "Longueur des phrases + part des mots longs : < 40 facile, > 50 difficile."),
    ("readability", "words_per_sentence"): ("Mots par phrase", "Longueur moyenne des phrases du corps."),
    ("readability", "syllables_per_word"): ("Syllabes par mot", "Longueur moyenne des mots du corps."),
    ("readability", "words"): ("Mots (corps)", "Mots du corps de l'article."),
    ("readability", "sentences"): ("Phrases", "Phrases du corps de l'article."),
    ("readability", "syllables"): ("Syllabes", "Syllabes du corps de l'article."),
}
FAMILIES = {"people": "Personnes", "quotes": "Citations", "tone": "Ton", "readability": "Lisibilité"}


def render_article(detail: ArticleDetail) -> None:
    st.html(_header_html(detail.meta))
    text_tab, quotes_tab, metrics_tab = st.tabs(["Texte annoté", "Citations", "Mesures"])
    with text_tab:
        spans = highlight.article_spans(detail.mentions, detail.quotes, detail.tone_hits)
        st.html(highlight.stylesheet() + highlight.legend() + highlight.highlight(detail.text, spans))
    with quotes_tab:
        st.dataframe(quotes_table(detail.quotes), hide_index=True)
    with metrics_tab:
        st.dataframe(metrics_table(detail.metrics), hide_index=True,
                     column_config={"Valeur": st.column_config.NumberColumn(format="%.2f")})


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
            "article original</a>" if urlparse(url).scheme in ("http", "https") else "")
    title = html.escape(meta.get("title") or "(sans titre)")
    return (f'<div style="margin-bottom:.4rem"><h2 style="margin:0 0 .3rem 0">{title}</h2>'
            f'<div style="color:#6b7280;font-size:.9rem">{line}</div>'
            f'<div style="color:#9ca3af;font-size:.8rem">{source}{link}</div></div>')


def quotes_table(quotes: pd.DataFrame) -> pd.DataFrame:
    kinds = {"speech": "directe", "partial": "partielle", "other": "autre"}
    return pd.DataFrame({
        "Citation": quotes["text"], "Type": quotes["kind"].map(kinds).fillna(quotes["kind"]),
        "Locuteur": quotes["speaker"].fillna("non identifié"), "Verbe": quotes["cue"],
        "Position": quotes["start"]})


def metrics_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Known metrics in a reading order with their explanation, unknown ones after them."""
    order = {key: i for i, key in enumerate(METRIC_HELP)}
    rows = []
    for r in metrics.itertuples():
        label, explanation = METRIC_HELP.get((r.analyzer, r.metric), (r.metric, ""))
        rows.append({"Famille": FAMILIES.get(r.analyzer, r.analyzer), "Mesure": label, "Valeur": r.value,
                     "Explication": explanation, "_order": order.get((r.analyzer, r.metric), len(order))})
    table = pd.DataFrame(rows, columns=["Famille", "Mesure", "Valeur", "Explication", "_order"])
    return table.sort_values("_order", kind="stable").drop(columns="_order")
