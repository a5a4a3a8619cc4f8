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

from dashboard.filters import format_date

EMPTY_MESSAGE = "Aucun article ne correspond aux filtres"
PERIOD_WORDS = {"day": "jour", "week": "semaine", "month": "mois"}
# numeric dates: the browser's plotly has no French month names, and "13.08.2024" reads in any language
DATE_TICKS = {"day": "%d.%m.%Y", "week": "%d.%m.%Y", "month": "%m.%Y"}
# Up to this many periods, one tick per bar: plotly's automatic ticks would otherwise fall
# between the bars and repeat a date ("11.08.2024, 11.08.2024, 12.08.2024").
FEW_PERIODS = 12
FONT = "Inter, 'Source Sans 3', 'Helvetica Neue', Arial, sans-serif"
# A qualitative palette that survives projection and colour-blindness (Okabe-Ito, reordered).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TONE_SERIES = {"positive": ("Positif", "#009E73"), "negative": ("Négatif", "#D55E00"),
               "loaded": ("Connoté", "#8E44AD")}
READABILITY_SERIES = {"kandel_moles": ("Kandel-Moles (plus haut = plus facile)", "#0072B2"),
                      "lix": ("LIX (plus haut = plus difficile)", "#E69F00")}


def context_line(filters_text: str, counts: dict) -> str:
    """'6 articles · 3 médias · 13.08.2024 – 01.10.2024 · Tout le corpus'."""
    n = counts.get("articles", 0)
    parts = [f"{n} article{'s' if n != 1 else ''}"]
    if counts.get("outlets"):
        parts.append(f"{counts['outlets']} média{'s' if counts['outlets'] != 1 else ''}")
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
        hoverlabel=dict(font=dict(family=FONT)), separators=", ",
    )
    return fig


def empty_figure(title: str, context: str) -> go.Figure:
    """A figure with no data that says no article matches, keeping the title and filters."""
    fig = _layout(go.Figure(), title, context, height=300)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=EMPTY_MESSAGE, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=15, color="#6b7280"))
    return fig


def articles_over_time(df: pd.DataFrame, period: str, context: str) -> go.Figure:
    """Stacked bars: articles per period (columns period, outlet, articles), one colour per outlet."""
    title = f"Articles publiés par {PERIOD_WORDS[period]}, par média"
    if df.empty:
        return empty_figure(title, context)
    fig = go.Figure()
    for outlet, rows in df.groupby("outlet", sort=True):
        fig.add_bar(x=rows["period"], y=rows["articles"], name=str(outlet),
                    hovertemplate=f"{outlet}<br>%{{x|%d.%m.%Y}} : %{{y}} article(s)<extra></extra>")
    fig = _layout(fig, title, context)
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_xaxes(title=None, tickformat=DATE_TICKS[period], **_period_ticks(df["period"]))
    tallest = df.groupby("period")["articles"].sum().max()
    fig.update_yaxes(title="Articles", rangemode="tozero", **_count_ticks(tallest))
    return fig


def _period_ticks(periods: pd.Series) -> dict:
    """A tick on each bar when there are few periods; plotly's own choice otherwise."""
    if periods.nunique() > FEW_PERIODS:
        return {}
    return {"tickmode": "array", "tickvals": sorted(periods.unique())}


def _count_ticks(largest: float) -> dict:
    """Whole-number ticks: with small counts plotly would otherwise label 0.5 steps as "1, 1, 2"."""
    return {"tickformat": "d", "dtick": 1} if largest <= 8 else {"tickformat": "d"}


def people_mentioned(df: pd.DataFrame, context: str) -> go.Figure:
    """Horizontal bars, most mentioned on top (columns person, mentions, articles)."""
    title = "Personnes les plus mentionnées"
    if df.empty:
        return empty_figure(title, context)
    return _people_bars(df, "mentions", title, context, color=PALETTE[0],
                        text=[f"{m} ({a} art.)" for m, a in zip(df["mentions"], df["articles"])],
                        axis="Mentions")


def people_quoted(df: pd.DataFrame, context: str) -> go.Figure:
    """Horizontal bars of quotes attributed to each person, labelled with their share of voice
    (columns person, quotes, articles, share)."""
    title = "Personnes les plus citées (part de voix)"
    if df.empty:
        return empty_figure(title, context)
    text = [f"{q} · {s:.0%}".replace("%", " %") for q, s in zip(df["quotes"], df["share"])]
    return _people_bars(df, "quotes", title, context, color=PALETTE[1], text=text,
                        axis="Citations attribuées")


def _people_bars(df: pd.DataFrame, value: str, title: str, context: str, color: str,
                 text: list[str], axis: str) -> go.Figure:
    fig = go.Figure(go.Bar(
        x=df[value], y=df["person"], orientation="h", marker_color=color, text=text,
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y} : %{text}<extra></extra>"))
    fig = _layout(fig, title, context, height=max(300, 110 + 30 * len(df)))
    fig.update_yaxes(autorange="reversed", title=None, automargin=True)
    fig.update_xaxes(title=axis, range=[0, float(df[value].max()) * 1.3], **_count_ticks(df[value].max()))
    return fig


def tone_over_time(df: pd.DataFrame, period: str, context: str) -> go.Figure:
    """Lines of tone words per 1,000 words per period (columns period, positive, negative, loaded)."""
    title = f"Ton des articles par {PERIOD_WORDS[period]} (mots pour 1 000)"
    return _lines(df, TONE_SERIES, title, context, axis="Pour 1 000 mots")


def readability_over_time(df: pd.DataFrame, period: str, context: str) -> go.Figure:
    """Lines of mean readability per period (columns period, kandel_moles, lix)."""
    title = f"Lisibilité moyenne des articles, par {PERIOD_WORDS[period]}"
    return _lines(df, READABILITY_SERIES, title, context, axis="Score moyen")


def _lines(df: pd.DataFrame, series: dict[str, tuple[str, str]], title: str, context: str,
           axis: str) -> go.Figure:
    if df.empty:
        return empty_figure(title, context)
    fig = go.Figure()
    articles = df["articles"] if "articles" in df else None
    for column, (name, color) in series.items():
        fig.add_scatter(x=df["period"], y=df[column], name=name, mode="lines+markers",
                        line=dict(color=color, width=2.5), marker=dict(size=7),
                        customdata=articles,
                        hovertemplate=f"{name}<br>%{{x|%d.%m.%Y}} : %{{y:.1f}}"
                                      + (" (%{customdata} art.)" if articles is not None else "")
                                      + "<extra></extra>")
    fig = _layout(fig, title, context)
    fig.update_xaxes(title=None, tickformat="%d.%m.%Y")
    fig.update_yaxes(title=axis, rangemode="tozero")
    return fig


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
