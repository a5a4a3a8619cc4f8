"""What makes the dashboard fast at 100k articles keeps its results identical: the reading tables
(against the same tables computed on the fly from a store without them), the filtered keys computed
once and reused, the indexed and the regular-expression text search, one connection per script
run, and bench/scale_store.py's replicated stores."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dashboard_fixtures import fixture_store  # noqa: F401
from reading_fixtures import old_store  # noqa: F401

from dashboard import data
from dashboard.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

FILTERS = [
    Filters(),
    Filters(people=("Donald Trump",)),
    Filters(people=("Donald Trump", "Elon Musk"), people_mode="all"),
    Filters(search="trump"),
    Filters(search="HONTE", outlets=("Watson", "Le Temps")),
    Filters(search="%"),
    Filters(date_from=date(2024, 9, 1), people=("Alain Berset",)),
    Filters(languages=("de",), search="e"),
]
PEOPLE = ("Donald Trump", "Elon Musk")
# every query that takes filters, with its other arguments
QUERIES = [
    ("corpus_counts", ()), ("articles_over_time", ("week",)), ("top_people_mentioned", (15,)),
    ("top_people_quoted", (15,)), ("tone_over_time", ("month",)), ("readability_over_time", ("day",)),
    ("metrics_by_group", ("outlet",)), ("metrics_by_group", ("section",)), ("people_voice", (PEOPLE,)),
    ("people_coverage", (PEOPLE, "week")), ("co_mentions", (PEOPLE,)), ("people_quotes", (PEOPLE,)),
    ("people_quotes", (PEOPLE, "grave")), ("people_quotes", (PEOPLE, "", 1)), ("people_quote_count", (PEOPLE,)),
    ("top_speakers", (40,)), ("article_table", ()), ("article_table", (2000, PEOPLE)), ("article_table", (2,)),
]


@pytest.fixture
def con(fixture_store):
    with data.connect(fixture_store) as connection:
        yield connection


@pytest.fixture
def old(old_store):
    """The same store without reading tables: the dashboard computes them on the fly."""
    with data.connect(old_store) as connection:
        yield connection


def ids_of(con, keys) -> set[str]:
    data._register(con, "some_keys", keys)
    return {r[0] for r in con.execute("SELECT id FROM reading_articles WHERE k IN (SELECT k FROM some_keys)").fetchall()}


def same(left, right) -> None:
    if isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))
    else:
        assert left == right


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_queries_on_precomputed_keys_equal_the_filters(con, old, filters):
    keys = data.q_filtered_keys(con, filters)
    condition, params = filters.to_sql()  # the reference: Filters' own SQL (lower() + contains())
    expected = {r[0] for r in con.execute(f"SELECT a.id FROM articles a WHERE {condition}", params).fetchall()}
    assert ids_of(con, keys) == expected
    assert ids_of(old, data.q_filtered_keys(old, filters)) == expected
    summary = data.q_people_summary(con, filters, keys=keys)
    for name, args in QUERIES:
        query = data.QUERIES[name]
        plain = query(con, filters, *args)
        same(query(old, filters, *args), plain)  # the store's own tables give the same numbers
        same(query(con, filters, *args, keys=keys), plain)
        if name in data.USES_SUMMARY:
            same(query(con, filters, *args, keys=keys, summary=summary), plain)


@pytest.mark.parametrize("word", ["trump", "TRUMP", "Économie", "économie", "face à", "%", "_", "a.b", "(", "\\",
                                  "«Rien", "l'", "x]", "^", "$", "*", "?", "{2}", "|", "-", "\t"])
def test_search_pattern_matches_like_lower_contains(con, word):
    """RE2 (?i) on the escaped word finds exactly what contains(lower(.), lower(word)) finds."""
    texts = ["Donald Trump", "L'ÉCONOMIE suisse", "face à face", "100 % sûr", "a_b a.b", "(x) \\ y",
             "«Rien de grave»", "x] ^ $ * ? {2} | -", "tab\there", "aucun", "ÉCONOMIE", "économie"]
    pattern = data.search_pattern(word)
    for text in texts:
        fast = con.execute("SELECT regexp_matches(?, ?)", [text, pattern]).fetchone()[0]
        reference = con.execute("SELECT contains(lower(?), ?)", [text, word.lower()]).fetchone()[0]
        assert fast == reference, (word, text)


def test_filtered_keys_reuse_the_search(con):
    searched = data.q_filtered_keys(con, Filters(search="trump"))
    narrowed = Filters(search="trump", people=("Elon Musk",))
    reused = data.q_filtered_keys(con, narrowed, searched).column("k").to_pylist()
    assert reused == data.q_filtered_keys(con, narrowed).column("k").to_pylist()
    assert len(reused) == 1


def test_loaders_share_one_connection_per_run_and_free_the_file(fixture_store, monkeypatch):
    monkeypatch.setenv("PRESSLENS_DB", str(fixture_store))
    data.clear_cache()
    opened = []
    real = duckdb.connect

    def counting(*args, **kwargs):
        opened.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(data.duckdb, "connect", counting)
    with data.run_scope():
        data.corpus_counts(Filters(search="trump"))
        data.top_people_mentioned(Filters(search="trump"))
        data.article_table(Filters(people=("Elon Musk",)))
        data.filter_options()
    assert len(opened) == 1
    real(str(fixture_store)).close()  # a writer can open the file once the run is over
    data.clear_cache()


def test_release_connection_lets_this_process_write(fixture_store, monkeypatch):
    monkeypatch.setenv("PRESSLENS_DB", str(fixture_store))
    data.clear_cache()
    with data.run_scope():
        data.corpus_counts(Filters())
        data.release_connection()  # as the Corpus page does before analysing uploads
        duckdb.connect(str(fixture_store)).close()
        assert data.filter_options().people[0] == "Donald Trump"  # reopened on the next miss
    data.clear_cache()


def test_scale_store_replicates_every_table_consistently(fixture_store, tmp_path):
    import scale_store

    base = duckdb.connect(str(fixture_store), read_only=True)
    base_counts = {t: base.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                   for t in ("articles", "metrics", "people", "mentions", "quotes", "tone_hits")}
    base_voice = data.q_people_voice(base, Filters(), ("Donald Trump",))
    base.close()
    out = tmp_path / "scaled.duckdb"
    counts = scale_store.scale(fixture_store, 15, out, quiet=True)  # 6 articles -> 2.5 copies
    assert counts["articles"] == 15
    for table in ("metrics", "people", "mentions", "quotes", "tone_hits"):
        assert base_counts[table] * 2 <= counts[table] <= base_counts[table] * 3
    with data.connect(out) as con:
        for table in ("metrics", "people", "mentions", "quotes", "tone_hits", "sources"):
            orphans = con.execute(f'SELECT COUNT(*) FROM "{table}" WHERE article_id IS NOT NULL '
                                  "AND article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
            assert orphans == 0, table
        assert con.execute("SELECT COUNT(DISTINCT id) FROM articles").fetchone()[0] == 15
        assert data.q_reading_tables_fresh(con)  # built as the end of an analysis run builds them
        found = ids_of(con, data.q_filtered_keys(con, Filters(search="Trump")))
        assert found == {r[0] for r in con.execute("SELECT id FROM articles WHERE contains(lower(text), 'trump') "
                                                   "OR contains(lower(title), 'trump')").fetchall()}
        assert len(found) >= 6
        # offsets still point at the stored text
        bad = con.execute("""SELECT COUNT(*) FROM mentions m JOIN articles a ON a.id = m.article_id
                             WHERE substr(a.text, m.start + 1, m."end" - m.start) <> m.text""").fetchone()[0]
        assert bad == 0
        # a person named in several base articles keeps their name: counts scale with the copies
        voice = data.q_people_voice(con, Filters(), ("Donald Trump",))
        assert 2 * base_voice["mentions"][0] <= voice["mentions"][0] <= 3 * base_voice["mentions"][0]
        assert data.q_corpus_counts(con, Filters())["articles"] == 15


# The tone, readability and list queries as they were written on the metric rows (before the
# per-article pivot): the pivot must give the same numbers.
REFERENCE = {
    "tone_over_time": """SELECT date_trunc('month', s.published)::DATE AS period,
        1000.0 * SUM(m.value) FILTER (WHERE m.metric = 'positive') / NULLIF(SUM(m.value) FILTER (WHERE m.metric = 'words'), 0) AS positive,
        1000.0 * SUM(m.value) FILTER (WHERE m.metric = 'negative') / NULLIF(SUM(m.value) FILTER (WHERE m.metric = 'words'), 0) AS negative,
        1000.0 * SUM(m.value) FILTER (WHERE m.metric = 'loaded') / NULLIF(SUM(m.value) FILTER (WHERE m.metric = 'words'), 0) AS loaded,
        COUNT(DISTINCT s.id) AS articles
        FROM articles s JOIN metrics m ON m.article_id = s.id AND m.analyzer = 'tone'
        WHERE s.published IS NOT NULL GROUP BY period ORDER BY period""",
    "readability_over_time": """SELECT date_trunc('month', s.published)::DATE AS period,
        AVG(m.value) FILTER (WHERE m.metric = 'kandel_moles') AS kandel_moles,
        AVG(m.value) FILTER (WHERE m.metric = 'lix') AS lix,
        AVG(m.value) FILTER (WHERE m.metric = 'words_per_sentence') AS words_per_sentence,
        COUNT(DISTINCT s.id) AS articles
        FROM articles s JOIN metrics m ON m.article_id = s.id AND m.analyzer = 'readability'
        WHERE s.published IS NOT NULL GROUP BY period ORDER BY period""",
    "metrics_by_group": """SELECT COALESCE(s.outlet, '?') AS "group", COUNT(DISTINCT s.id) AS articles,
        1000.0 * SUM(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = 'positive') / NULLIF(SUM(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = 'words'), 0) AS positive,
        1000.0 * SUM(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = 'negative') / NULLIF(SUM(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = 'words'), 0) AS negative,
        1000.0 * SUM(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = 'loaded') / NULLIF(SUM(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = 'words'), 0) AS loaded,
        AVG(m.value) FILTER (WHERE m.analyzer = 'readability' AND m.metric = 'kandel_moles') AS kandel_moles,
        AVG(m.value) FILTER (WHERE m.analyzer = 'readability' AND m.metric = 'lix') AS lix
        FROM articles s JOIN metrics m ON m.article_id = s.id GROUP BY 1 ORDER BY articles DESC, 1""",
    "article_table": """SELECT s.id, s.published, s.outlet, s.section, s.title,
        MAX(m.value) FILTER (WHERE m.analyzer = 'people' AND m.metric = 'count')::INTEGER AS people,
        MAX(m.value) FILTER (WHERE m.analyzer = 'quotes' AND m.metric = 'count')::INTEGER AS quotes,
        MAX(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = 'net') AS tone_net,
        MAX(m.value) FILTER (WHERE m.analyzer = 'readability' AND m.metric = 'kandel_moles') AS kandel_moles,
        MAX(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = 'words')::INTEGER AS words
        FROM articles s LEFT JOIN metrics m ON m.article_id = s.id
        GROUP BY s.id, s.published, s.outlet, s.section, s.title
        ORDER BY s.published DESC NULLS LAST, s.title, s.id""",
}
ARGS = {"tone_over_time": ("month",), "readability_over_time": ("month",), "metrics_by_group": ("outlet",),
        "article_table": ()}


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_metric_pivot_gives_the_numbers_of_the_metric_rows(con, old, name):
    reference = con.execute(REFERENCE[name]).df()
    query = data.QUERIES[name]
    same(query(con, Filters(), *ARGS[name]), reference)
    same(query(old, Filters(), *ARGS[name]), reference)
