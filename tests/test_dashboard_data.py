"""SQL loaders on the fixture store: counts, aggregates, the drill-down, the ingest report."""
from __future__ import annotations

from datetime import date

import duckdb
import pytest
from dashboard_fixtures import XSS_SNIPPET, article_id, build_store, fixture_store  # noqa: F401
from reading_fixtures import old_store  # noqa: F401

from dashboard import data
from dashboard.filters import Filters


@pytest.fixture(params=["reading tables", "older store"])
def con(request, fixture_store, old_store):
    """Every query on the store's reading tables, and on a store without them (fallback views)."""
    path = fixture_store if request.param == "reading tables" else old_store
    with data.connect(path) as connection:
        assert data.q_reading_tables_fresh(connection) == (request.param == "reading tables")
        yield connection


def test_filter_options(con):
    options = data.q_filter_options(con)
    assert options.people[0] == "Donald Trump"  # most mentioned first; "Trump" merged by alias
    assert set(options.people) == {"Donald Trump", "Elon Musk", "Joe Biden", "Kamala Harris", "Alain Berset"}
    assert options.outlets == ("24 heures", "Le Temps", "Watson")
    assert options.sections == ("Economie", "International", "Suisse")
    assert (options.first, options.last) == (date(2024, 8, 13), date(2024, 10, 1))


def test_corpus_counts(con):
    assert data.q_corpus_counts(con, Filters()) == {
        "articles": 6, "outlets": 3, "people": 5, "mentions": 19, "quotes": 7,
        "first": date(2024, 8, 13), "last": date(2024, 10, 1), "corpus_articles": 6}
    counts = data.q_corpus_counts(con, Filters(people=("Joe Biden",)))
    assert (counts["articles"], counts["people"], counts["quotes"], counts["corpus_articles"]) == (1, 2, 1, 6)


def test_corpus_counts_when_nothing_matches(con):
    counts = data.q_corpus_counts(con, Filters(search="introuvable"))
    assert counts["articles"] == 0 and counts["mentions"] == 0 and counts["first"] is None


def test_articles_over_time(con):
    frame = data.q_articles_over_time(con, Filters(), "month")
    assert frame.groupby(frame["period"].astype(str))["articles"].sum().to_dict() == {
        "2024-08-01": 3, "2024-09-01": 2, "2024-10-01": 1}
    weekly = data.q_articles_over_time(con, Filters(outlets=("Watson",)), "week")
    assert weekly["articles"].tolist() == [1, 1] and set(weekly["outlet"]) == {"Watson"}


def test_unknown_period_is_refused(con):
    with pytest.raises(ValueError):
        data.q_articles_over_time(con, Filters(), "year'); DROP TABLE articles; --")


def test_top_people_mentioned(con):
    frame = data.q_top_people_mentioned(con, Filters(), limit=3)
    assert frame.to_dict("records")[0] == {"person": "Donald Trump", "mentions": 7, "articles": 3}
    assert len(frame) == 3


def test_top_people_quoted_with_share_of_voice(con):
    frame = data.q_top_people_quoted(con, Filters())
    assert frame["person"].tolist() == ["Alain Berset", "Elon Musk", "Donald Trump", "Joe Biden"]
    assert frame["quotes"].tolist() == [2, 2, 1, 1]
    assert frame["share"].sum() == pytest.approx(1.0)  # unattributed quotes are not in the denominator
    assert frame["share"].iloc[0] == pytest.approx(2 / 6)


def test_tone_over_time_is_pooled_per_1000_words(con):
    frame = data.q_tone_over_time(con, Filters(), "month")
    october = frame[frame["period"].astype(str) == "2024-10-01"].iloc[0]
    words = con.execute("SELECT value FROM metrics WHERE analyzer='tone' AND metric='words' AND article_id=?",
                        [article_id("a6")]).fetchone()[0]
    assert october["negative"] == pytest.approx(1000 / words) and october["positive"] == 0
    assert frame["articles"].tolist() == [3, 2, 1]


def test_readability_over_time_means(con):
    frame = data.q_readability_over_time(con, Filters(), "month")
    assert frame["kandel_moles"].round(2).tolist() == [61.67, 61.0, 70.0]
    assert frame["lix"].iloc[2] == pytest.approx(33.0)


def test_article_table(con):
    table = data.q_article_table(con, Filters(sections=("International",)))
    assert table["title"].tolist() == ["Kamala Harris face à Donald Trump", "Joe Biden répond à Trump",
                                       "Donald Trump et Elon Musk ont échangé sur X"]  # newest first
    first = table.iloc[2]
    assert (first["people"], first["quotes"]) == (2, 2) and first["kandel_moles"] == 55.0


def test_article_detail(con):
    detail = data.q_article_detail(con, article_id("a2"))
    assert detail.meta["title"] == "Joe Biden répond à Trump" and detail.meta["outlet"] == "Le Temps"
    assert set(detail.mentions["person"]) == {"Joe Biden", "Donald Trump"}  # alias resolved
    for row in detail.mentions.itertuples():  # offsets point at the stored text
        assert detail.text[row.start:row.end] == row.text
    quote = detail.quotes.iloc[0]
    assert (quote["speaker"], quote["kind"]) == ("Joe Biden", "speech")
    assert detail.text[quote["start"]:quote["end"]] == quote["text"]
    assert set(detail.tone_hits["category"]) == {"negative", "loaded"}
    assert set(detail.metrics["analyzer"]) == {"people", "quotes", "tone", "readability"}
    assert data.q_article_detail(con, "nope") is None


def test_article_detail_keeps_untrusted_text_verbatim(con):
    assert XSS_SNIPPET in data.q_article_detail(con, article_id("a6")).text


def test_ingest_report(con):
    assert data.q_ingest_totals(con) == {"files": 4, "articles": 6, "left_out": 2}
    summary = data.q_ingest_summary(con)
    assert summary.iloc[0].to_dict() == {"status": "article", "reason": "", "inputs": 6, "files": 3}
    assert set(data.q_rejections(con)["reason"]) == {"texte vide", "langue: en"}
    runs = data.q_runs(con)
    assert runs.iloc[0]["analysed"] == 6 and runs.iloc[0]["rejected"] == 2


def test_cached_loaders_follow_presslens_db(fixture_store, tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSLENS_DB", str(fixture_store))
    assert data.store_state() == (fixture_store.resolve(), 6)
    assert data.corpus_counts(Filters(outlets=("Watson",)))["articles"] == 2
    assert data.article_detail(article_id("a1")).meta["source_id"] == "a1"
    monkeypatch.setenv("PRESSLENS_DB", str(tmp_path / "absent.duckdb"))
    assert data.store_state()[1] is None


def test_cache_is_invalidated_when_the_store_changes(tmp_path, monkeypatch):
    from dashboard_fixtures import SPECS

    path = build_store(tmp_path / "s.duckdb", SPECS[:2])
    monkeypatch.setenv("PRESSLENS_DB", str(path))
    assert data.corpus_counts(Filters())["articles"] == 2
    before = data.store_stamp(path)
    build_store(path, SPECS)  # a re-analysis adds articles
    assert data.store_stamp(path) != before
    assert data.corpus_counts(Filters())["articles"] == 6


def test_empty_store_counts_zero(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with data.connect(path) as connection:
        assert data.q_article_count(connection) == 0


def test_filter_options_languages_and_speakers(con):
    options = data.q_filter_options(con)
    assert options.languages == ("fr", "de")  # most articles first
    assert options.speakers == ()  # every fixture speaker is also a named person


def test_people_voice_mentioned_against_quoted(con):
    voice = data.q_people_voice(con, Filters(), ("Donald Trump", "Elon Musk", "Personne Inconnue"))
    assert voice["person"].tolist() == ["Donald Trump", "Elon Musk", "Personne Inconnue"]  # order kept
    assert voice["mentions"].tolist() == [7, 4, 0] and voice["articles_mentioned"].tolist() == [3, 2, 0]
    assert voice["quotes"].tolist() == [1, 2, 0] and voice["articles_quoted"].tolist() == [1, 2, 0]
    assert voice["share"].tolist() == pytest.approx([1 / 6, 2 / 6, 0])


def test_people_coverage_and_co_mentions(con):
    coverage = data.q_people_coverage(con, Filters(), ("Donald Trump",), "month")
    assert coverage[["articles", "mentions"]].values.tolist() == [[2, 6], [1, 1]]
    co = data.q_co_mentions(con, Filters(), ("Donald Trump",))
    assert co["person"].tolist() == ["Elon Musk", "Joe Biden", "Kamala Harris"]
    assert co["articles"].tolist() == [1, 1, 1]
    assert data.q_co_mentions(con, Filters(outlets=("24 heures",)), ("Donald Trump",)).empty


def test_people_quotes_searchable(con):
    quotes = data.q_people_quotes(con, Filters(), ("Alain Berset",))
    assert quotes["text"].tolist() == ["«Rien de grave»", "«Les finances sont saines»"]  # newest first
    assert data.q_people_quotes(con, Filters(), ("Alain Berset",), "GRAVE")["text"].tolist() == ["«Rien de grave»"]
    assert data.q_people_quotes(con, Filters(), ("Alain Berset",), "%").empty  # literal


def test_people_quotes_newest_first_up_to_a_limit_with_their_count(con, fixture_store, monkeypatch):
    people = ("Alain Berset", "Elon Musk")
    everything = data.q_people_quotes(con, Filters(), people)
    assert data.q_people_quote_count(con, Filters(), people) == len(everything) == 4
    newest = data.q_people_quotes(con, Filters(), people, "", 2)
    assert newest["text"].tolist() == everything["text"].tolist()[:2] == ["«Rien de grave»", "«Une réussite»"]
    assert data.q_people_quote_count(con, Filters(), people, "RÉUSSITE") == 1
    monkeypatch.setenv("PRESSLENS_DB", str(fixture_store))
    csv = data.people_quotes_csv(Filters(), people).decode("utf-8")  # the download: every quote
    assert csv.splitlines()[0].startswith("speaker,text,kind") and len(csv.splitlines()) == 5


def test_metrics_by_group(con):
    groups = data.q_metrics_by_group(con, Filters(), "outlet")
    assert groups["group"].tolist() == ["24 heures", "Le Temps", "Watson"]
    assert groups.set_index("group").loc["Le Temps", "kandel_moles"] == pytest.approx(60.0)
    by_section = data.q_metrics_by_group(con, Filters(), "section")
    assert by_section.iloc[0]["group"] == "International" and by_section.iloc[0]["articles"] == 3
    with pytest.raises(ValueError):
        data.q_metrics_by_group(con, Filters(), "title; DROP TABLE articles")


def test_article_table_for_people_and_top_speakers(con):
    table = data.q_article_table(con, Filters(), people=("Elon Musk",))
    assert sorted(table["id"]) == sorted([article_id("a1"), article_id("a5")])
    top = data.q_top_speakers(con, Filters(), 3)
    # mentions + 3 x quotes: 10 each, then by name
    assert top["person"].tolist() == ["Alain Berset", "Donald Trump", "Elon Musk"]


def test_views_cached_before_an_analysis_are_served_while_it_holds_the_store(monkeypatch):
    """DuckDB refuses even read-only opens while `presslens analyze` writes: a view already
    cached for the previous version of the store is shown instead of an error."""
    import duckdb as _duckdb

    from dashboard import data as data_module

    stamps = iter([1.0, 2.0, 3.0])
    monkeypatch.setattr(data_module, "store_stamp",  # no snapshot beside it (an analysis with snapshot_seconds 0)
                        lambda path: 0.0 if path.name.endswith(".snapshot") else next(stamps))
    monkeypatch.setattr(data_module, "_last_readable", {})

    def cached(query, path, stamp, args):
        assert not path.endswith(".snapshot") or stamp == 0.0
        if stamp == 1.0:
            return "rows of version 1"
        raise _duckdb.IOException("Could not set lock on file")

    monkeypatch.setattr(data_module, "_cached", cached)
    assert data_module._load("article_count") == "rows of version 1"   # stamp 1: readable
    assert data_module._load("article_count") == "rows of version 1"   # stamp 2: locked, served from 1
    monkeypatch.setattr(data_module, "_last_readable", {})
    with pytest.raises(_duckdb.IOException):                            # nothing cached: the error stays
        data_module._load("article_count")
