"""Filters: URL round-trip, tolerant parsing, SQL on the fixture store, French description."""
from __future__ import annotations

from datetime import date

import duckdb
import pytest
from dashboard_fixtures import fixture_store  # noqa: F401 - pytest fixture

from dashboard.filters import Filters

FULL = Filters(date_from=date(2024, 8, 1), date_to=date(2024, 9, 30), people=("Donald Trump", "Elon Musk"),
               people_mode="all", outlets=("Le Temps",), sections=("International", "Suisse"),
               search="débat", article="abc123")


def test_round_trip_through_query_params():
    assert Filters.from_query_params(FULL.to_query_params()) == FULL


def test_query_params_names_and_lists():
    assert FULL.to_query_params() == {
        "from": "2024-08-01", "to": "2024-09-30", "person": ["Donald Trump", "Elon Musk"], "mode": "Toutes",
        "outlet": ["Le Temps"], "section": ["International", "Suisse"], "q": "débat", "article": "abc123"}


def test_mode_accepts_its_key_or_its_label():
    for mode in ("all", "Toutes"):
        assert Filters.from_query_params({"person": "A", "mode": mode}).people_mode == "all"


def test_empty_values_and_defaults_are_omitted():
    assert Filters().to_query_params() == {}
    assert Filters(people=("A",), people_mode="any").to_query_params() == {"person": ["A"]}
    assert Filters(people_mode="all").to_query_params() == {}  # a mode without people means nothing


def test_from_query_params_accepts_strings_and_drops_bad_values():
    filters = Filters.from_query_params({"from": "13.08.2024", "to": "2024-10-01", "person": "Joe Biden",
                                         "mode": "both", "outlet": ["", " Watson ", "Watson"], "q": "  "})
    assert filters == Filters(date_to=date(2024, 10, 1), people=("Joe Biden",), outlets=("Watson",))


def test_without_article_and_active():
    assert FULL.without_article().article is None
    assert not Filters(article="x").active
    assert Filters(search="x").active


def test_to_sql_without_filters_is_true():
    assert Filters().to_sql() == ("TRUE", [])
    assert Filters(article="x").to_sql() == ("TRUE", [])  # the open article restricts nothing


@pytest.mark.parametrize("filters, expected", [
    (Filters(), {"a1", "a2", "a3", "a4", "a5", "a6"}),
    (Filters(outlets=("Le Temps",)), {"a2", "a4"}),
    (Filters(sections=("Suisse", "Economie")), {"a3", "a5", "a6"}),
    (Filters(date_from=date(2024, 9, 2), date_to=date(2024, 9, 15)), {"a4", "a5"}),  # both ends inclusive
    (Filters(date_to=date(2024, 8, 13)), {"a1"}),
    (Filters(people=("Donald Trump", "Elon Musk")), {"a1", "a2", "a4", "a5"}),  # "Trump" in a2 is an alias
    (Filters(people=("Donald Trump", "Elon Musk"), people_mode="all"), {"a1"}),
    (Filters(search="HONTE"), {"a2"}),
    (Filters(search="%"), set()),  # typed wildcards are literal
    (Filters(outlets=("Watson",), people=("Alain Berset",)), {"a6"}),
])
def test_to_sql_selects_the_right_articles(fixture_store, filters, expected):
    condition, params = filters.to_sql()
    with duckdb.connect(str(fixture_store), read_only=True) as con:
        rows = con.execute(f"SELECT source_id FROM articles a WHERE {condition}", params).fetchall()
    assert {r[0] for r in rows} == expected


def test_describe_in_french():
    assert Filters().describe() == "Tout le corpus"
    assert FULL.describe() == ("Filtres : du 01.08.2024 au 30.09.2024 · personnes : Donald Trump et Elon Musk"
                               " · média : Le Temps · rubrique : International, Suisse · recherche « débat »")
    assert Filters(people=("A", "B")).describe() == "Filtres : personnes : A ou B"
    assert Filters(date_from=date(2024, 1, 2)).describe() == "Filtres : depuis le 02.01.2024"


def test_language_filter_round_trips_and_selects():
    filters = Filters(languages=("de",), people=("A",), people_mode="all")
    assert filters.to_query_params() == {"lang": ["de"], "person": ["A"], "mode": "Toutes"}
    assert Filters.from_query_params(filters.to_query_params()) == filters
    assert Filters.from_query_params({"person": "A", "mode": "All"}).people_mode == "all"  # an English link
    assert filters.describe() == "Filtres : personne : A · langue : de"


def test_language_filter_sql(fixture_store):
    condition, params = Filters(languages=("de",)).to_sql()
    with duckdb.connect(str(fixture_store), read_only=True) as con:
        rows = con.execute(f"SELECT source_id FROM articles a WHERE {condition}", params).fetchall()
    assert rows == [("a5",)]


def test_describe_in_english(monkeypatch):
    monkeypatch.setenv("PRESSLENS_UI_LANGUAGE", "en")
    assert FULL.describe() == ("Filters: 01.08.2024 to 30.09.2024 · people: Donald Trump and Elon Musk"
                               " · outlet: Le Temps · section: International, Suisse · search “débat”")
