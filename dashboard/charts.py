"""Pure chart builders: DataFrame -> plotly Figure. Never imports streamlit.

Every figure carries a title saying what is shown and a subtitle giving the corpus, its date span
and the active filters, so an exported PNG or a screenshot pasted in a slide stands alone. Empty
data gives a figure that says so instead of raising.
"""
from __future__ import annotations

import os
import shutil
import threading
import warnings
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.filters import format_date
from dashboard.i18n import t

EMPTY_MESSAGE = i18n.STRINGS["fr"]["empty"]  # the French wording, for tests; pages use t("empty")
# numeric dates: the browser's plotly has no French month names, and "13.08.2024" reads in any language
DATE_TICKS = {"day": "%d.%m.%Y", "week": "%d.%m.%Y", "month": "%m.%Y"}
# Up to this many periods, one tick per bar: plotly's automatic ticks would otherwise fall
# between the bars and repeat a date ("11.08.2024, 11.08.2024, 12.08.2024").
FEW_PERIODS = 12
FONT = "Inter, 'Source Sans 3', 'Helvetica Neue', Arial, sans-serif"
# A qualitative palette that survives projection and colour-blindness (Okabe-Ito, reordered).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MENTIONED_COLOR, QUOTED_COLOR = PALETTE[0], PALETTE[1]
TONE_COLORS = {"positive": "#009E73", "negative": "#D55E00", "loaded": "#8E44AD"}
READABILITY_COLORS = {"kandel_moles": "#0072B2", "lix": "#E69F00"}
MAX_GROUPS = 12  # outlets or sections shown in a "by group" chart, most articles first


def context_line(filters_text: str, counts: dict) -> str:
    """'6 articles · 3 médias · 13.08.2024 – 01.10.2024 · Tout le corpus'."""
    n = counts.get("articles", 0)
    parts = [t("n_articles_one" if n == 1 else "n_articles", n=n)]
    if counts.get("outlets"):
        parts.append(t("n_outlets_one" if counts["outlets"] == 1 else "n_outlets", n=counts["outlets"]))
    first, last = counts.get("first"), counts.get("last")
    if isinstance(first, date) and isinstance(last, date):
        parts.append(format_date(first) if first == last else f"{format_date(first)} – {format_date(last)}")
    parts.append(filters_text)
    return " · ".join(parts)


def _layout(fig: go.Figure, title: str, context: str, height: int = 400) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, subtitle=dict(text=context, font=dict(size=12, color="#6b7280")),
                   x=0.0, xanchor="left", y=0.97, yanchor="top", font=dict(size=17, color="#111827")),
        template="plotly_white", font=dict(family=FONT, size=13, color="#374151"),
        colorway=PALETTE, height=height, margin=dict(l=10, r=20, t=78, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0.0, title=None),
        hoverlabel=dict(font=dict(family=FONT)), separators=t("separators"),
        clickmode="event+select", dragmode=False,
    )
    return fig


def empty_figure(title: str, context: str) -> go.Figure:
    """A figure with no data that says no article matches, keeping the title and filters."""
    fig = _layout(go.Figure(), title, context, height=300)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=t("empty"), showarrow=False, x=0.5, y=0.55, xref="paper", yref="paper",
                       font=dict(size=15, color="#6b7280"))
    fig.add_annotation(text=t("empty_chart_hint"), showarrow=False, x=0.5, y=0.38, xref="paper",
                       yref="paper", font=dict(size=12, color="#9ca3af"))
    return fig


def articles_over_time(df: pd.DataFrame, period: str, context: str) -> go.Figure:
    """Stacked bars: articles per period (columns period, outlet, articles), one colour per outlet.
    Each bar's customdata is its period, so a click can set the date range to it."""
    title = t("chart_articles_over_time", period=t(f"period_word_{period}"))
    if df.empty:
        return empty_figure(title, context)
    fig = go.Figure()
    sparse = is_sparse(df["period"], period)
    for outlet, rows in df.groupby("outlet", sort=True):
        name = t("unknown_group") if outlet == "?" else str(outlet)
        fig.add_bar(x=_x(rows["period"], sparse), y=rows["articles"], name=name,
                    hovertemplate=f"{name}<br>{_x_hover(sparse)} : %{{y}} {t('articles_word')}<extra></extra>")
    fig = _layout(fig, title, context)
    fig.update_layout(barmode="stack", bargap=0.25)
    _time_axis(fig, df["period"], period, sparse)
    tallest = df.groupby("period")["articles"].sum().max()
    fig.update_yaxes(title=t("axis_articles"), rangemode="tozero", **_count_ticks(tallest))
    return fig


def is_sparse(periods: pd.Series, period: str) -> bool:
    """Whether most periods of the span are empty (a 2012 corpus plus one 2024 article): the time
    axis then lists the periods that hold articles, in order, instead of stretching over the gap."""
    days = pd.to_datetime(pd.Series(periods.unique()))
    if len(days) < 3:
        return False
    step = {"day": 1, "week": 7, "month": 30.44}[period]
    span = (days.max() - days.min()).days / step + 1
    return span > 4 * len(days) and span > 24


def _x(periods: pd.Series, sparse: bool):
    """x values: dates, or ISO date strings (categories) on a sparse axis."""
    return pd.to_datetime(periods).dt.strftime("%Y-%m-%d") if sparse else periods


def _x_hover(sparse: bool) -> str:
    return "%{x}" if sparse else "%{x|%d.%m.%Y}"


def _time_axis(fig: go.Figure, periods: pd.Series, period: str, sparse: bool) -> None:
    if not sparse:
        fig.update_xaxes(title=None, tickformat=DATE_TICKS[period], **_period_ticks(periods))
        return
    days = sorted(pd.to_datetime(pd.Series(periods.unique())))
    every = -(-len(days) // 7)  # at most 7 labels: they must fit on a half-width chart
    shown = days[::every]
    fig.update_xaxes(title=None, type="category", categoryorder="category ascending",
                     categoryarray=[d.strftime("%Y-%m-%d") for d in days],
                     tickvals=[d.strftime("%Y-%m-%d") for d in shown],
                     ticktext=[d.strftime(DATE_TICKS[period]) for d in shown], tickangle=0)


def _period_ticks(periods: pd.Series) -> dict:
    """A tick on each bar when there are few periods; plotly's own choice otherwise."""
    if periods.nunique() > FEW_PERIODS:
        return {}
    return {"tickmode": "array", "tickvals": sorted(periods.unique())}


def _count_ticks(largest: float) -> dict:
    """Whole-number ticks: with small counts plotly would otherwise label 0.5 steps as "1, 1, 2"."""
    return {"tickformat": "d", "dtick": 1} if largest <= 8 else {"tickformat": "d"}


def _percent(share: float) -> str:
    return t("percent", p=round(100 * share)) if pd.notna(share) else "–"


def people_mentioned(df: pd.DataFrame, context: str) -> go.Figure:
    """Horizontal bars, most mentioned on top (columns person, mentions, articles)."""
    title = t("chart_people_mentioned")
    if df.empty:
        return empty_figure(title, context)
    return _people_bars(df, "mentions", title, context, color=MENTIONED_COLOR,
                        text=[t("bar_mentions", m=m, a=a) for m, a in zip(df["mentions"], df["articles"])],
                        axis=t("axis_mentions"))


def people_quoted(df: pd.DataFrame, context: str) -> go.Figure:
    """Horizontal bars of quotes attributed to each person, labelled with their share of voice
    (columns person, quotes, articles, share)."""
    title = t("chart_people_quoted")
    if df.empty:
        return empty_figure(title, context)
    text = [f"{q} · {_percent(s)}" for q, s in zip(df["quotes"], df["share"])]
    return _people_bars(df, "quotes", title, context, color=QUOTED_COLOR, text=text,
                        axis=t("axis_quotes"))


def co_mentions(df: pd.DataFrame, people: tuple[str, ...], context: str) -> go.Figure:
    """Who appears in the same articles as `people` (columns person, articles, mentions)."""
    title = t("chart_co_mentions", people=_names(people))
    if df.empty:
        return empty_figure(title, context)
    return _people_bars(df, "articles", title, context, color=PALETTE[2],
                        text=[str(a) for a in df["articles"]], axis=t("axis_shared_articles"))


def _people_bars(df: pd.DataFrame, value: str, title: str, context: str, color: str,
                 text: list[str], axis: str) -> go.Figure:
    fig = go.Figure(go.Bar(
        x=df[value], y=df["person"], orientation="h", marker_color=color, text=text,
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y} : %{text}<extra>" + t("click_to_filter") + "</extra>"))
    fig = _layout(fig, title, context, height=max(300, 110 + 30 * len(df)))
    fig.update_yaxes(autorange="reversed", title=None, automargin=True)
    fig.update_xaxes(title=axis, range=[0, float(df[value].max()) * 1.3], **_count_ticks(df[value].max()))
    return fig


def mentioned_vs_quoted(df: pd.DataFrame, context: str) -> go.Figure:
    """Side by side for each person: articles naming them and articles quoting them, labelled
    with mentions, quotes and share of voice (columns of `dashboard.data.q_people_voice`)."""
    title = t("chart_mentioned_vs_quoted")
    if df.empty:
        return empty_figure(title, context)
    fig = go.Figure()
    fig.add_bar(y=df["person"], x=df["articles_mentioned"], orientation="h", name=t("series_mentioned"),
                marker_color=MENTIONED_COLOR, textposition="outside", cliponaxis=False,
                text=[t("bar_mentions", m=m, a=a) for m, a in zip(df["mentions"], df["articles_mentioned"])],
                hovertemplate="%{y}<br>" + t("series_mentioned") + " : %{text}<extra></extra>")
    fig.add_bar(y=df["person"], x=df["articles_quoted"], orientation="h", name=t("series_quoted"),
                marker_color=QUOTED_COLOR, textposition="outside", cliponaxis=False,
                text=[t("bar_quotes", q=q, a=a, share=_percent(s))
                      for q, s, a in zip(df["quotes"], df["share"], df["articles_quoted"])],
                hovertemplate="%{y}<br>" + t("series_quoted") + " : %{text}<extra></extra>")
    fig = _layout(fig, title, context, height=max(300, 130 + 56 * len(df)))
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05)
    fig.update_yaxes(autorange="reversed", title=None, automargin=True)
    largest = float(max(df["articles_mentioned"].max(), df["articles_quoted"].max(), 1))
    fig.update_xaxes(title=t("axis_articles"), range=[0, largest * 1.45], **_count_ticks(largest))
    return fig


def people_coverage(df: pd.DataFrame, people: tuple[str, ...], period: str, context: str) -> go.Figure:
    """Bars per period, one colour per person: articles naming them (columns period, person,
    articles, mentions). Bars rather than lines: most people appear in a few periods only."""
    title = t("chart_people_coverage", people=_names(people), period=t(f"period_word_{period}"))
    if df.empty:
        return empty_figure(title, context)
    fig = go.Figure()
    sparse = is_sparse(df["period"], period)
    for i, person in enumerate(p for p in people if p in set(df["person"])):
        rows = df[df["person"] == person]
        fig.add_bar(x=_x(rows["period"], sparse), y=rows["articles"], name=person,
                    marker_color=PALETTE[i % len(PALETTE)], customdata=rows["mentions"],
                    hovertemplate=f"{person}<br>{_x_hover(sparse)} : %{{y}} {t('articles_word')}, "
                                  f"%{{customdata}} {t('mentions_word')}<extra></extra>")
    fig = _layout(fig, title, context)
    fig.update_layout(barmode="group", bargap=0.2)
    _time_axis(fig, df["period"], period, sparse)
    fig.update_yaxes(title=t("axis_articles"), rangemode="tozero", **_count_ticks(df["articles"].max()))
    return fig


def tone_over_time(df: pd.DataFrame, period: str, context: str) -> go.Figure:
    """Lines of tone words per 1,000 words per period (columns period, positive, negative, loaded)."""
    title = t("chart_tone_over_time", period=t(f"period_word_{period}"))
    return _lines(df, _tone_series(), title, context, axis=t("axis_per_1000"), period=period)


def readability_over_time(df: pd.DataFrame, period: str, context: str) -> go.Figure:
    """Lines of mean readability per period (columns period, kandel_moles, lix)."""
    title = t("chart_readability_over_time", period=t(f"period_word_{period}"))
    return _lines(df, _readability_series(), title, context, axis=t("axis_mean_score"), period=period)


def _tone_series() -> dict[str, tuple[str, str]]:
    return {c: (t(f"tone_{c}"), TONE_COLORS[c]) for c in TONE_COLORS}


def _readability_series() -> dict[str, tuple[str, str]]:
    return {c: (t(f"readability_{c}"), READABILITY_COLORS[c]) for c in READABILITY_COLORS}


def _lines(df: pd.DataFrame, series: dict[str, tuple[str, str]], title: str, context: str,
           axis: str, period: str = "day") -> go.Figure:
    if df.empty:
        return empty_figure(title, context)
    fig = go.Figure()
    articles = df["articles"] if "articles" in df else None
    sparse = is_sparse(df["period"], period)
    for column, (name, color) in series.items():
        fig.add_scatter(x=_x(df["period"], sparse), y=df[column], name=name, mode="lines+markers",
                        line=dict(color=color, width=2.5), marker=dict(size=7),
                        customdata=articles,
                        hovertemplate=f"{name}<br>{_x_hover(sparse)} : %{{y:.1f}}"
                                      + (f" (%{{customdata}} {t('articles_word')})" if articles is not None else "")
                                      + "<extra></extra>")
    fig = _layout(fig, title, context)
    _time_axis(fig, df["period"], period, sparse)
    fig.update_yaxes(title=axis, rangemode="tozero")
    return fig


def tone_by_group(df: pd.DataFrame, by: str, context: str) -> go.Figure:
    """Grouped horizontal bars: tone words per 1,000 words per outlet or section (columns group,
    articles, positive, negative, loaded), the groups with most articles first."""
    title = t("chart_tone_by_group", group=t(f"group_word_{by}"))
    return _group_bars(df, _tone_series(), title, context, axis=t("axis_per_1000"))


def readability_by_group(df: pd.DataFrame, by: str, context: str) -> go.Figure:
    """Grouped horizontal bars: mean Kandel-Moles and LIX per outlet or section."""
    title = t("chart_readability_by_group", group=t(f"group_word_{by}"))
    return _group_bars(df, _readability_series(), title, context, axis=t("axis_mean_score"))


def _group_bars(df: pd.DataFrame, series: dict[str, tuple[str, str]], title: str, context: str,
                axis: str) -> go.Figure:
    if df.empty:
        return empty_figure(title, context)
    df = df.head(MAX_GROUPS)
    labels = [f"{t('unknown_group') if g == '?' else g} ({n})" for g, n in zip(df["group"], df["articles"])]
    fig = go.Figure()
    for column, (name, color) in series.items():
        fig.add_bar(y=labels, x=df[column], name=name, orientation="h", marker_color=color,
                    customdata=df["group"], texttemplate="%{x:.1f}", textposition="outside",
                    cliponaxis=False, hovertemplate=f"%{{y}}<br>{name} : %{{x:.1f}}<extra></extra>")
    fig = _layout(fig, title, context, height=max(300, 130 + 22 * len(series) * len(df)))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed", title=None, automargin=True)
    largest = df[list(series)].max().max()
    fig.update_xaxes(title=None, range=[0, (float(largest) if pd.notna(largest) else 1) * 1.2])
    return fig


def _names(people: tuple[str, ...]) -> str:
    """'A, B et C' in the interface language; long lists shortened."""
    people = tuple(people)
    if len(people) > 3:
        return t("names_and_more", names=", ".join(people[:3]), n=len(people) - 3)
    if len(people) <= 1:
        return "".join(people)
    return ", ".join(people[:-1]) + t("and") + people[-1]


# plotly config for st.plotly_chart: the camera button exports at twice the screen resolution
PLOTLY_CONFIG = {"displaylogo": False,
                 "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "presslens"}}


# ------------------------------------------------------------------ static export (PNG, SVG)
# kaleido renders through a Chromium it finds by itself (Debian's /usr/bin/chromium here). One
# persistent kaleido server per process saves the ~2 s browser start on every export; it is
# started on the first export, not at import, and a failure to start falls back to one-off calls.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_server_lock = threading.Lock()
_server_started = False


def image_export_available() -> bool:
    """Whether a Chromium exists for kaleido; without one the PNG/SVG buttons are hidden."""
    explicit = os.environ.get("BROWSER_PATH")
    return bool(explicit and Path(explicit).exists()) or any(shutil.which(n) for n in BROWSER_NAMES)


def figure_image(fig: go.Figure, fmt: str) -> bytes:
    """The figure as PNG (twice the screen resolution, for slides) or SVG bytes."""
    _ensure_kaleido_server()
    with warnings.catch_warnings():  # plotly warns that its options are ignored by a running server
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return fig.to_image(format=fmt, scale=2 if fmt == "png" else 1)


def _ensure_kaleido_server() -> None:
    global _server_started
    with _server_lock:
        if _server_started:
            return
        _server_started = True
        try:
            import kaleido

            kaleido.start_sync_server(silence_warnings=True)
        except Exception:  # noqa: BLE001 - any failure: fig.to_image starts its own browser
            pass
