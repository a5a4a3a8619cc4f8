"""The reading tables (analysis/reading.py): written at the end of every run, kept in step with
re-analysed, deleted and re-aliased articles, and their word index finds exactly the articles whose
title or text contains the searched string. A store without them still opens, says it is slow."""
from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dashboard_fixtures import (  # noqa: F401
    ANALYZERS,
    MODEL,
    SPECS,
    article_of,
    build_store,
    fixture_store,
    results_of,
)
from reading_fixtures import old_store  # noqa: F401
from streamlit.testing.v1 import AppTest

from analysis import reading
from analysis.store import Store
from dashboard import data
from dashboard.filters import Filters

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def reference_ids(con: duckdb.DuckDBPyConnection, search: str) -> set[str]:
    """What the search must find: Filters' own SQL, lower() + contains() on every title and text."""
    condition, params = Filters(search=search).to_sql()
    return {r[0] for r in con.execute(f"SELECT a.id FROM articles a WHERE {condition}", params).fetchall()}


def found_ids(con: duckdb.DuckDBPyConnection, search: str) -> set[str]:
    keys = data.q_search_keys(con, search)
    assert keys.num_rows == len(set(keys.column("k").to_pylist())), f"{search}: a key found twice"
    data._register(con, "found", keys)
    return {r[0] for r in con.execute("SELECT id FROM reading_articles WHERE k IN (SELECT k FROM found)").fetchall()}


def consistent(con: duckdb.DuckDBPyConnection) -> None:
    """Every article has one key, and nothing in the tables points at a key that is gone."""
    assert con.execute("SELECT COUNT(*), COUNT(DISTINCT k), COUNT(DISTINCT id) FROM reading_articles").fetchone() == \
        (con.execute("SELECT COUNT(*) FROM articles").fetchone()[0],) * 3
    for table in ("reading_people", "reading_speakers", "reading_postings"):
        orphans = con.execute(f"SELECT COUNT(*) FROM {table} WHERE k NOT IN (SELECT k FROM reading_articles)")
        assert orphans.fetchone()[0] == 0, table


def test_a_run_leaves_reading_tables_that_add_up_to_the_stores_rows(fixture_store):
    with data.connect(fixture_store) as con:
        assert data.q_reading_tables_fresh(con)
        consistent(con)
        assert con.execute("SELECT SUM(mentions) FROM reading_people").fetchone() == \
            con.execute("SELECT SUM(mentions) FROM people").fetchone()
        assert con.execute("SELECT SUM(quotes) FROM reading_speakers").fetchone()[0] == \
            con.execute("SELECT COUNT(*) FROM quotes WHERE speaker IS NOT NULL").fetchone()[0] == 6
        # the whole corpus' per-person totals: the summary of every article's key
        every = data.q_filtered_keys(con, Filters())
        totals = data.q_people_summary(con, Filters()).to_pandas().sort_values("person", ignore_index=True)
        summed = data.q_people_summary(con, Filters(), keys=every).to_pandas().sort_values("person", ignore_index=True)
        pd.testing.assert_frame_equal(totals, summed)
        assert len(totals) == 5 and totals["mentions"].sum() == 19  # five people, Trump under his full name
        # "Trump" is an alias of "Donald Trump": one person, three articles
        assert con.execute("SELECT COUNT(*) FROM reading_people WHERE person = 'Donald Trump'").fetchone()[0] == 3
        assert con.execute("SELECT COUNT(*) FROM reading_people WHERE person = 'Trump'").fetchone()[0] == 0


def _queries(texts: list[str], n: int, seed: int = 5) -> list[str]:
    """Substrings of the texts at random places and lengths (with spaces, punctuation, accents,
    half words), changed in case now and then, and a few strings found nowhere."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        piece = text[start:start + rng.randint(1, 14)].strip()
        out.append(piece.upper() if rng.random() < 0.2 else piece)
    return [q for q in out if q] + ["introuvable", "zz top", "«", "x]", "l'é", "100 %"]


@pytest.mark.parametrize("wide", [data.WIDE_WORD_TERMS, 2, 0], ids=["default", "wide words read", "no index"])
def test_the_word_index_finds_exactly_what_the_texts_contain(fixture_store, monkeypatch, wide):
    """With the default, with words contained in more than two index words checked on the texts
    (as "e" or "l" are on a large corpus), and with every word so (the texts read)."""
    monkeypatch.setattr(data, "WIDE_WORD_TERMS", wide)
    with data.connect(fixture_store) as con:
        texts = [r for row in con.execute("SELECT title, text FROM articles").fetchall() for r in row]
        for search in _queries(texts, 300):
            assert found_ids(con, search) == reference_ids(con, search), search


def test_searches_answered_from_the_index_alone_or_checked_on_the_texts(fixture_store):
    with data.connect(fixture_store) as con:
        assert data.q_search_words(con, "TRUMP") == (["trump"], True)  # one word: the index answers
        assert data.q_search_words(con, "face à") == (["face", "à"], False)  # checked on the candidates
        assert data.q_search_words(con, "«Rien") == (["rien"], False)
        assert data.q_search_words(con, "%") == ([], False)  # no word: every text is read
        assert len(found_ids(con, "Musk")) == 2 and found_ids(con, "usk a") == found_ids(con, "Musk a")


def _write(store: Store, specs) -> None:
    run_id = store.begin_run(MODEL, ANALYZERS, ["corpus"])
    store.save_batch(run_id, MODEL, ANALYZERS, [(article_of(s), results_of(s)) for s in specs])
    store.finish_run(run_id, analysed=len(specs), unchanged=0, rejected=0)


def test_re_analysed_deleted_and_re_aliased_articles_are_followed(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        _write(store, SPECS[:4])
        first_keys = dict(store.con.execute("SELECT id, k FROM reading_articles").fetchall())
        # an unfinished run (killed): the tables no longer match, readers know it
        run_id = store.begin_run(MODEL, ANALYZERS, ["corpus"])
        store.save_batch(run_id, MODEL, ANALYZERS, [(article_of(SPECS[0]), results_of(SPECS[0]))])
        assert not reading.is_fresh(store.con)
        # the next run completes: one article re-analysed, one deleted, two added, an alias changed
        store.delete_articles([article_of(SPECS[1]).id])
        store.set_person_aliases({"Trump": "Donald Trump", "Musk": "Elon Musk", "Kamala Harris": "K. Harris"})
        _write(store, SPECS[4:])
        assert reading.is_fresh(store.con)
        keys = dict(store.con.execute("SELECT id, k FROM reading_articles").fetchall())
        consistent(store.con)
    assert keys[article_of(SPECS[0]).id] != first_keys[article_of(SPECS[0]).id]  # re-analysed: new key
    assert article_of(SPECS[1]).id not in keys
    assert keys[article_of(SPECS[2]).id] == first_keys[article_of(SPECS[2]).id]  # untouched: same key
    with data.connect(path) as con:
        assert data.q_reading_tables_fresh(con)
        for search in ("Biden", "trump", "Elon Musk", "honte", "réussite", "grave»"):
            assert found_ids(con, search) == reference_ids(con, search), search
        people = data.q_filter_options(con).people
        assert "K. Harris" in people and "Kamala Harris" not in people
        assert "Joe Biden" not in people  # only named in the deleted article


def test_an_older_store_gives_the_same_figures_and_says_why_it_is_slow(fixture_store, old_store, monkeypatch):
    for path, slow in ((fixture_store, False), (old_store, True)):
        monkeypatch.setenv("PRESSLENS_DB", str(path))
        data.clear_cache()
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["q"] = "trump"
        at.run()
        assert not at.exception
        notices = [i.value for i in at.info if "presslens analyze" in i.value]
        assert bool(notices) == slow
        assert [m.value for m in at.metric][:3] == ["3", "2", "4"]  # articles, outlets, people
    data.clear_cache()


def test_finishing_a_run_on_an_older_store_builds_its_reading_tables(old_store, tmp_path):
    path = tmp_path / "old.duckdb"
    path.write_bytes(old_store.read_bytes())
    with Store(path) as store:  # what `presslens analyze` on the same files does: nothing new, then the end
        run_id = store.begin_run(MODEL, ANALYZERS, ["corpus"])
        store.finish_run(run_id, analysed=0, unchanged=6, rejected=0)
    with data.connect(path) as con:
        assert data.q_reading_tables_fresh(con)
        consistent(con)


def test_words_indexed_a_few_articles_at_a_time_give_the_same_index(fixture_store, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "WORDS_CHUNK", 2)  # 6 articles: three rounds
    path = build_store(tmp_path / "chunked.duckdb")
    index = ("SELECT a.id, t.term FROM reading_postings p JOIN reading_terms t USING (term_id) "
             "JOIN reading_articles a USING (k) ORDER BY 1, 2")
    with data.connect(path) as chunked, data.connect(fixture_store) as whole:
        assert chunked.execute(index).fetchall() == whole.execute(index).fetchall()
        assert chunked.execute("SELECT COUNT(*) FROM reading_terms").fetchone() == \
            whole.execute("SELECT COUNT(DISTINCT term) FROM reading_terms").fetchone()


def test_tables_of_another_layout_are_rebuilt(tmp_path):
    path = build_store(tmp_path / "s.duckdb", SPECS[:3])
    with Store(path) as store:
        store.con.execute("UPDATE meta SET value = '0:' || value WHERE key = 'reading_tables'")  # an older layout
        store.con.execute("DELETE FROM reading_postings")  # which this presslens would not read right
        assert not reading.is_fresh(store.con)
        run_id = store.begin_run(MODEL, ANALYZERS, ["corpus"])
        store.finish_run(run_id, analysed=0, unchanged=3, rejected=0)
        assert reading.is_fresh(store.con)
    with data.connect(path) as con:
        assert found_ids(con, "Biden") == reference_ids(con, "Biden") != set()


# ------------------------------------------------------------------ repeated quotes
@pytest.mark.slow
def test_a_title_repeating_a_body_quote_is_counted_once_everywhere(tmp_path):
    """The title quotes words of the body: the article counts 2 quotes, its speaker 2 (not 3), and
    the person's quote list holds the 2 distinct quotations; the drill-down still shows all 3."""
    import json

    from analysis.pipeline import run_analysis
    from analysis.settings import Settings

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({
        "id": "n1", "title": "Nucléaire : une « filière d'avenir » pour Paul Leroy", "date": "2024-05-02",
        "text": ("Le ministre Paul Leroy a déclaré dimanche que « le nucléaire est une filière d'avenir ». "
                 "Il a ajouté : « Nous garderons nos centrales. »")}, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    run_analysis([corpus], Settings(db=db, workers=1))
    with data.connect(db) as con:
        assert con.execute("SELECT quotes FROM reading_articles").fetchone()[0] == 2
        totals = con.execute("SELECT quotes FROM reading_person_totals WHERE person = 'Paul Leroy'").fetchone()
        assert totals == (2,)
        listed = data.q_people_quotes(con, Filters(), ("Paul Leroy",), "")
        assert sorted(listed["text"]) == ["Nous garderons nos centrales.", "le nucléaire est une filière d'avenir"]
        [article_id] = con.execute("SELECT id FROM articles").fetchone()
        detail = data.q_article_detail(con, article_id)
        assert detail.quotes["is_repeat"].tolist() == [True, False, False]
    with Store(db, read_only=True) as store:  # `presslens people`
        report = store.people_report().set_index("person")
        assert report.loc["Paul Leroy", "quotes"] == 2


def test_a_store_made_before_the_repeat_flag_and_attribution_opens_in_the_dashboard_and_exports(old_store, tmp_path, monkeypatch, capsys):
    import shutil

    from analysis.cli import main

    db = tmp_path / "older.duckdb"
    shutil.copyfile(old_store, db)
    con = duckdb.connect(str(db))
    con.execute("DROP VIEW quotes_corpus")
    con.execute("ALTER TABLE quotes DROP COLUMN is_repeat")
    con.execute("ALTER TABLE quotes DROP COLUMN attribution")
    con.execute("CREATE VIEW quotes_corpus AS SELECT q.*, COALESCE(a.canonical, q.speaker) AS speaker_person "
                "FROM quotes q LEFT JOIN person_aliases a ON a.alias = q.speaker")
    con.close()
    monkeypatch.setenv("PRESSLENS_DB", str(db))
    for page in ("views/overview.py", "views/people.py", "views/articles.py"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.switch_page(page).run()
        assert not at.exception, page
    with data.connect(db) as con:
        assert con.execute("SELECT SUM(quotes) FROM reading_articles").fetchone()[0] == con.execute(
            "SELECT COUNT(*) FROM main.quotes").fetchone()[0]
    assert main(["export", "--db", str(db)]) == 0
    exported = capsys.readouterr().out
    assert '"repeat": false' in exported and '"attribution": null' in exported
    with data.connect(db) as con:  # the drill-down reads the column the older store lacks
        [article_id] = con.execute("SELECT id FROM articles LIMIT 1").fetchone()
        assert data.q_article_detail(con, article_id).quotes["attribution"].isna().all()
