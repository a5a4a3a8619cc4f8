"""The DuckDB store on a real file: round trips, versions, the export format."""
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
