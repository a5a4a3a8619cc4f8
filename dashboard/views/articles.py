"""Articles: the filtered articles with their metrics; selecting one opens it (?article=ID)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.filters import PARAM
from dashboard.i18n import t
from dashboard.views import _article_view, _ui


def columns() -> dict:
    return {
        "published": st.column_config.DatetimeColumn(t("col_published"), format="DD.MM.YYYY HH:mm"),
        "outlet": st.column_config.TextColumn(t("col_outlet")),
        "section": st.column_config.TextColumn(t("col_section")),
        "title": st.column_config.TextColumn(t("col_title"), width="large"),
        "people": st.column_config.NumberColumn(t("col_people"), help=t("col_people_help")),
        "quotes": st.column_config.NumberColumn(t("col_quotes")),
        "tone_net": st.column_config.NumberColumn(t("col_tone_net"), format="%.2f", help=t("col_tone_net_help")),
        "kandel_moles": st.column_config.NumberColumn(t("col_kandel"), format="%.0f", help=t("col_kandel_help")),
        "words": st.column_config.NumberColumn(t("col_words")),
    }


def open_selected(ids: list[str], table_key: str) -> None:
    """Table selection callback: the chosen article goes into the URL."""
    rows = st.session_state[table_key].selection.rows
    if rows:
        st.query_params[PARAM["article"]] = ids[rows[0]]


def close_article() -> None:
    del st.query_params[PARAM["article"]]
    # a new table key clears the old selection, so the same row can be chosen again
    st.session_state["table_generation"] = st.session_state.get("table_generation", 0) + 1


def article_list(table: pd.DataFrame) -> None:
    key = f"articles-{st.session_state.get('table_generation', 0)}"
    ids = table["id"].tolist()
    config = columns()
    st.dataframe(table, column_config=config, column_order=list(config), hide_index=True,
                 on_select=lambda: open_selected(ids, key), selection_mode="single-row", key=key)
    st.download_button("CSV", table.to_csv(index=False).encode("utf-8"), "presslens-articles.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:", type="tertiary")


filters = _ui.current_filters()
table = data.article_table(filters)
st.title(t("articles_title"))
st.caption(charts.context_line(filters.describe(), data.corpus_counts(filters)) + " · " + t("articles_click"))
_ui.reading_tables_notice()

detail = data.article_detail(filters.article) if filters.article else None
if filters.article and detail is None:
    st.warning(t("article_missing"))
if detail is not None:
    st.button(t("close_article"), on_click=close_article, icon=":material/close:")
    _article_view.render_article(detail)
    with st.expander(t("article_list", n=len(table))):
        article_list(table)
elif table.empty:
    _ui.empty_notice(filters)
else:
    article_list(table)
