"""The DuckDB store on a real file: round trips, versions, the export format."""
from dataclasses import replace

import pytest

from analysis.models import AnalyzerResult, Article, Segment
from analysis.store import Store, StoreError

VERSIONS = {"people": "1", "quotes": "1"}


def make_article(body: str = "Donald Trump a parlé. Trump a dit «bonjour».", **kw) -> Article:
    title = kw.pop("title", "Un titre")
    text = f"{title}\n\n{body}"
    segments = (Segment("title", 0, len(title)), Segment("body", len(title) + 2, len(text)))
    return Article(source_path=kw.pop("source_path", "/tmp/a.txt"), source_id=kw.pop("source_id", "a"),
                   title=title, text=text, segments=segments, **kw)


def results_for(article: Article) -> dict[str, AnalyzerResult]:
    start = article.text.index("bonjour")
    return {
        "people": AnalyzerResult(
            metrics={"count": 1, "mentions": 2},
            tables={"people": [{"name": "Donald Trump", "mentions": 2, "first_start": 11,
                                "first_segment": "body"}]}),
        "quotes": AnalyzerResult(
            metrics={"count": 1},
            tables={"quotes": [{"text": "bonjour", "kind": "speech", "speaker": "Donald Trump",
                                "speaker_type": "person", "start": start, "end": start + 7,
                                "cue": "dire"}]}),
    }


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        yield s


def test_article_round_trips_with_segments_and_dates(store):
    article = make_article(published="2024-08-13T08:40:00", sections=("International", "Etats-Unis"),
                           outlet="watson", authors=("A. B.",))
    store.save_batch(1, "fr_core_news_sm-3.8.0", VERSIONS, [(article, results_for(article))])
    back = store.get_article(article.id)
    assert back == article
    assert back.text[back.segments[1].start:back.segments[1].end].startswith("Donald Trump")


def test_saving_again_replaces_results_instead_of_duplicating(store):
    article = make_article()
    for _ in range(2):
        store.save_batch(1, "m", VERSIONS, [(article, results_for(article))])
    assert store.count_articles() == 1
    assert store.query("SELECT COUNT(*) AS n FROM quotes")["n"][0] == 1
    assert store.query("SELECT COUNT(*) AS n FROM metrics")["n"][0] == 3


def test_results_of_another_model_or_version_are_stale(store):
    article = make_article()
    store.save_batch(1, "m", VERSIONS, [(article, results_for(article))])
    assert store.current_ids("m", VERSIONS) == {article.id}
    assert store.stale_articles("m", VERSIONS) == []
    newer = {**VERSIONS, "quotes": "2"}
    assert store.current_ids("m", newer) == set()
    assert [a.id for a in store.stale_articles("m", newer)] == [article.id]
    assert [a.id for a in store.stale_articles("other-model", VERSIONS)] == [article.id]


def test_export_record_uses_corpus_names_and_the_public_fields(store):
    article = make_article()
    results = results_for(article)
    results["people"].tables["people"][0]["name"] = "Trump"
    store.save_batch(1, "m", VERSIONS, [(article, results)])
    store.set_person_aliases({"Trump": "Donald Trump"})
    record = store.export_record(article.id)
    for key in ("id", "source_path", "source_id", "title", "published", "section", "outlet",
                "authors", "language", "text", "people", "quotes"):
        assert key in record
    assert record["people"] == [{"name": "Donald Trump", "mentions": 2}]
    quote = record["quotes"][0]
    assert record["text"][quote["start"]:quote["end"]] == quote["text"] == "bonjour"
    assert quote["speaker"] == "Donald Trump"
    assert record["quotes"][0]["kind"] == "speech"


def test_unknown_result_table_is_an_error_not_a_silent_drop(store):
    article = make_article()
    bad = {"x": AnalyzerResult(tables={"nope": [{"a": 1}]})}
    with pytest.raises(ValueError, match="unknown table"):
        store.save_batch(1, "m", VERSIONS, [(article, bad)])
    assert store.count_articles() == 0  # the transaction was rolled back


def test_orphans_are_removed_when_no_source_yields_them(store):
    article = make_article()
    store.save_batch(1, "m", VERSIONS, [(article, results_for(article))])
    store.record_file("/tmp/a.txt", 1, [("article", "a", article.id, None)])
    assert store.remove_orphans() == 0
    store.record_file("/tmp/a.txt", 2, [("rejected", None, None, "empty file")])
    assert store.remove_orphans() == 1
    assert store.count_articles() == 0
    assert store.rejections() == [("/tmp/a.txt", None, "rejected", "empty file")]


def test_opening_a_missing_store_read_only_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="presslens analyze"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_export_puts_each_analyzers_metrics_in_its_own_object(store):
    article = make_article()
    results = results_for(article)
    results["tone"] = AnalyzerResult(metrics={"positive": 2, "net": -1.5, "words": 8})
    store.save_batch(1, "m", VERSIONS, [(article, results)])
    record = store.export_record(article.id)
    assert record["tone"] == {"net": -1.5, "positive": 2, "words": 8}
    assert isinstance(record["tone"]["positive"], int)
    assert record["people_metrics"] == {"count": 1, "mentions": 2}
    assert isinstance(record["people"], list)


def test_people_report_counts_mentions_quotes_and_words_quoted(store):
    article = make_article()
    store.save_batch(1, "m", VERSIONS, [(article, results_for(article))])
    report = store.people_report()
    assert report.to_dict("records") == [
        {"person": "Donald Trump", "articles": 1, "mentions": 2, "quotes": 1, "words_quoted": 1}]


def test_a_batch_stores_every_value_as_given(store):
    """The bulk insert (one list per column) keeps each value, its type and its row: dates with
    and without time, empty and filled lists, missing metrics and table cells, floats exactly."""
    first = make_article(published="2024-08-13T08:40:00", updated="2024-08-14", sections=("Monde",),
                         authors=("A. B.", "C. D."))
    second = make_article(body="Autre texte, «salut».", title="Autre", source_id="b")
    hits = [{"start": 0, "end": 3, "text": "Un", "lemma": "un", "category": "loaded",
             "negated": True, "weight": 1 / 3}, {"start": 4, "end": 9, "text": "titre"}]
    batch = [(first, {"tone": AnalyzerResult(metrics={"net": 0.1 + 0.2, "words": 7},
                                             tables={"tone_hits": hits})}),
             (second, {"tone": AnalyzerResult(metrics={"net": None, "words": 0})})]
    store.save_batch(1, "m", VERSIONS, batch)
    assert [store.get_article(a.id) for a in (first, second)] == [
        replace(first, updated="2024-08-14T00:00:00"), second]  # a date alone is midnight
    rows = store.con.execute('SELECT article_id, start, "end", text, lemma, category, negated, weight '
                             "FROM tone_hits ORDER BY start").fetchall()
    assert rows == [(first.id, 0, 3, "Un", "un", "loaded", True, 1 / 3),
                    (first.id, 4, 9, "titre", None, None, None, None)]
    metrics = store.con.execute("SELECT article_id, metric, value FROM metrics").fetchall()
    assert sorted(metrics, key=str) == sorted([(first.id, "net", 0.1 + 0.2), (first.id, "words", 7.0),
                                               (second.id, "net", None), (second.id, "words", 0.0)], key=str)
    published = store.con.execute("SELECT published, updated FROM articles WHERE id = ?", [first.id]).fetchone()
    assert [d.isoformat() for d in published] == ["2024-08-13T08:40:00", "2024-08-14T00:00:00"]


def test_saving_a_batch_replaces_only_the_articles_it_holds(store):
    kept, redone = make_article(source_id="k", title="Gardé"), make_article(source_id="r", title="Refait")
    store.save_batch(1, "m", VERSIONS, [(kept, results_for(kept)), (redone, results_for(redone))])
    store.save_batch(2, "m", VERSIONS, [(redone, results_for(redone))])
    rows = store.con.execute("SELECT article_id, COUNT(*) FROM quotes GROUP BY ALL ORDER BY ALL").fetchall()
    assert rows == sorted([(kept.id, 1), (redone.id, 1)])
    runs = dict(store.con.execute("SELECT id, run_id FROM articles").fetchall())
    assert runs == {kept.id: 1, redone.id: 2}


def test_sources_are_recorded_in_bulk_and_replaced_per_file(store):
    items = [("article", f"line {i}", f"id{i}", None) for i in range(1, 501)] + [
        ("rejected", "line 501", None, "no text")]
    store.record_file("/in/a.jsonl", 1, items)
    store.record_file("/in/a.jsonl", 2, items[:2])
    assert store.rejections() == []
    assert store.articles_from("/in/a.jsonl") == {"id1", "id2"}
    store.record_file("/in/a.jsonl", 3, items)
    assert store.rejections() == [("/in/a.jsonl", "line 501", "rejected", "no text")]
    assert len(store.articles_from("/in/a.jsonl")) == 500
