"""presslens dashboard: `streamlit run dashboard/app.py` (or `presslens serve`).

Page config, the sidebar filters, then the page the reader chose. Each filter widget is bound to
a URL query parameter (`bind="query-params"`, keys from `Filters`' PARAM), so the address bar
always reproduces the view and a pasted link restores it; the pages read the same state back as a
`Filters` through `dashboard.views._ui.current_filters`.
"""
from __future__ import annotations

from datetime import date

import duckdb
import streamlit as st

from dashboard import data
from dashboard.filters import MODE_LABELS, PARAM
from dashboard.views import _ui

PAGES = [
    st.Page("views/overview.py", title="Vue d'ensemble", icon=":material/monitoring:", default=True),
    st.Page("views/articles.py", title="Articles", icon=":material/article:", url_path="articles"),
    st.Page("views/corpus.py", title="Corpus", icon=":material/inventory_2:", url_path="corpus"),
]


def reset_filters() -> None:
    """Button callback: bound widgets can only be changed through session state."""
    for name in ("people", "outlets", "sections"):
        st.session_state[PARAM[name]] = []
    st.session_state[PARAM["date_from"]] = st.session_state[PARAM["date_to"]] = None
    st.session_state[PARAM["people_mode"]] = "any"
    st.session_state[PARAM["search"]] = ""


def date_filters(first: date | None, last: date | None) -> None:
    left, right = st.columns(2)
    bounds = dict(min_value=first, max_value=last, value=None, format="DD.MM.YYYY", bind="query-params")
    left.date_input("Du", key=PARAM["date_from"], **bounds)
    right.date_input("Au", key=PARAM["date_to"], **bounds)


def sidebar(options: data.FilterOptions, path_label: str, articles: int) -> None:
    with st.sidebar:
        st.markdown("### Filtres")
        date_filters(options.first, options.last)
        st.multiselect("Personnes mentionnées", options.people, key=PARAM["people"],
                       bind="query-params", placeholder="Toutes les personnes")
        st.segmented_control("Articles qui nomment", list(MODE_LABELS), format_func=MODE_LABELS.get,
                             default="any", required=True, key=PARAM["people_mode"], bind="query-params",
                             help="« Au moins une » des personnes choisies, ou « Toutes » à la fois.")
        st.multiselect("Médias", options.outlets, key=PARAM["outlets"], bind="query-params",
                       placeholder="Tous les médias")
        st.multiselect("Rubriques", options.sections, key=PARAM["sections"], bind="query-params",
                       placeholder="Toutes les rubriques")
        st.text_input("Recherche dans le titre et le texte", key=PARAM["search"], bind="query-params")
        st.button("Réinitialiser les filtres", on_click=reset_filters, key="reset", icon=":material/filter_alt_off:")
        st.caption(f"Base : `{path_label}` · {articles} article{'s' if articles != 1 else ''}. "
                   "L'adresse de la page reproduit la vue : copiez-la pour la partager.")


# Streamlit's default top padding (6rem) pushes the charts below the fold on a laptop screen.
PAGE_CSS = "<style>[data-testid='stMainBlockContainer'] { padding-top: 2.5rem; }</style>"


def main() -> None:
    st.set_page_config(page_title="presslens", page_icon=":material/newspaper:", layout="wide")
    st.html(PAGE_CSS)
    page = st.navigation(PAGES)
    try:
        path, articles = data.store_state()
        if not articles:
            _ui.no_store_message(path, articles)
            st.stop()
        sidebar(data.filter_options(), path.name, articles)
        page.run()
    except duckdb.IOException as exc:  # a writer (presslens analyze) holds the file's lock
        st.warning(f"La base est en cours d'écriture ou illisible ; rechargez dans un instant.\n\n{exc}")
        st.stop()


main()
