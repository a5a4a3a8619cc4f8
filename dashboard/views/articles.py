"""Articles: the filtered articles with their metrics; selecting one opens it (?article=ID)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.filters import PARAM
from dashboard.views import _article_view, _ui

COLUMNS = {
    "published": st.column_config.DatetimeColumn("Publié", format="DD.MM.YYYY HH:mm"),
    "outlet": st.column_config.TextColumn("Média"),
    "section": st.column_config.TextColumn("Rubrique"),
    "title": st.column_config.TextColumn("Titre", width="large"),
    "people": st.column_config.NumberColumn("Personnes", help="Personnes distinctes nommées"),
    "quotes": st.column_config.NumberColumn("Citations"),
    "tone_net": st.column_config.NumberColumn("Ton net", format="%.1f",
                                              help="Mots positifs moins négatifs pour 1 000 mots"),
    "kandel_moles": st.column_config.NumberColumn("Kandel-Moles", format="%.0f",
                                                  help="Lisibilité, 0–100 : plus haut = plus facile"),
    "words": st.column_config.NumberColumn("Mots"),
}


def open_selected(ids: list[str], table_key: str) -> None:
    """Table selection callback: the chosen article goes into the URL."""
    rows = st.session_state[table_key].selection.rows
    if rows:
        st.query_params[PARAM["article"]] = ids[rows[0]]


def close_article() -> None:
    # Known gap (streamlit 1.67): the article closes, but `article=` stays in the address bar.
    del st.query_params[PARAM["article"]]
    # a new table key clears the old selection, so the same row can be chosen again
    st.session_state["table_generation"] = st.session_state.get("table_generation", 0) + 1


def article_list(table: pd.DataFrame) -> None:
    key = f"articles-{st.session_state.get('table_generation', 0)}"
    ids = table["id"].tolist()
    st.dataframe(table, column_config=COLUMNS, column_order=list(COLUMNS), hide_index=True,
                 on_select=lambda: open_selected(ids, key), selection_mode="single-row", key=key)
    st.download_button("CSV", table.to_csv(index=False).encode("utf-8"), "presslens-articles.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:", type="tertiary")


filters = _ui.current_filters()
table = data.article_table(filters)
st.title("Articles")
st.caption(charts.context_line(filters.describe(), data.corpus_counts(filters))
           + " · cliquez sur une ligne pour ouvrir l'article")

detail = data.article_detail(filters.article) if filters.article else None
if filters.article and detail is None:
    st.warning("Cet article n'est pas (ou plus) dans la base.")
if detail is not None:
    st.button("Fermer l'article", on_click=close_article, icon=":material/close:")
    _article_view.render_article(detail)
    with st.expander(f"Liste des articles ({len(table)})"):
        article_list(table)
elif table.empty:
    st.info(charts.EMPTY_MESSAGE + ".")
else:
    article_list(table)
