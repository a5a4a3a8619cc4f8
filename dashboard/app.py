"""presslens dashboard: `streamlit run dashboard/app.py` (or `presslens serve`).

Page config, the sidebar filters, then the page the reader chose. Each filter widget is bound to
a URL query parameter (`bind="query-params"`, keys from `Filters`' PARAM), so the address bar
always reproduces the view and a pasted link restores it; the pages read the same state back as a
`Filters` through `dashboard.views._ui.current_filters`.
"""
from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from dashboard import data
from dashboard.filters import PARAM, mode_labels
from dashboard.i18n import t
from dashboard.views import _ui


def pages() -> list:
    return [
        st.Page("views/overview.py", title=t("page_overview"), icon=":material/monitoring:", default=True),
        st.Page("views/people.py", title=t("page_people"), icon=":material/groups:", url_path="people"),
        st.Page("views/articles.py", title=t("page_articles"), icon=":material/article:", url_path="articles"),
        st.Page("views/corpus.py", title=t("page_corpus"), icon=":material/inventory_2:", url_path="corpus"),
    ]


def reset_filters() -> None:
    """Button callback: bound widgets can only be changed through session state."""
    for name in ("people", "outlets", "sections", "languages"):
        st.session_state[PARAM[name]] = []
    st.session_state[PARAM["date_from"]] = st.session_state[PARAM["date_to"]] = None
    st.session_state[PARAM["people_mode"]] = "any"
    st.session_state[PARAM["search"]] = ""


def date_filters(first: date | None, last: date | None) -> None:
    left, right = st.columns(2)
    bounds = dict(min_value=first, max_value=last, value=None, format="DD.MM.YYYY", bind="query-params")
    left.date_input(t("date_from"), key=PARAM["date_from"], **bounds)
    right.date_input(t("date_to"), key=PARAM["date_to"], **bounds)


def sidebar(options: data.FilterOptions, path_label: str, articles: int) -> None:
    labels = mode_labels()
    with st.sidebar:
        st.markdown(f"### {t('sidebar_title')}")
        st.text_input(t("search_label"), key=PARAM["search"], bind="query-params", help=t("search_help"),
                      icon=":material/search:")
        date_filters(options.first, options.last)
        st.multiselect(t("people_filter"), options.people, key=PARAM["people"],
                       bind="query-params", placeholder=t("people_placeholder"))
        st.segmented_control(t("mode_label"), list(labels), format_func=labels.get,
                             default="any", required=True, key=PARAM["people_mode"], bind="query-params",
                             help=t("mode_help"))
        st.multiselect(t("outlets_filter"), options.outlets, key=PARAM["outlets"], bind="query-params",
                       placeholder=t("outlets_placeholder"))
        st.multiselect(t("sections_filter"), options.sections, key=PARAM["sections"], bind="query-params",
                       placeholder=t("sections_placeholder"))
        st.multiselect(t("languages_filter"), options.languages, key=PARAM["languages"], bind="query-params",
                       placeholder=t("languages_placeholder"))
        st.button(t("reset"), on_click=reset_filters, key="reset", icon=":material/filter_alt_off:")
        count = t("n_articles_one" if articles == 1 else "n_articles", n=articles)
        st.caption(t("sidebar_caption", path=path_label, articles=count))


# Streamlit's default top padding (6rem) pushes the charts below the fold on a laptop screen.
PAGE_CSS = """<style>
[data-testid='stMainBlockContainer'] { padding-top: 2.5rem; }
[data-testid='stMetricValue'] { font-size: 1.9rem; }
</style>"""


def main() -> None:
    st.set_page_config(page_title="presslens", page_icon=":material/newspaper:", layout="wide")
    st.html(PAGE_CSS)
    page = st.navigation(pages())
    try:
        with data.run_scope():  # one store connection for the run's cache misses
            run_page(page)
        show_store_state_notes()
    except data.LOCKED as exc:  # a writer (presslens analyze) holds the file's lock, and no copy is readable
        st.warning(f"{t('store_busy')}\n\n{exc}")
        st.stop()


def show_store_state_notes() -> None:
    """Say when the page shows an analysis's snapshot, or views cached before it."""
    taken = st.session_state.pop("presslens_snapshot_view", None)
    if taken is not None:
        st.info(t("store_snapshot", time=datetime.fromtimestamp(taken).strftime("%H:%M:%S")),
                icon=":material/hourglass_top:")
    elif st.session_state.pop("presslens_stale_view", False):
        st.info(t("store_stale"), icon=":material/hourglass_top:")


def run_page(page) -> None:
    path, articles = data.store_state()
    if not articles and page.url_path != "corpus":
        _ui.no_store_message(path, articles)
        st.caption(t("nostore_upload"))
        st.stop()
    if articles:
        sidebar(data.filter_options(), path.name, articles)
    page.run()


main()
