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


def test_sparse_periods_get_a_category_axis_of_the_periods_with_articles():
    frame = pd.DataFrame({"period": pd.to_datetime(["2012-05-21", "2012-05-28", "2012-06-04", "2024-08-12"]),
                          "outlet": ["wikinews", "wikinews", "wikinews", "watson"], "articles": [3, 1, 2, 1]})
    fig = charts.articles_over_time(frame, "week", CONTEXT)
    assert fig.layout.xaxis.type == "category"
    assert list(fig.layout.xaxis.categoryarray) == ["2012-05-21", "2012-05-28", "2012-06-04", "2024-08-12"]
    assert list(fig.layout.xaxis.ticktext)[0] == "21.05.2012"
    dense = frame.iloc[:3]
    assert charts.articles_over_time(dense, "week", CONTEXT).layout.xaxis.type is None


def test_mentioned_vs_quoted_side_by_side():
    frame = pd.DataFrame({"person": ["Barack Obama", "Mitt Romney"], "mentions": [22, 10],
                          "articles_mentioned": [4, 4], "quotes": [9, 5], "articles_quoted": [4, 2],
                          "share": [0.64, 0.36]})
    fig = charts.mentioned_vs_quoted(frame, CONTEXT)
    assert titles(fig) == ("Mentionné·e·s ou cité·e·s ? Articles qui les nomment et qui les citent", CONTEXT)
    mentioned, quoted = fig.data
    assert (mentioned.name, quoted.name) == ("Articles qui nomment", "Articles qui citent")
    assert list(mentioned.y) == ["Barack Obama", "Mitt Romney"] and list(mentioned.x) == [4, 4]
    assert list(quoted.x) == [4, 2] and list(quoted.text) == ["9 cit. · 64 % (4 art.)", "5 cit. · 36 % (2 art.)"]
    assert fig.layout.barmode == "group"


def test_people_coverage_one_trace_per_person_in_the_order_picked():
    frame = pd.DataFrame({"period": pd.to_datetime(["2024-08-12", "2024-08-12", "2024-09-02"]),
                          "person": ["Elon Musk", "Donald Trump", "Donald Trump"], "articles": [1, 2, 1],
                          "mentions": [2, 4, 1]})
    fig = charts.people_coverage(frame, ("Donald Trump", "Elon Musk"), "week", CONTEXT)
    assert fig.layout.title.text == "Couverture de Donald Trump et Elon Musk : articles par semaine"
    assert [t.name for t in fig.data] == ["Donald Trump", "Elon Musk"]
    assert list(fig.data[0].y) == [2, 1] and list(fig.data[0].customdata) == [4, 1]


def test_co_mentions_and_groups():
    frame = pd.DataFrame({"person": ["Elon Musk", "Joe Biden"], "articles": [2, 1], "mentions": [4, 2]})
    fig = charts.co_mentions(frame, ("Donald Trump",), CONTEXT)
    assert fig.layout.title.text == "Qui apparaît avec Donald Trump (articles en commun)"
    assert list(fig.data[0].x) == [2, 1]
    groups = pd.DataFrame({"group": ["Le Temps", "?"], "articles": [2, 1], "positive": [10.0, 0.0],
                           "negative": [20.0, 5.0], "loaded": [5.0, 0.0], "kandel_moles": [60.0, 58.0],
                           "lix": [41.5, 44.0]})
    fig = charts.tone_by_group(groups, "outlet", CONTEXT)
    assert fig.layout.title.text == "Ton des articles par média (mots pour 1 000)"
    assert [t.name for t in fig.data] == ["Positif", "Négatif", "Connoté"]
    assert list(fig.data[0].y) == ["Le Temps (2)", "(non renseigné) (1)"]
    assert list(fig.data[0].customdata) == ["Le Temps", "?"]  # what a click filters on
    fig = charts.readability_by_group(groups, "section", CONTEXT)
    assert fig.layout.title.text == "Lisibilité moyenne des articles par rubrique"
    assert list(fig.data[1].x) == [41.5, 44.0]


@pytest.mark.parametrize("build", [
    lambda f: charts.mentioned_vs_quoted(f, CONTEXT), lambda f: charts.people_coverage(f, ("A",), "week", CONTEXT),
    lambda f: charts.co_mentions(f, ("A",), CONTEXT), lambda f: charts.tone_by_group(f, "outlet", CONTEXT),
    lambda f: charts.readability_by_group(f, "section", CONTEXT)])
def test_new_charts_say_when_empty(build):
    fig = build(pd.DataFrame())
    assert fig.data == () and fig.layout.annotations[0].text == charts.EMPTY_MESSAGE
    assert fig.layout.title.subtitle.text == CONTEXT


def test_charts_in_english(monkeypatch):
    monkeypatch.setenv("PRESSLENS_UI_LANGUAGE", "en")
    frame = pd.DataFrame({"person": ["A"], "quotes": [2], "articles": [1], "share": [0.5]})
    fig = charts.people_quoted(frame, CONTEXT)
    assert fig.layout.title.text == "Most quoted people (share of voice)"
    assert list(fig.data[0].text) == ["2 · 50%"]
    assert charts.empty_figure("x", CONTEXT).layout.annotations[0].text == "No article matches the filters"
