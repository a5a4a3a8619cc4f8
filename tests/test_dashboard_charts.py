"""Chart builders: traces and values from the frame, a title and a standalone subtitle, empty data."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import charts

CONTEXT = "6 articles · 3 médias · 13.08.2024 – 01.10.2024 · Tout le corpus"


def titles(fig) -> tuple[str, str]:
    return fig.layout.title.text, fig.layout.title.subtitle.text


def test_context_line():
    counts = {"articles": 1, "outlets": 1, "first": date(2024, 8, 13), "last": date(2024, 8, 13)}
    assert charts.context_line("Tout le corpus", counts) == "1 article · 1 média · 13.08.2024 · Tout le corpus"
    counts = {"articles": 0, "outlets": 0, "first": None, "last": None}
    assert charts.context_line("Filtres : x", counts) == "0 articles · Filtres : x"


def test_articles_over_time_one_stacked_trace_per_outlet():
    frame = pd.DataFrame({"period": pd.to_datetime(["2024-08-12", "2024-08-12", "2024-08-19"]),
                          "outlet": ["Le Temps", "Watson", "Le Temps"], "articles": [1, 2, 3]})
    fig = charts.articles_over_time(frame, "week", CONTEXT)
    assert titles(fig) == ("Articles publiés par semaine, par média", CONTEXT)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Le Temps", "Watson"]
    assert list(fig.data[0].y) == [1, 3] and list(fig.data[1].y) == [2]


def test_few_periods_get_one_tick_each_many_get_plotlys_own():
    few = pd.DataFrame({"period": pd.to_datetime(["2024-08-12"]), "outlet": ["watson"], "articles": [1]})
    fig = charts.articles_over_time(few, "week", CONTEXT)
    assert list(pd.to_datetime(fig.layout.xaxis.tickvals)) == [pd.Timestamp("2024-08-12")]
    many = pd.DataFrame({"period": pd.date_range("2024-01-01", periods=30, freq="D"),
                         "outlet": "watson", "articles": 1})
    assert charts.articles_over_time(many, "day", CONTEXT).layout.xaxis.tickvals is None


def test_people_mentioned_most_on_top_with_article_counts():
    frame = pd.DataFrame({"person": ["Donald Trump", "Elon Musk"], "mentions": [7, 4], "articles": [3, 2]})
    fig = charts.people_mentioned(frame, CONTEXT)
    bar, = fig.data
    assert titles(fig) == ("Personnes les plus mentionnées", CONTEXT)
    assert bar.orientation == "h" and list(bar.y) == ["Donald Trump", "Elon Musk"] and list(bar.x) == [7, 4]
    assert list(bar.text) == ["7 (3 art.)", "4 (2 art.)"]
    assert fig.layout.yaxis.autorange == "reversed"


def test_people_quoted_shows_share_of_voice():
    frame = pd.DataFrame({"person": ["Alain Berset", "Joe Biden"], "quotes": [2, 1], "articles": [2, 1],
                          "share": [2 / 3, 1 / 3]})
    fig = charts.people_quoted(frame, CONTEXT)
    assert fig.layout.title.text == "Personnes les plus citées (part de voix)"
    assert list(fig.data[0].text) == ["2 · 67 %", "1 · 33 %"]


def test_tone_and_readability_lines():
    frame = pd.DataFrame({"period": pd.to_datetime(["2024-08-01", "2024-09-01"]), "positive": [50.0, 43.5],
                          "negative": [25.0, 21.7], "loaded": [12.5, 21.7], "articles": [3, 2]})
    fig = charts.tone_over_time(frame, "month", CONTEXT)
    assert [t.name for t in fig.data] == ["Positif", "Négatif", "Connoté"]
    assert list(fig.data[1].y) == [25.0, 21.7]
    assert fig.layout.title.text == "Ton des articles par mois (mots pour 1 000)"
    frame = pd.DataFrame({"period": pd.to_datetime(["2024-08-01"]), "kandel_moles": [61.7], "lix": [38.3],
                          "words_per_sentence": [6.1], "articles": [3]})
    fig = charts.readability_over_time(frame, "day", CONTEXT)
    assert [t.name.split(" (")[0] for t in fig.data] == ["Kandel-Moles", "LIX"]
    assert fig.layout.title.text == "Lisibilité moyenne des articles, par jour"


@pytest.mark.parametrize("build", [
    lambda f: charts.articles_over_time(f, "day", CONTEXT), lambda f: charts.people_mentioned(f, CONTEXT),
    lambda f: charts.people_quoted(f, CONTEXT), lambda f: charts.tone_over_time(f, "week", CONTEXT),
    lambda f: charts.readability_over_time(f, "month", CONTEXT)])
def test_empty_data_says_so(build):
    fig = build(pd.DataFrame())
    assert fig.data == ()
    assert fig.layout.annotations[0].text == charts.EMPTY_MESSAGE
    assert fig.layout.title.text and fig.layout.title.subtitle.text == CONTEXT


def test_export_config_doubles_the_resolution():
    assert charts.PLOTLY_CONFIG["toImageButtonOptions"]["scale"] == 2


@pytest.mark.skipif(not charts.image_export_available(), reason="no Chromium for kaleido")
def test_png_and_svg_export():
    frame = pd.DataFrame({"person": ["A"], "mentions": [2], "articles": [1]})
    fig = charts.people_mentioned(frame, CONTEXT)
    assert charts.figure_image(fig, "png").startswith(b"\x89PNG")
    assert b"<svg" in charts.figure_image(fig, "svg")[:500]
