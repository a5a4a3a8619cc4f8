"""Streamlit helpers the pages share: the current filters, chart display with exports, messages."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts
from dashboard.filters import PARAM, Filters


def current_filters() -> Filters:
    """The view state: the sidebar widgets (bound to the URL) and the open article."""
    state = st.session_state
    return Filters(
        date_from=state.get(PARAM["date_from"]), date_to=state.get(PARAM["date_to"]),
        people=tuple(state.get(PARAM["people"]) or ()),
        people_mode=state.get(PARAM["people_mode"]) or "any",
        outlets=tuple(state.get(PARAM["outlets"]) or ()),
        sections=tuple(state.get(PARAM["sections"]) or ()),
        search=(state.get(PARAM["search"]) or "").strip(),
        article=st.query_params.get(PARAM["article"]) or None,
    )


def no_store_message(path: Path, articles: int | None) -> None:
    st.title("presslens")
    what = "n'existe pas encore" if articles is None else "ne contient aucun article"
    st.warning(f"La base `{path}` {what}.")
    st.markdown("Analysez d'abord un dossier d'articles, puis relancez le tableau de bord :")
    st.code(f"presslens analyze DOSSIER --db {path}\npresslens serve --db {path}", language="bash")
    st.caption("La variable d'environnement PRESSLENS_DB choisit la base que le tableau de bord lit.")


def show_chart(fig: go.Figure, frame: pd.DataFrame, name: str) -> None:
    """The chart, then buttons to download its data (CSV) and the image (PNG, SVG)."""
    st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG, key=f"chart-{name}")
    buttons = st.container(horizontal=True, gap="small")
    buttons.download_button("CSV", frame.to_csv(index=False).encode("utf-8"), f"presslens-{name}.csv",
                            mime="text/csv", key=f"csv-{name}", on_click="ignore",
                            icon=":material/download:", type="tertiary")
    if not charts.image_export_available():
        return
    for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
        # a callable: the image is rendered only when the reader clicks (kaleido takes ~1 s)
        buttons.download_button(fmt.upper(), lambda fmt=fmt: charts.figure_image(fig, fmt),
                                f"presslens-{name}.{fmt}", mime=mime, key=f"{fmt}-{name}",
                                on_click="ignore", icon=":material/image:", type="tertiary")
