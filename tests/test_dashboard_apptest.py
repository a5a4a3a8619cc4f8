"""The app through streamlit's AppTest on the fixture store: every page, URL and widget filters,
the drill-down's escaping, the missing-store message."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from dashboard_fixtures import XSS_TITLE, article_id, fixture_store  # noqa: F401
from streamlit.testing.v1 import AppTest

from dashboard import charts

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = ("views/overview.py", "views/people.py", "views/articles.py", "views/corpus.py")
OVERVIEW_CHARTS = {"Articles publiés par semaine, par média", "Personnes les plus mentionnées",
                   "Personnes les plus citées (part de voix)", "Ton des articles par semaine (mots pour 1 000)",
                   "Lisibilité moyenne des articles, par semaine", "Ton des articles par média (mots pour 1 000)",
                   "Lisibilité moyenne des articles par média"}


@pytest.fixture
def app(fixture_store, monkeypatch) -> AppTest:
    monkeypatch.setenv("PRESSLENS_DB", str(fixture_store))
    return AppTest.from_file(APP, default_timeout=60)


def decoded(node):
    """Plotly sends numeric arrays as {"dtype": "i1", "bdata": base64}; give them back as lists."""
    if isinstance(node, dict) and set(node) >= {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"]).tolist()
    if isinstance(node, dict):
        return {k: decoded(v) for k, v in node.items()}
    return [decoded(v) for v in node] if isinstance(node, list) else node


def figures(at: AppTest) -> dict[str, dict]:
    """Plotly figures shown, by title."""
    specs = [decoded(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def html_bodies(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    assert app.title[0].value in ("Vue d'ensemble", "Personnes", "Articles", "Corpus")


def test_overview_shows_counts_and_titled_charts(app):
    app.run()
    assert not app.exception
    assert metric(app, "Articles") == "6" and metric(app, "Citations") == "7"
    shown = figures(app)
    assert set(shown) == OVERVIEW_CHARTS
    for spec in shown.values():
        assert spec["layout"]["title"]["subtitle"]["text"].startswith("6 articles · 3 médias")
    labels = [b.label for b in app.get("download_button")]
    assert labels.count("CSV") == len(OVERVIEW_CHARTS)
    assert labels.count("PNG") == (len(OVERVIEW_CHARTS) if charts.image_export_available() else 0)


def test_overview_by_section_from_the_url(app):
    app.query_params["by"] = "Rubrique"
    app.run()
    bars = figures(app)["Ton des articles par rubrique (mots pour 1 000)"]["data"][0]
    assert bars["y"] == ["International (3)", "Suisse (2)", "Economie (1)"]


def test_language_filter_from_the_url(app):
    app.query_params["lang"] = "de"
    app.run()
    assert metric(app, "Articles") == "1"
    assert "langue : de" in app.caption[0].value


def test_filters_from_the_url(app):
    app.query_params["person"] = "Joe Biden"
    app.query_params["from"] = "2024-08-01"
    app.run()
    assert not app.exception
    assert metric(app, "Articles") == "1"
    people = figures(app)["Personnes les plus mentionnées"]["data"][0]
    assert set(people["y"]) == {"Joe Biden", "Donald Trump"}
    assert "personne : Joe Biden" in app.caption[0].value


def test_people_mode_all_from_the_url(app):
    app.query_params["person"] = ["Donald Trump", "Elon Musk"]
    app.query_params["mode"] = "Toutes"  # bound widgets use their labels in the URL
    app.run()
    assert metric(app, "Articles") == "1"


# One sidebar interaction per test: AppTest (streamlit 1.67) drops the sidebar's elements from its
# tree on reruns of an st.navigation app, although the browser keeps showing them.
def test_outlet_widget_filters(app):
    app.run()
    app.multiselect(key="outlet").select("Le Temps").run()
    assert metric(app, "Articles") == "2"
    assert [t["name"] for t in figures(app)["Articles publiés par semaine, par média"]["data"]] == ["Le Temps"]


def test_search_widget_filters(app):
    app.run()
    app.text_input(key="q").input("honte").run()
    assert metric(app, "Articles") == "1"


def test_reset_button_clears_url_filters(app):
    app.query_params["outlet"] = "Le Temps"
    app.run()
    assert metric(app, "Articles") == "2"
    app.button(key="reset").click().run()
    assert metric(app, "Articles") == "6"


def test_period_changes_the_charts(app):
    app.run()
    app.segmented_control(key="period").set_value("month").run()
    bars = figures(app)["Articles publiés par mois, par média"]["data"]
    assert sum(sum(trace["y"]) for trace in bars) == 6


def test_nothing_matches_shows_empty_charts(app):
    app.query_params["q"] = "introuvable"
    app.run()
    assert not app.exception
    for spec in figures(app).values():
        assert spec["layout"]["annotations"][0]["text"] == "Aucun article ne correspond aux filtres"
    assert "retirer la recherche « introuvable »" in app.info[0].value  # what to relax
    app.switch_page("views/articles.py").run()
    assert not app.exception and "Aucun article" in app.info[0].value
    app.switch_page("views/people.py").run()
    assert not app.exception and "Aucun article" in app.info[0].value


def test_articles_table_follows_filters(app):
    app.query_params["section"] = "Suisse"
    app.run()
    app.switch_page("views/articles.py").run()
    table = app.dataframe[0].value
    assert sorted(table["title"]) == sorted(["Alain Berset présente le budget", XSS_TITLE])


def test_drill_down_shows_untrusted_text_escaped(app):
    app.query_params["article"] = article_id("a6")
    app.run()
    app.switch_page("views/articles.py").run()
    assert not app.exception
    shown = html_bodies(app)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in shown
    assert "<script" not in shown and "<img" not in shown
    assert 'class="hl hl-person" title="Alain Berset"' in shown  # highlights and their legend
    assert 'class="hl hl-speaker-0" title="Citation directe : Alain Berset">«Rien de ' in shown
    assert "Personne mentionnée" in shown and "une couleur par locuteur" in shown
    quotes = app.dataframe[0].value
    assert quotes["Locuteur"].tolist() == ["Alain Berset"]
    assert "Kandel-Moles" in app.dataframe[1].value["Mesure"].tolist()


def test_unknown_article_says_so(app):
    app.query_params["article"] = "0000000000000000"
    app.run()
    app.switch_page("views/articles.py").run()
    assert not app.exception and "n'est pas" in app.warning[0].value


def test_corpus_page_shows_rejections(app):
    app.run()
    app.switch_page("views/corpus.py").run()
    assert metric(app, "Entrées écartées") == "2" and metric(app, "Fichiers lus") == "4"
    assert set(app.dataframe[1].value["reason"]) == {"texte vide", "langue: en"}


def test_missing_store_tells_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSLENS_DB", str(tmp_path / "absent.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "n'existe pas encore" in at.warning[0].value
    assert "presslens analyze DOSSIER" in at.code[0].value


def test_people_page_from_the_url(app):
    app.query_params["who"] = ["Donald Trump", "Elon Musk"]
    app.run()
    app.switch_page("views/people.py").run()
    assert not app.exception
    shown = figures(app)
    voice = shown["Mentionné·e·s ou cité·e·s ? Articles qui les nomment et qui les citent"]["data"]
    assert voice[0]["y"] == ["Donald Trump", "Elon Musk"] and voice[0]["x"] == [3, 2]  # articles naming
    assert voice[1]["x"] == [1, 2]  # articles quoting
    coverage = shown["Couverture de Donald Trump et Elon Musk : articles par semaine"]["data"]
    assert [trace["name"] for trace in coverage] == ["Donald Trump", "Elon Musk"]
    co = shown["Qui apparaît avec Donald Trump et Elon Musk (articles en commun)"]["data"][0]
    assert set(co["y"]) == {"Joe Biden", "Kamala Harris"}
    quotes = app.dataframe[0].value
    assert set(quotes["speaker"]) == {"Donald Trump", "Elon Musk"} and len(quotes) == 3
    assert quotes["link"].str.startswith("articles?").all()
    assert len(app.dataframe[1].value) == 4  # their articles: a1, a2, a4, a5


def test_people_page_filters_and_quote_search(app):
    app.query_params["who"] = "Alain Berset"
    app.query_params["outlet"] = "Watson"
    app.run()
    app.switch_page("views/people.py").run()
    quotes = app.dataframe[0].value
    assert len(quotes) == 1  # only the Watson quote
    assert quotes["link"].tolist() == [f"articles?outlet=Watson&article={article_id('a6')}"]  # the filters kept
    assert quotes["kind"].tolist() == ["directe"] and "1 citation(s)" in [c.value for c in app.caption]
    app.text_input(key="qq").input("introuvable").run()
    assert "Aucune citation" in app.info[0].value


def test_people_page_without_pick_shows_top_people(app):
    app.run()
    app.switch_page("views/people.py").run()
    assert not app.exception
    voice = figures(app)["Mentionné·e·s ou cité·e·s ? Articles qui les nomment et qui les citent"]["data"]
    assert voice[0]["y"][:3] == ["Alain Berset", "Donald Trump", "Elon Musk"]
    assert "Choisissez au moins une personne" in app.info[0].value


def test_compare_two_outlets_side_by_side(app):
    app.query_params["cmp"] = "Deux médias"
    app.query_params["left-outlets"] = "Le Temps"
    app.query_params["right-outlets"] = "24 heures"
    app.run()
    app.switch_page("views/people.py").run()
    assert not app.exception
    subtitles = [spec["layout"]["title"]["subtitle"]["text"] for spec in
                 (decoded(json.loads(el.proto.spec)) for el in app.get("plotly_chart"))]
    assert any("média : Le Temps" in s for s in subtitles) and any("média : 24 heures" in s for s in subtitles)
    assert [m.value for m in app.metric if m.label == "Articles"] == ["2", "2"]


def test_interface_in_english(fixture_store, monkeypatch):
    monkeypatch.setenv("PRESSLENS_DB", str(fixture_store))
    monkeypatch.setenv("PRESSLENS_UI_LANGUAGE", "en")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["person"] = ["Donald Trump", "Elon Musk"]
    at.query_params["mode"] = "All"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview" and metric(at, "Articles") == "1"
    assert "Most mentioned people" in figures(at)
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception
