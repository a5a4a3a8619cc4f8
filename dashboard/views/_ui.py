"""Streamlit helpers the pages share: the current filters, chart display with exports and click
actions, messages."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data
from dashboard.filters import PARAM, Filters, format_date, mode_labels
from dashboard.i18n import t

ClickAction = Callable[[list[dict]], None]  # receives the clicked points of a plotly selection


def current_filters() -> Filters:
    """The view state: the sidebar widgets (bound to the URL) and the open article."""
    state = st.session_state
    return Filters(
        date_from=state.get(PARAM["date_from"]), date_to=state.get(PARAM["date_to"]),
        people=tuple(state.get(PARAM["people"]) or ()),
        people_mode=state.get(PARAM["people_mode"]) or "any",
        outlets=tuple(state.get(PARAM["outlets"]) or ()),
        sections=tuple(state.get(PARAM["sections"]) or ()),
        languages=tuple(state.get(PARAM["languages"]) or ()),
        search=(state.get(PARAM["search"]) or "").strip(),
        article=st.query_params.get(PARAM["article"]) or None,
    )


def reading_tables_notice() -> None:
    """Say why pages are slow when the store has no fresh reading tables (see dashboard.data)."""
    if not data.reading_tables_ready() and "presslens_snapshot_view" not in st.session_state:  # a snapshot: said already
        st.info(t("reading_tables_missing"), icon=":material/speed:")


def no_store_message(path: Path, articles: int | None) -> None:
    st.title("presslens")
    what = t("nostore_missing") if articles is None else t("nostore_empty")
    st.warning(t("nostore_warning", path=path, what=what))
    st.markdown(t("nostore_howto"))
    st.code(f"presslens analyze DOSSIER --db {path}\npresslens serve --db {path}", language="bash")
    st.caption(t("nostore_env"))


def relax_hint(filters: Filters) -> str:
    """What to loosen when nothing matches, naming the active filters."""
    items = []
    if filters.search:
        items.append(t("relax_search", q=filters.search))
    if filters.date_from or filters.date_to:
        items.append(t("relax_dates"))
    if filters.people:
        items.append(t("relax_people") if filters.people_mode == "all" and len(filters.people) > 1
                     else t("relax_people_any"))
    for name in ("outlets", "sections", "languages"):
        if getattr(filters, name):
            items.append(t(f"relax_{name}"))
    return t("empty_relax", items=t("relax_or").join(items or [t("relax_dates")]))


def empty_notice(filters: Filters) -> None:
    st.info(relax_hint(filters), icon=":material/filter_alt_off:")


def show_chart(fig: go.Figure, frame: pd.DataFrame, name: str, on_click: ClickAction | None = None) -> None:
    """The chart, then buttons to download its data (CSV) and the image (PNG, SVG). With
    `on_click`, clicking a bar or a point calls it with the selected points (then reruns)."""
    if on_click is None:
        st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG, key=f"chart-{name}")
    else:
        # a new key after each click clears the selection, so the same bar can be clicked again
        generation = st.session_state.get(f"gen-{name}", 0)
        key = f"chart-{name}-{generation}"

        def clicked() -> None:
            points = list(st.session_state[key].selection.get("points", []))
            st.session_state[f"gen-{name}"] = generation + 1
            if points:
                on_click(points)

        st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG, key=key, on_select=clicked,
                        selection_mode="points")
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


# ------------------------------------------------------------------ click actions
def add_person(points: list[dict], key: str = PARAM["people"]) -> None:
    """A click on a person's bar adds them to a people multiselect (the sidebar's by default)."""
    known = set(data.filter_options().people)
    chosen = list(st.session_state.get(key) or [])
    for point in points:
        name = point.get("y") if isinstance(point.get("y"), str) else point.get("label")
        if not isinstance(name, str):
            continue
        if name not in known:
            st.toast(t("toast_not_a_person", name=name), icon=":material/info:")
        elif name not in chosen:
            chosen.append(name)
            st.toast(t("toast_person_added", name=name), icon=":material/person_add:")
    st.session_state[key] = chosen


def period_bounds(start: date, period: str) -> tuple[date, date]:
    """The first and last day of the period starting on `start` (a date_trunc result)."""
    if period == "day":
        return start, start
    if period == "week":
        return start, start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, following - timedelta(days=1)


def set_period(period: str) -> ClickAction:
    """A click on a period's bar (or point) sets the date range to that period."""
    def action(points: list[dict]) -> None:
        days = sorted({_as_date(p.get("x")) for p in points} - {None})
        if not days:
            return
        start, _ = period_bounds(days[0], period)
        _, end = period_bounds(days[-1], period)
        # the date inputs refuse days outside the corpus: clamp (the same articles either way)
        options = data.filter_options()
        if options.first and options.last:
            start, end = max(start, options.first), min(end, options.last)
        st.session_state[PARAM["date_from"]], st.session_state[PARAM["date_to"]] = start, end
        st.toast(t("toast_period_set", start=format_date(start), end=format_date(end)),
                 icon=":material/date_range:")
    return action


def set_group(by: str) -> ClickAction:
    """A click on an outlet's or a section's bar filters to it."""
    def action(points: list[dict]) -> None:
        options = data.filter_options()
        known = set(options.outlets if by == "outlet" else options.sections)
        key = PARAM["outlets" if by == "outlet" else "sections"]
        chosen = list(st.session_state.get(key) or [])
        for point in points:
            name = point.get("customdata")
            name = name[0] if isinstance(name, list) and name else name
            if isinstance(name, str) and name in known and name not in chosen:
                chosen.append(name)
                st.toast(t("toast_group_set", name=name), icon=":material/filter_alt:")
        st.session_state[key] = chosen
    return action


def _as_date(value) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def mode_label(mode: str) -> str:
    return mode_labels()[mode]
