"""The only dashboard module that talks to the store.

Two layers: pure query functions `q_*(con, ...)` that take a DuckDB connection opened by `connect`
and return pandas objects (tested directly on a fixture store), and cached loaders of the same name
without the prefix, keyed by (store path, store modification time, arguments), so a re-analysed
store is re-read and an unchanged one is never queried twice for the same view. Aggregates are
computed in SQL (GROUP BY, LIMIT in DuckDB); pages receive small frames, and no list view reads
article texts.

Fast at any size (issue 5; bench/bench_dashboard.py measures it on 1k to 100k articles):
* the queries read the store's reading tables (analysis/reading.py, written at the end of every
  analysis run): one row per article with its metrics as columns, per-article people and speakers
  under their canonical names, integer article keys `k`, and an index of the texts' words. A store
  without fresh reading tables (an older presslens, a killed run) gets temporary views of the same
  names computed from its own tables: the same results, slower, and the pages say so;
* the filters are evaluated once per filter change when they hold an expensive predicate (a text
  search, a people filter): `filtered_keys` computes the matching article keys once (cached like
  the rest) and every query of every page reuses them, registered on its connection;
* the text search looks the words of the query up in the index (the articles holding a word that
  contains each of them) and reads the texts of those candidates only when the query is more than
  one word (see `q_search_keys`); it finds exactly what lower() + contains() on the texts finds;
* the per-person counts of the filtered articles are one query per filter change
  (`q_people_summary`); the top-people charts, the People page's picker, its mentioned-against-
  quoted chart and its comparison cards are slices of it;
* one read-only connection per script run (see `run_scope`), not one per query: opening DuckDB
  costs 15-40 ms, and a page makes up to 16 queries after a filter change.

Why no long-lived connection: DuckDB locks the file, and even a read-only connection held by the
dashboard makes `presslens analyze` fail with "Could not set lock on file". A read-only connection
is therefore opened per script run (`run_scope`, around the page in app.py), or per cache miss
outside one, and closed as soon as the run ends; results stay cached. While an analysis holds the
file anyway, every loader reads the snapshot the analysis publishes beside it (analysis/snapshot.py;
see `_read`), and the page says which moment it shows.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import streamlit as st

from analysis import reading, snapshot
from analysis.settings import from_env
from dashboard.filters import Filters

PERIODS = ("day", "week", "month")
GROUPS = ("outlet", "section")  # what tone and readability can be broken down by
TONE_CATEGORIES = ("positive", "negative", "loaded")
UNKNOWN = "?"  # the group of articles with no outlet or section; pages label it


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar can offer: values present in the store, most frequent people first."""

    people: tuple[str, ...]
    outlets: tuple[str, ...]
    sections: tuple[str, ...]
    first: date | None
    last: date | None
    languages: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()  # quoted but never named as a person ("le syndicat SUD"), most quoted first


@dataclass(frozen=True)
class ArticleDetail:
    """One article with everything the drill-down shows."""

    meta: dict
    text: str
    mentions: pd.DataFrame  # person, start, end, text
    quotes: pd.DataFrame  # text, kind, speaker, speaker_type, start, end, cue, is_repeat, attribution
    tone_hits: pd.DataFrame  # start, end, text, lemma, category, negated
    metrics: pd.DataFrame  # analyzer, metric, value


# ------------------------------------------------------------------ store location and state
def store_path() -> Path:
    """The store the dashboard reads: PRESSLENS_DB, else the settings' default."""
    return Path(from_env().db).expanduser().resolve()


def store_stamp(path: Path) -> float:
    """Changes whenever the store is written (DuckDB may write only its WAL until a checkpoint)."""
    stamps = [p.stat().st_mtime_ns for p in (path, path.with_name(path.name + ".wal")) if p.exists()]
    return float(max(stamps, default=0))


def reading_tables_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store's reading tables match its articles (else `use_fallback_views`)."""
    return _has_articles(con) and reading.is_fresh(con)


def use_fallback_views(con: duckdb.DuckDBPyConnection) -> None:
    """The reading tables as temporary views over the store's own tables, on this connection only
    (they shadow stale tables of the same names). Nothing to read without an articles table."""
    if not _has_articles(con):
        return
    reading.shadow_added_columns(con)
    for name, sql in reading.FALLBACK_VIEWS.items():
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")


def _has_articles(con: duckdb.DuckDBPyConnection) -> bool:
    return reading.has_table(con, "articles")


def _on_fallback(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this connection reads the fallback views (so the store has no usable word index)."""
    return con.execute("SELECT COUNT(*) FROM duckdb_views() WHERE temporary "
                       "AND view_name = 'reading_articles'").fetchone()[0] > 0


# DuckDB's Python client shares one database instance among a process's connections to a file,
# and a thread could receive it before the thread creating it had set up the Python table
# functions: its next register() of an Arrow table failed with "Table Function with name
# python_arrow_scan does not exist" (duckdb 2.0.1; several sessions' script runs opening the store
# at once, tests/test_load.py). Opening is rare (once per script run) and quick, so it is serialised.
_open_lock = threading.Lock()


def open_read_only(path: Path | str) -> duckdb.DuckDBPyConnection:
    with _open_lock:
        return duckdb.connect(str(path), read_only=True)


@contextmanager
def connect(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection on which the q_* functions run (fallback views set up if needed)."""
    con = open_read_only(path)
    try:
        if not reading_tables_fresh(con):
            use_fallback_views(con)
        yield con
    finally:
        con.close()


def q_article_count(con: duckdb.DuckDBPyConnection) -> int:
    """Articles in the store; 0 when it holds no articles table (never analysed)."""
    return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] if _has_articles(con) else 0


def q_reading_tables_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    return not _on_fallback(con)


# ------------------------------------------------------------------ the filtered articles
def _arrow(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> pa.Table:
    """A query's rows as Arrow (through a relation: no extra copy of the rows)."""
    con.complete()  # a result left pending on `con` (fetchone) would refuse the query
    return con.sql(sql, params=params).to_arrow_table()


def _register(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    con.complete()  # a result left pending on `con` (fetchone) would refuse the registration
    con.register(name, table)


def search_pattern(search: str) -> str:
    """An RE2 pattern matching `search` literally, ignoring case: every ASCII character other than
    a letter, a digit or a space is written as its code (\\x{25} for "%"); no other character
    means anything to RE2."""
    return "(?i)" + "".join(f"\\x{{{ord(c):02x}}}" if c.isascii() and not (c.isalnum() or c == " ") else c
                            for c in search)


def _text_matches(search: str) -> tuple[str, list]:
    """The condition "title or text contains `search`" on `articles t`: a case-insensitive
    regular expression (RE2 scans a text once, where lower() would first copy it in lower case)."""
    return "(regexp_matches(t.title, ?) OR regexp_matches(t.text, ?))", [search_pattern(search)] * 2


def q_search_words(con: duckdb.DuckDBPyConnection, search: str) -> tuple[list[str], bool]:
    """The index's words in the search, lowercased and split by DuckDB as the texts were, and
    whether the search is exactly one such word (no space, no punctuation)."""
    lowered, parts = con.execute(f"SELECT lower(?), regexp_split_to_array(lower(?), '{reading.WORD_SEPARATORS}')",
                                 [search, search]).fetchone()
    words = [w for w in parts if w]
    return words, words == [lowered]


# A word of the query contained in more index words than this ("e", "l") narrows the candidates
# little and costs more to look up than reading the texts: it is checked on the texts instead.
WIDE_WORD_TERMS = 1000


def q_search_keys(con: duckdb.DuckDBPyConnection, search: str) -> pa.Table:
    """The keys (column k) of the articles whose title or text contains `search`, ignoring case.

    With the word index: a text containing the query contains each of its words (maximal runs of
    letters, digits and marks) inside one of its own words, so the candidates are the articles
    holding, for every word of the query, a word that contains it. A one-word query made of
    nothing else is then answered exactly; a longer one ("face à", "l'euro") is checked on the
    candidates' texts only. Without the index (fallback views), or without a word that narrows
    (a query of "%" or "e"), every text is read."""
    words, one_word = q_search_words(con, search)
    narrowing = [] if _on_fallback(con) else [w for w in words if _terms_containing(con, w) <= WIDE_WORD_TERMS]
    condition, params = _text_matches(search)
    if not narrowing:
        return _arrow(con, f"""SELECT r.k FROM reading_articles r JOIN articles t ON t.id = r.id
                               WHERE {condition} ORDER BY r.k""", params)
    holding = " INTERSECT ".join(
        "SELECT k FROM reading_postings WHERE term_id IN (SELECT term_id FROM reading_terms WHERE contains(term, ?))"
        for _ in narrowing)
    if one_word and narrowing == words:
        return _arrow(con, f"SELECT DISTINCT k FROM ({holding}) ORDER BY k", narrowing)
    # the candidates' ids as a table of their own: DuckDB then reads only their texts
    candidates = _arrow(con, f"SELECT k, id FROM reading_articles WHERE k IN ({holding})", narrowing)
    _register(con, "search_candidates", candidates)
    try:
        return _arrow(con, f"""SELECT c.k FROM search_candidates c WHERE c.id IN (
                                   SELECT t.id FROM articles t
                                   WHERE t.id IN (SELECT id FROM search_candidates) AND {condition})
                               ORDER BY c.k""", params)
    finally:
        con.unregister("search_candidates")


def _terms_containing(con: duckdb.DuckDBPyConnection, word: str) -> int:
    return con.execute("SELECT COUNT(*) FROM reading_terms WHERE contains(term, ?)", [word]).fetchone()[0]


def _condition(filters: Filters) -> tuple[str, list]:
    """The filters as a condition on `reading_articles a`, but for the text search (keys first,
    see q_filtered_keys): Filters.to_sql() for dates, outlets, sections and languages, the people
    on the per-article people table."""
    condition, params = replace(filters, search="", people=()).to_sql()
    if not filters.people:
        return condition, params
    if filters.people_mode == "all":
        clause = ("a.k IN (SELECT k FROM reading_people WHERE person IN (SELECT UNNEST(?)) "
                  "GROUP BY k HAVING COUNT(DISTINCT person) = ?)")
        extra = [list(filters.people), len(set(filters.people))]
    else:
        clause = "a.k IN (SELECT k FROM reading_people WHERE person IN (SELECT UNNEST(?)))"
        extra = [list(filters.people)]
    return (clause if condition == "TRUE" else f"{condition} AND {clause}"), [*params, *extra]


def needs_keys(filters: Filters) -> bool:
    """Filters whose predicate is worth evaluating once and reusing: a text search, a people
    filter. Dates, outlets, sections and languages are cheaper to apply in each query than a
    join on a key list."""
    return bool(filters.search or filters.people)


def q_filtered_keys(con: duckdb.DuckDBPyConnection, filters: Filters,
                    searched: pa.Table | None = None) -> pa.Table:
    """The keys of the filtered articles (one column `k`), to pass as `keys=` to the queries.
    `searched`: q_search_keys(filters.search), when already known (the People page's comparison
    narrows the filters twice; the search is not run again)."""
    condition, params = _condition(filters)
    if filters.search:
        if searched is None:
            searched = q_search_keys(con, filters.search)
        if condition == "TRUE":  # nothing but the search
            return searched
        _register(con, "searched_keys", searched)
        condition = ("" if condition == "TRUE" else condition + " AND ") + "a.k IN (SELECT k FROM searched_keys)"
    try:
        return _arrow(con, f"SELECT a.k FROM reading_articles a WHERE {condition} ORDER BY a.k", params)
    finally:
        if filters.search:
            con.unregister("searched_keys")


def _selected(con: duckdb.DuckDBPyConnection, filters: Filters, keys: pa.Table | None = None) -> tuple[str, list]:
    """A CTE `sel` of the filtered articles' reading rows (date, outlet, section, title, metrics),
    for the queries below to start from. With `keys` (from q_filtered_keys for the same filters)
    the articles are those keys and the filters are not evaluated again."""
    if keys is not None:
        _register(con, "sel_keys", keys)
        return "WITH sel AS (SELECT a.* FROM reading_articles a WHERE a.k IN (SELECT k FROM sel_keys))", []
    if filters.search:  # a direct call (tests, no cache): the search's keys first
        keys = q_filtered_keys(con, filters)
        return _selected(con, filters, keys)
    condition, params = _condition(filters)
    return f"WITH sel AS (SELECT a.* FROM reading_articles a WHERE {condition})", params


def q_filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    people = con.execute("SELECT person FROM reading_person_totals WHERE named "
                         "ORDER BY mentions DESC, person").fetchall()
    outlets = con.execute("SELECT DISTINCT outlet FROM reading_articles WHERE outlet IS NOT NULL ORDER BY 1").fetchall()
    sections = con.execute("SELECT DISTINCT section FROM reading_articles WHERE section IS NOT NULL ORDER BY 1").fetchall()
    languages = con.execute("SELECT language FROM reading_articles WHERE language IS NOT NULL "
                            "GROUP BY 1 ORDER BY COUNT(*) DESC, 1").fetchall()
    speakers = con.execute("SELECT person FROM reading_person_totals WHERE NOT named "
                           "ORDER BY quotes DESC, person").fetchall()
    first, last = con.execute("SELECT MIN(published)::DATE, MAX(published)::DATE FROM reading_articles").fetchone()
    return FilterOptions(tuple(r[0] for r in people), tuple(r[0] for r in outlets),
                         tuple(r[0] for r in sections), first, last, tuple(r[0] for r in languages),
                         tuple(r[0] for r in speakers))


def q_corpus_counts(con: duckdb.DuckDBPyConnection, filters: Filters, *, keys: pa.Table | None = None) -> dict:
    """Articles, outlets, people, mentions and quotes of the filtered corpus, and its date span."""
    cte, params = _selected(con, filters, keys)
    row = con.execute(f"""{cte},
        named AS (SELECT person, mentions FROM reading_people WHERE k IN (SELECT k FROM sel))
        SELECT COUNT(*) AS articles, COUNT(DISTINCT outlet) AS outlets,
               (SELECT COUNT(DISTINCT person) FROM named) AS people,
               (SELECT COALESCE(SUM(mentions), 0) FROM named) AS mentions,
               COALESCE(SUM(quotes), 0) AS quotes,
               MIN(published)::DATE AS first, MAX(published)::DATE AS last,
               (SELECT COUNT(*) FROM reading_articles) AS corpus_articles
        FROM sel""", params).fetchone()
    keys_ = ("articles", "outlets", "people", "mentions", "quotes", "first", "last", "corpus_articles")
    counts = dict(zip(keys_, row))
    counts["mentions"], counts["quotes"] = int(counts["mentions"]), int(counts["quotes"])
    return counts


def q_articles_over_time(con: duckdb.DuckDBPyConnection, filters: Filters, period: str, *,
                         keys: pa.Table | None = None) -> pd.DataFrame:
    """Articles per period and outlet: columns period (date), outlet, articles."""
    cte, params = _selected(con, filters, keys)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', published)::DATE AS period,
               COALESCE(outlet, '?') AS outlet, COUNT(*) AS articles
        FROM sel WHERE published IS NOT NULL GROUP BY ALL ORDER BY period, outlet""", params).df()


# ------------------------------------------------------------------ people
# Per person, over the filtered articles: mentions and articles naming them, attributed quotes
# and articles quoting them. The overview's two "top people" charts, the People page's picker
# and its mentioned-against-quoted chart and comparison cards are all slices of this one table:
# computed once per filter change (cached), instead of one GROUP BY over every person row each;
# read from reading_person_totals when nothing is filtered (a first visit).
_SUMMARY = reading.people_summary_sql("k IN (SELECT k FROM sel)")


def q_people_summary(con: duckdb.DuckDBPyConnection, filters: Filters, *, keys: pa.Table | None = None) -> pa.Table:
    """Per person named or quoted in the filtered articles: named (bool), mentions,
    articles_mentioned, quotes (attributed), articles_quoted; NULL where they are not."""
    if keys is None and not filters.active:
        return _arrow(con, "SELECT * FROM reading_person_totals", [])
    cte, params = _selected(con, filters, keys)
    return _arrow(con, f"{cte}, summary AS ({_SUMMARY}) SELECT * FROM summary", params)


def _with_summary(con: duckdb.DuckDBPyConnection, filters: Filters, keys: pa.Table | None,
                  summary: pa.Table | None) -> tuple[str, list]:
    """A CTE `summary` (q_people_summary's table): the cached one when given, else computed."""
    if summary is None:
        if keys is None and not filters.active:
            return "WITH summary AS (SELECT * FROM reading_person_totals)", []
        cte, params = _selected(con, filters, keys)
        return f"{cte}, summary AS ({_SUMMARY})", params
    _register(con, "people_summary", summary)
    return "WITH summary AS (SELECT * FROM people_summary)", []


def q_top_people_mentioned(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 15, *,
                           keys: pa.Table | None = None, summary: pa.Table | None = None) -> pd.DataFrame:
    """People by mentions: columns person, mentions, articles (articles naming them)."""
    cte, params = _with_summary(con, filters, keys, summary)
    return con.execute(f"""{cte}
        SELECT person, mentions::INTEGER AS mentions, articles_mentioned AS articles FROM summary
        WHERE named ORDER BY mentions DESC, articles DESC, person LIMIT ?""", [*params, limit]).df()


def q_top_people_quoted(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 15, *,
                        keys: pa.Table | None = None, summary: pa.Table | None = None) -> pd.DataFrame:
    """People by quotes attributed to them: columns person, quotes, articles, share (of all
    attributed quotes in the filtered corpus: their share of voice)."""
    cte, params = _with_summary(con, filters, keys, summary)
    return con.execute(f"""{cte}
        SELECT person, quotes, articles_quoted AS articles, quotes / SUM(quotes) OVER () AS share
        FROM summary WHERE quotes IS NOT NULL
        ORDER BY quotes DESC, articles DESC, person LIMIT ?""", [*params, limit]).df()


def q_people_voice(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...], *,
                   keys: pa.Table | None = None, summary: pa.Table | None = None) -> pd.DataFrame:
    """For each person: how often named and how often quoted in the filtered corpus. Columns
    person, mentions, articles_mentioned, quotes, articles_quoted, share (of attributed quotes),
    in the order given; people absent from the corpus get zeros."""
    cte, params = _with_summary(con, filters, keys, summary)
    return con.execute(f"""{cte},
        picked AS (SELECT UNNEST(?) AS person, generate_subscripts(?, 1) AS ord)
        SELECT p.person, COALESCE(s.mentions, 0)::INTEGER AS mentions,
               COALESCE(s.articles_mentioned, 0)::INTEGER AS articles_mentioned,
               COALESCE(s.quotes, 0)::INTEGER AS quotes, COALESCE(s.articles_quoted, 0)::INTEGER AS articles_quoted,
               COALESCE(s.quotes, 0) / NULLIF((SELECT SUM(quotes) FROM summary), 0) AS share
        FROM picked p LEFT JOIN summary s USING (person)
        ORDER BY p.ord""", [*params, list(people), list(people)]).df()


def q_top_speakers(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 40, *,
                   keys: pa.Table | None = None, summary: pa.Table | None = None) -> pd.DataFrame:
    """The people most named or most quoted, for a picker: columns person, mentions, quotes."""
    cte, params = _with_summary(con, filters, keys, summary)
    return con.execute(f"""{cte}
        SELECT person, COALESCE(mentions, 0)::INTEGER AS mentions, COALESCE(quotes, 0)::INTEGER AS quotes
        FROM summary ORDER BY COALESCE(mentions, 0) + 3 * COALESCE(quotes, 0) DESC, person LIMIT ?""",
                       [*params, limit]).df()


def q_people_coverage(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                      period: str, *, keys: pa.Table | None = None) -> pd.DataFrame:
    """Articles naming each person per period: columns period, person, articles, mentions."""
    cte, params = _selected(con, filters, keys)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', s.published)::DATE AS period, p.person,
               COUNT(DISTINCT s.k) AS articles, SUM(p.mentions)::INTEGER AS mentions
        FROM sel s JOIN reading_people p ON p.k = s.k
        WHERE s.published IS NOT NULL AND p.person IN (SELECT UNNEST(?))
        GROUP BY ALL ORDER BY period, p.person""", [*params, list(people)]).df()


def q_co_mentions(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                  limit: int = 15, *, keys: pa.Table | None = None) -> pd.DataFrame:
    """Who appears in the same articles as any of `people`: columns person, articles (shared with
    them), mentions; the people themselves left out."""
    cte, params = _selected(con, filters, keys)
    return con.execute(f"""{cte},
        theirs AS (SELECT DISTINCT k FROM reading_people
                   WHERE person IN (SELECT UNNEST(?)) AND k IN (SELECT k FROM sel))
        SELECT person, COUNT(DISTINCT k) AS articles, SUM(mentions)::INTEGER AS mentions
        FROM reading_people
        WHERE k IN (SELECT k FROM theirs) AND person NOT IN (SELECT UNNEST(?))
        GROUP BY person ORDER BY articles DESC, mentions DESC, person LIMIT ?""",
                       [*params, list(people), list(people), limit]).df()


def _their_quotes(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...], search: str,
                  keys: pa.Table | None) -> tuple[str, list]:
    """CTEs `sel` and `theirs` (the quotes attributed to `people` in the filtered articles,
    optionally containing `search`, ignoring case and literally), from the articles quoting
    them only: quotes_corpus resolves every speaker's alias."""
    cte, params = _selected(con, filters, keys)
    condition = "AND contains(lower(q.text), ?)" if search.strip() else ""
    extra = [search.strip().lower()] if condition else []
    return f"""{cte},
        quoting AS (SELECT s.id, s.published, s.outlet, s.title FROM sel s
                    WHERE s.k IN (SELECT k FROM reading_speakers WHERE person IN (SELECT UNNEST(?)))),
        theirs AS (SELECT q.speaker_person AS speaker, q.text, q.kind, q.cue, s.published, s.outlet, s.title,
                          s.id AS article_id, q.start
                   FROM quotes_corpus q JOIN quoting s ON s.id = q.article_id
                   WHERE q.article_id IN (SELECT id FROM quoting) AND {reading.DISTINCT_QUOTE}
                     AND q.speaker_person IN (SELECT UNNEST(?)) {condition})""", [*params, list(people), list(people), *extra]


def q_people_quotes(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                    search: str = "", limit: int | None = None, *, keys: pa.Table | None = None) -> pd.DataFrame:
    """Quotes attributed to any of `people` in the filtered corpus, newest first (the newest
    `limit`), optionally only those containing `search` (case-insensitive, literal): columns
    speaker, text, kind, cue, published, outlet, title, article_id."""
    cte, params = _their_quotes(con, filters, people, search, keys)
    return con.execute(f"""{cte}
        SELECT * EXCLUDE (start) FROM theirs ORDER BY published DESC NULLS LAST, article_id, start
        LIMIT ?""", [*params, limit]).df()


def q_people_quote_count(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                         search: str = "", *, keys: pa.Table | None = None) -> int:
    """How many quotes q_people_quotes finds without a limit."""
    cte, params = _their_quotes(con, filters, people, search, keys)
    return con.execute(f"{cte} SELECT COUNT(*) FROM theirs", params).fetchone()[0]


# ------------------------------------------------------------------ tone, readability, the list
def _pooled(column: str) -> str:
    return f"1000.0 * SUM(s.{column}) / NULLIF(SUM(s.tone_words), 0)"


def _mean(column: str) -> str:
    return f"SUM(s.{column}) / NULLIF(SUM(s.{column}_n), 0)"


def q_tone_over_time(con: duckdb.DuckDBPyConnection, filters: Filters, period: str, *,
                     keys: pa.Table | None = None) -> pd.DataFrame:
    """Tone words per 1,000 words per period, pooled (sum of hits / sum of words, so long articles
    weigh as much as their words): columns period, positive, negative, loaded, articles."""
    cte, params = _selected(con, filters, keys)
    per_1000 = ", ".join(f"{_pooled(c)} AS {c}" for c in TONE_CATEGORIES)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', s.published)::DATE AS period, {per_1000},
               COUNT(*) AS articles
        FROM sel s WHERE s.published IS NOT NULL AND s.tone_rows > 0 GROUP BY period ORDER BY period""",
                       params).df()


def q_readability_over_time(con: duckdb.DuckDBPyConnection, filters: Filters, period: str, *,
                            keys: pa.Table | None = None) -> pd.DataFrame:
    """Mean article readability per period: columns period, kandel_moles, lix,
    words_per_sentence, articles."""
    cte, params = _selected(con, filters, keys)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', s.published)::DATE AS period,
               {_mean('kandel_moles')} AS kandel_moles, {_mean('lix')} AS lix,
               {_mean('words_per_sentence')} AS words_per_sentence, COUNT(*) AS articles
        FROM sel s WHERE s.published IS NOT NULL AND s.readability_rows > 0 GROUP BY period ORDER BY period""",
                       params).df()


def q_metrics_by_group(con: duckdb.DuckDBPyConnection, filters: Filters, by: str, *,
                       keys: pa.Table | None = None) -> pd.DataFrame:
    """Tone (pooled per 1,000 words, as over time) and mean readability per outlet or section:
    columns group, articles (with metric rows), positive, negative, loaded, kandel_moles, lix;
    most articles first."""
    cte, params = _selected(con, filters, keys)
    column = _group(by)
    tone = ", ".join(f"{_pooled(c)} AS {c}" for c in TONE_CATEGORIES)
    return con.execute(f"""{cte}
        SELECT COALESCE(s.{column}, '{UNKNOWN}') AS "group", COUNT(*) AS articles, {tone},
               {_mean('kandel_moles')} AS kandel_moles, {_mean('lix')} AS lix
        FROM sel s WHERE s.tone_rows IS NOT NULL GROUP BY 1 ORDER BY articles DESC, 1""", params).df()


def q_article_table(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 2000,
                    people: tuple[str, ...] = (), *, keys: pa.Table | None = None) -> pd.DataFrame:
    """One row per filtered article, newest first (the newest `limit`), with its headline metrics;
    with `people`, only the articles naming at least one of them."""
    cte, params = _selected(con, filters, keys)
    picked = ""
    if people:
        picked = "WHERE k IN (SELECT k FROM reading_people WHERE person IN (SELECT UNNEST(?)))"
        params = [*params, list(people)]
    return con.execute(f"""{cte}
        SELECT id, published, outlet, section, title,
               people_count::INTEGER AS people, quotes_count::INTEGER AS quotes, tone_net,
               kandel_moles_max AS kandel_moles, words_max::INTEGER AS words
        FROM sel {picked}
        ORDER BY published DESC NULLS LAST, title, id LIMIT ?""", [*params, limit]).df()


def q_article_detail(con: duckdb.DuckDBPyConnection, article_id: str) -> ArticleDetail | None:
    row = con.execute("""SELECT id, title, text, published, updated, outlet, section, sections,
                                authors, agency, url, source_path, source_id, model, analyzers
                         FROM articles WHERE id = ?""", [article_id]).fetchone()
    if row is None:
        return None
    keys = ("id", "title", "text", "published", "updated", "outlet", "section", "sections",
            "authors", "agency", "url", "source_path", "source_id", "model", "analyzers")
    meta = dict(zip(keys, row))
    text = meta.pop("text") or ""
    meta["analyzers"] = json.loads(meta["analyzers"] or "{}")

    def rows(sql: str) -> pd.DataFrame:
        return con.execute(sql, [article_id]).df()

    return ArticleDetail(
        meta=meta, text=text,
        mentions=rows("""SELECT COALESCE(a.canonical, m.name) AS person, m.start, m."end", m.text
                         FROM mentions m LEFT JOIN person_aliases a ON a.alias = m.name
                         WHERE m.article_id = ? ORDER BY m.start"""),
        quotes=rows("""SELECT text, kind, speaker_person AS speaker, speaker_type, start, "end", cue,
                              COALESCE(is_repeat, FALSE) AS is_repeat, attribution
                       FROM quotes_corpus WHERE article_id = ? ORDER BY start"""),
        tone_hits=rows("""SELECT start, "end", text, lemma, category, negated FROM tone_hits
                          WHERE article_id = ? ORDER BY start"""),
        metrics=rows("SELECT analyzer, metric, value FROM metrics WHERE article_id = ? ORDER BY analyzer, metric"),
    )


def q_ingest_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """What the inputs became: columns status, reason, inputs, files."""
    return con.execute("""SELECT status, COALESCE(reason, '') AS reason, COUNT(*) AS inputs,
                                 COUNT(DISTINCT source_path) AS files
                          FROM sources GROUP BY status, reason
                          ORDER BY status <> 'article', inputs DESC, reason""").df()


def q_ingest_totals(con: duckdb.DuckDBPyConnection) -> dict:
    """Distinct input files, inputs that became articles, inputs left out."""
    row = con.execute("""SELECT COUNT(DISTINCT source_path), COUNT(*) FILTER (WHERE status = 'article'),
                                COUNT(*) FILTER (WHERE status <> 'article') FROM sources""").fetchone()
    return dict(zip(("files", "articles", "left_out"), row))


def q_rejections(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("""SELECT source_path, record, status, reason, run_id FROM sources
                          WHERE status <> 'article' ORDER BY source_path, record""").df()


def q_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("""SELECT run_id, started, finished, model, analysed, unchanged, rejected,
                                 analyzers FROM runs ORDER BY run_id DESC""").df()


def _period(period: str) -> str:
    """The date_trunc unit; whitelisted because it is spliced into SQL."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; expected one of {sorted(PERIODS)}")
    return period


def _group(by: str) -> str:
    """The column to group by; whitelisted because it is spliced into SQL."""
    if by not in GROUPS:
        raise ValueError(f"unknown group {by!r}; expected one of {sorted(GROUPS)}")
    return by


# ------------------------------------------------------------------ cached loaders
QUERIES: dict[str, Callable] = {
    "article_count": q_article_count, "reading_tables_fresh": q_reading_tables_fresh,
    "filter_options": q_filter_options,
    "corpus_counts": q_corpus_counts, "articles_over_time": q_articles_over_time,
    "top_people_mentioned": q_top_people_mentioned, "top_people_quoted": q_top_people_quoted,
    "tone_over_time": q_tone_over_time, "readability_over_time": q_readability_over_time,
    "article_table": q_article_table, "article_detail": q_article_detail,
    "metrics_by_group": q_metrics_by_group, "people_voice": q_people_voice,
    "people_coverage": q_people_coverage, "co_mentions": q_co_mentions, "people_quotes": q_people_quotes,
    "people_quote_count": q_people_quote_count, "top_speakers": q_top_speakers,
    "ingest_summary": q_ingest_summary, "ingest_totals": q_ingest_totals, "rejections": q_rejections, "runs": q_runs,
}
USES_SUMMARY = {"top_people_mentioned", "top_people_quoted", "people_voice", "top_speakers"}

_scope = threading.local()  # this thread's script run: {"path": str, "con": connection, "fallback": bool}


@contextmanager
def run_scope() -> Iterator[None]:
    """Around a script run (app.py wraps the page): the cache misses of the run share one
    read-only connection, opened at the first miss and closed when the run ends, so a page that
    makes a dozen queries after a filter change opens DuckDB once, and the file is free for
    `presslens analyze` between runs. Each script run has its own thread, hence its own scope."""
    outer = getattr(_scope, "state", None)
    _scope.state = {"path": None, "con": None, "fallback": False}
    try:
        yield
    finally:
        release_connection()
        _scope.state = outer


def release_connection() -> None:
    """Close the current run's connection, if any (before this process writes to the store)."""
    state = getattr(_scope, "state", None)
    if state and state["con"] is not None:
        state["con"].close()
        state["path"] = state["con"] = None


# (store path, stamp) -> whether its reading tables are fresh: checked once per store version
_fresh_versions: dict[tuple[str, float], bool] = {}


def _fresh(con: duckdb.DuckDBPyConnection, db_path: str, stamp: float) -> bool:
    if (db_path, stamp) not in _fresh_versions:
        if len(_fresh_versions) > 64:
            _fresh_versions.clear()
        _fresh_versions[(db_path, stamp)] = reading_tables_fresh(con)
    return _fresh_versions[(db_path, stamp)]


@contextmanager
def _connection(db_path: str, stamp: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the run's shared connection inside run_scope, else a connection of its own;
    either way with the fallback views when the store has no fresh reading tables."""
    state = getattr(_scope, "state", None)
    if state is None:
        with connect(db_path) as con:
            yield con
        return
    if state["path"] != db_path:
        release_connection()
        state["con"], state["path"] = open_read_only(db_path), db_path
        state["fallback"] = not _fresh(state["con"], db_path, stamp)
    cursor = state["con"].cursor()  # registrations (sel_keys) and temporary views stay local to it
    try:
        if state["fallback"]:
            use_fallback_views(cursor)
        yield cursor
    finally:
        cursor.close()


@st.cache_data(show_spinner=False, max_entries=64)
def _filtered_keys(db_path: str, stamp: float, filters: Filters) -> pa.Table:
    """The filtered article keys, once per filter change, shared by every query of every page; the
    text search's own keys are cached apart, so a searched word is looked up once."""
    searched = None
    if filters.search and filters != Filters(search=filters.search):
        searched = _filtered_keys(db_path, stamp, Filters(search=filters.search))
    with _connection(db_path, stamp) as con:
        return q_filtered_keys(con, filters, searched)


@st.cache_data(show_spinner=False, max_entries=64)
def _people_summary(db_path: str, stamp: float, filters: Filters) -> pa.Table:
    """Per person over the filtered articles, once per filter change (see q_people_summary)."""
    keys = _filtered_keys(db_path, stamp, filters) if needs_keys(filters) else None
    with _connection(db_path, stamp) as con:
        return q_people_summary(con, filters, keys=keys)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(query: str, db_path: str, stamp: float, args: tuple):
    """One cache for every query: `stamp` (the store's mtime) invalidates it on re-analysis."""
    function = QUERIES[query]
    kwargs = {}
    if args and isinstance(args[0], Filters) and needs_keys(args[0]):
        kwargs["keys"] = _filtered_keys(db_path, stamp, args[0])
    if query in USES_SUMMARY:
        kwargs["summary"] = _people_summary(db_path, stamp, args[0])
    with _connection(db_path, stamp) as con:
        return function(con, *args, **kwargs)


# A writer holds the store: another process's analysis (DuckDB refuses even read-only opens then:
# IOException), or this process's own (an upload on the Corpus page: ConnectionException).
LOCKED = (duckdb.IOException, duckdb.ConnectionException)

# store path -> the last stamp whose queries succeeded (see _read_while_written)
_last_readable: dict[str, float] = {}


def _read(call: Callable[[str, float], object]):
    """call(path, stamp) on the store, or, while an analysis writes it, on the snapshot that the
    analysis publishes (analysis/snapshot.py), else on the views cached before the analysis."""
    path = str(store_path())
    stamp = store_stamp(Path(path))
    try:
        result = call(path, stamp)
    except LOCKED as exc:
        return _read_while_written(call, path, stamp, exc)
    _last_readable[path] = stamp
    return result


def _read_while_written(call: Callable[[str, float], object], path: str, stamp: float, locked: Exception):
    copy = snapshot.snapshot_path(path)
    if copy.exists():  # not with snapshot_seconds = 0, nor from an older presslens
        try:
            result = call(str(copy), store_stamp(copy))
            _note_on_page("presslens_snapshot_view", copy.stat().st_mtime)
            return result
        except (duckdb.Error, OSError):  # removed or replaced meanwhile: fall back to the cached views
            pass
    previous = _last_readable.get(path)
    if previous is None or previous == stamp:
        raise locked
    result = call(path, previous)  # a cache hit, or the same lock error again
    _note_on_page("presslens_stale_view", True)
    return result


def _note_on_page(key: str, value) -> None:
    """Tell the page (app.py) what it shows; a deferred download has no page to tell."""
    try:
        st.session_state[key] = value
    except Exception:  # noqa: BLE001 - outside a script run (a download's thread): nothing to tell
        pass


def _load(query: str, *args):
    return _read(lambda path, stamp: _cached(query, path, stamp, args))


def filtered_keys(filters: Filters) -> pa.Table:
    """The keys of the articles the filters select (column `k`)."""
    return _read(lambda path, stamp: _filtered_keys(path, stamp, filters.without_article()))


def store_state() -> tuple[Path, int | None]:
    """(store path, number of articles), None articles when the file does not exist."""
    path = store_path()
    if not path.exists():
        return path, None
    return path, _load("article_count")


def reading_tables_ready() -> bool:
    """Whether the store has reading tables matching its articles (else pages are slower)."""
    return _load("reading_tables_fresh")


def filter_options() -> FilterOptions:
    return _load("filter_options")


def corpus_counts(filters: Filters) -> dict:
    return _load("corpus_counts", filters.without_article())


def articles_over_time(filters: Filters, period: str) -> pd.DataFrame:
    return _load("articles_over_time", filters.without_article(), period)


def top_people_mentioned(filters: Filters, limit: int = 15) -> pd.DataFrame:
    return _load("top_people_mentioned", filters.without_article(), limit)


def top_people_quoted(filters: Filters, limit: int = 15) -> pd.DataFrame:
    return _load("top_people_quoted", filters.without_article(), limit)


def tone_over_time(filters: Filters, period: str) -> pd.DataFrame:
    return _load("tone_over_time", filters.without_article(), period)


def readability_over_time(filters: Filters, period: str) -> pd.DataFrame:
    return _load("readability_over_time", filters.without_article(), period)


def article_table(filters: Filters, people: tuple[str, ...] = (), limit: int = 2000) -> pd.DataFrame:
    return _load("article_table", filters.without_article(), limit, tuple(people))


def metrics_by_group(filters: Filters, by: str) -> pd.DataFrame:
    return _load("metrics_by_group", filters.without_article(), by)


def people_voice(filters: Filters, people: tuple[str, ...]) -> pd.DataFrame:
    return _load("people_voice", filters.without_article(), tuple(people))


def people_coverage(filters: Filters, people: tuple[str, ...], period: str) -> pd.DataFrame:
    return _load("people_coverage", filters.without_article(), tuple(people), period)


def co_mentions(filters: Filters, people: tuple[str, ...], limit: int = 15) -> pd.DataFrame:
    return _load("co_mentions", filters.without_article(), tuple(people), limit)


def people_quotes(filters: Filters, people: tuple[str, ...], search: str = "", limit: int | None = None) -> pd.DataFrame:
    return _load("people_quotes", filters.without_article(), tuple(people), search, limit)


def people_quote_count(filters: Filters, people: tuple[str, ...], search: str = "") -> int:
    return _load("people_quote_count", filters.without_article(), tuple(people), search)


def people_quotes_csv(filters: Filters, people: tuple[str, ...], search: str = "") -> bytes:
    """Every quote people_quotes finds, as CSV: for a download button's deferred data (run on
    another thread when the reader clicks, so with a connection of its own, and not cached)."""
    def every_quote(path: str, stamp: float) -> bytes:
        with connect(path) as con:
            return q_people_quotes(con, filters.without_article(), tuple(people), search).to_csv(
                index=False).encode("utf-8")
    return _read(every_quote)


def top_speakers(filters: Filters, limit: int = 40) -> pd.DataFrame:
    return _load("top_speakers", filters.without_article(), limit)


def clear_cache() -> None:
    """Forget every cached result (after the dashboard itself wrote to the store)."""
    _cached.clear()
    _filtered_keys.clear()
    _people_summary.clear()


def article_detail(article_id: str) -> ArticleDetail | None:
    return _load("article_detail", article_id)


def ingest_summary() -> pd.DataFrame:
    return _load("ingest_summary")


def ingest_totals() -> dict:
    return _load("ingest_totals")


def rejections() -> pd.DataFrame:
    return _load("rejections")


def runs() -> pd.DataFrame:
    return _load("runs")
