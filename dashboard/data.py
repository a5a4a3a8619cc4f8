"""The only dashboard module that talks to the store.

Two layers: pure query functions `q_*(con, ...)` that take a DuckDB connection and return pandas
objects (tested directly on a fixture store), and cached loaders of the same name without the
prefix, keyed by (store path, store modification time, arguments), so a re-analysed store is
re-read and an unchanged one is never queried twice for the same view. Aggregates are computed in
SQL; pages receive small frames.

Why no long-lived connection: DuckDB locks the file, and even a read-only connection held by the
dashboard makes `presslens analyze` fail with "Could not set lock on file". A read-only connection
is therefore opened per cache miss (milliseconds) and closed at once; results stay cached.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

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
    quotes: pd.DataFrame  # text, kind, speaker, speaker_type, start, end, cue
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


@contextmanager
def connect(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def q_article_count(con: duckdb.DuckDBPyConnection) -> int:
    """Articles in the store; 0 when it holds no articles table (never analysed)."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] if "articles" in tables else 0


# ------------------------------------------------------------------ pure queries
def _selected(filters: Filters) -> tuple[str, list]:
    """A CTE `sel` of the filtered articles, for the queries below to start from."""
    condition, params = filters.to_sql()
    return f"WITH sel AS (SELECT a.* FROM articles a WHERE {condition})", params


def q_filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    people = con.execute("SELECT person FROM people_corpus GROUP BY person "
                         "ORDER BY SUM(mentions) DESC, person").fetchall()
    outlets = con.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1").fetchall()
    sections = con.execute("SELECT DISTINCT section FROM articles WHERE section IS NOT NULL ORDER BY 1").fetchall()
    languages = con.execute("SELECT language FROM articles WHERE language IS NOT NULL "
                            "GROUP BY 1 ORDER BY COUNT(*) DESC, 1").fetchall()
    speakers = con.execute("""SELECT speaker_person FROM quotes_corpus WHERE speaker_person IS NOT NULL
                              AND speaker_person NOT IN (SELECT person FROM people_corpus)
                              GROUP BY 1 ORDER BY COUNT(*) DESC, 1""").fetchall()
    first, last = con.execute("SELECT MIN(published)::DATE, MAX(published)::DATE FROM articles").fetchone()
    return FilterOptions(tuple(r[0] for r in people), tuple(r[0] for r in outlets),
                         tuple(r[0] for r in sections), first, last, tuple(r[0] for r in languages),
                         tuple(r[0] for r in speakers))


def q_corpus_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict:
    """Articles, outlets, people, mentions and quotes of the filtered corpus, and its date span."""
    cte, params = _selected(filters)
    row = con.execute(f"""{cte},
        named AS (SELECT person, mentions FROM people_corpus WHERE article_id IN (SELECT id FROM sel))
        SELECT (SELECT COUNT(*) FROM sel) AS articles,
               (SELECT COUNT(DISTINCT outlet) FROM sel) AS outlets,
               (SELECT COUNT(DISTINCT person) FROM named) AS people,
               (SELECT COALESCE(SUM(mentions), 0) FROM named) AS mentions,
               (SELECT COUNT(*) FROM quotes WHERE article_id IN (SELECT id FROM sel)) AS quotes,
               (SELECT MIN(published)::DATE FROM sel) AS first,
               (SELECT MAX(published)::DATE FROM sel) AS last,
               (SELECT COUNT(*) FROM articles) AS corpus_articles""", params).fetchone()
    keys = ("articles", "outlets", "people", "mentions", "quotes", "first", "last", "corpus_articles")
    counts = dict(zip(keys, row))
    counts["mentions"] = int(counts["mentions"])
    return counts


def q_articles_over_time(con: duckdb.DuckDBPyConnection, filters: Filters, period: str) -> pd.DataFrame:
    """Articles per period and outlet: columns period (date), outlet, articles."""
    cte, params = _selected(filters)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', published)::DATE AS period,
               COALESCE(outlet, '?') AS outlet, COUNT(*) AS articles
        FROM sel WHERE published IS NOT NULL GROUP BY ALL ORDER BY period, outlet""", params).df()


def q_top_people_mentioned(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 15) -> pd.DataFrame:
    """People by mentions: columns person, mentions, articles (articles naming them)."""
    cte, params = _selected(filters)
    return con.execute(f"""{cte}
        SELECT person, SUM(mentions)::INTEGER AS mentions, COUNT(DISTINCT article_id) AS articles
        FROM people_corpus WHERE article_id IN (SELECT id FROM sel)
        GROUP BY person ORDER BY mentions DESC, articles DESC, person LIMIT ?""", [*params, limit]).df()


def q_top_people_quoted(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 15) -> pd.DataFrame:
    """People by quotes attributed to them: columns person, quotes, articles, share (of all
    attributed quotes in the filtered corpus: their share of voice)."""
    cte, params = _selected(filters)
    return con.execute(f"""{cte}, attributed AS (
            SELECT speaker_person AS person, article_id FROM quotes_corpus
            WHERE speaker_person IS NOT NULL AND article_id IN (SELECT id FROM sel))
        SELECT person, COUNT(*) AS quotes, COUNT(DISTINCT article_id) AS articles,
               COUNT(*) / (SELECT COUNT(*) FROM attributed) AS share
        FROM attributed GROUP BY person ORDER BY quotes DESC, articles DESC, person LIMIT ?""",
                       [*params, limit]).df()


def q_tone_over_time(con: duckdb.DuckDBPyConnection, filters: Filters, period: str) -> pd.DataFrame:
    """Tone words per 1,000 words per period, pooled (sum of hits / sum of words, so long articles
    weigh as much as their words): columns period, positive, negative, loaded, articles."""
    cte, params = _selected(filters)
    per_1000 = ", ".join(f"1000.0 * SUM(m.value) FILTER (WHERE m.metric = '{c}') / "
                         f"NULLIF(SUM(m.value) FILTER (WHERE m.metric = 'words'), 0) AS {c}"
                         for c in TONE_CATEGORIES)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', s.published)::DATE AS period, {per_1000},
               COUNT(DISTINCT s.id) AS articles
        FROM sel s JOIN metrics m ON m.article_id = s.id AND m.analyzer = 'tone'
        WHERE s.published IS NOT NULL GROUP BY period ORDER BY period""", params).df()


def q_readability_over_time(con: duckdb.DuckDBPyConnection, filters: Filters, period: str) -> pd.DataFrame:
    """Mean article readability per period: columns period, kandel_moles, lix,
    words_per_sentence, articles."""
    cte, params = _selected(filters)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', s.published)::DATE AS period,
               AVG(m.value) FILTER (WHERE m.metric = 'kandel_moles') AS kandel_moles,
               AVG(m.value) FILTER (WHERE m.metric = 'lix') AS lix,
               AVG(m.value) FILTER (WHERE m.metric = 'words_per_sentence') AS words_per_sentence,
               COUNT(DISTINCT s.id) AS articles
        FROM sel s JOIN metrics m ON m.article_id = s.id AND m.analyzer = 'readability'
        WHERE s.published IS NOT NULL GROUP BY period ORDER BY period""", params).df()


def q_metrics_by_group(con: duckdb.DuckDBPyConnection, filters: Filters, by: str) -> pd.DataFrame:
    """Tone (pooled per 1,000 words, as over time) and mean readability per outlet or section:
    columns group, articles, positive, negative, loaded, kandel_moles, lix; most articles first."""
    cte, params = _selected(filters)
    column = _group(by)
    tone = ", ".join(f"1000.0 * SUM(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = '{c}') / "
                     f"NULLIF(SUM(m.value) FILTER (WHERE m.analyzer = 'tone' AND m.metric = 'words'), 0) AS {c}"
                     for c in TONE_CATEGORIES)
    return con.execute(f"""{cte}
        SELECT COALESCE(s.{column}, '{UNKNOWN}') AS "group", COUNT(DISTINCT s.id) AS articles, {tone},
               AVG(m.value) FILTER (WHERE m.analyzer = 'readability' AND m.metric = 'kandel_moles') AS kandel_moles,
               AVG(m.value) FILTER (WHERE m.analyzer = 'readability' AND m.metric = 'lix') AS lix
        FROM sel s JOIN metrics m ON m.article_id = s.id
        GROUP BY 1 ORDER BY articles DESC, 1""", params).df()


def q_people_voice(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...]) -> pd.DataFrame:
    """For each person: how often named and how often quoted in the filtered corpus. Columns
    person, mentions, articles_mentioned, quotes, articles_quoted, share (of attributed quotes),
    in the order given; people absent from the corpus get zeros."""
    cte, params = _selected(filters)
    return con.execute(f"""{cte},
        picked AS (SELECT UNNEST(?) AS person, generate_subscripts(?, 1) AS ord),
        named AS (SELECT person, SUM(mentions) AS mentions, COUNT(DISTINCT article_id) AS articles
                  FROM people_corpus WHERE article_id IN (SELECT id FROM sel) GROUP BY person),
        attributed AS (SELECT speaker_person AS person, article_id FROM quotes_corpus
                       WHERE speaker_person IS NOT NULL AND article_id IN (SELECT id FROM sel)),
        quoted AS (SELECT person, COUNT(*) AS quotes, COUNT(DISTINCT article_id) AS articles
                   FROM attributed GROUP BY person)
        SELECT p.person, COALESCE(n.mentions, 0)::INTEGER AS mentions,
               COALESCE(n.articles, 0)::INTEGER AS articles_mentioned,
               COALESCE(q.quotes, 0)::INTEGER AS quotes, COALESCE(q.articles, 0)::INTEGER AS articles_quoted,
               COALESCE(q.quotes, 0) / NULLIF((SELECT COUNT(*) FROM attributed), 0) AS share
        FROM picked p LEFT JOIN named n USING (person) LEFT JOIN quoted q USING (person)
        ORDER BY p.ord""", [*params, list(people), list(people)]).df()


def q_people_coverage(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                      period: str) -> pd.DataFrame:
    """Articles naming each person per period: columns period, person, articles, mentions."""
    cte, params = _selected(filters)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', s.published)::DATE AS period, p.person,
               COUNT(DISTINCT s.id) AS articles, SUM(p.mentions)::INTEGER AS mentions
        FROM sel s JOIN people_corpus p ON p.article_id = s.id
        WHERE s.published IS NOT NULL AND p.person IN (SELECT UNNEST(?))
        GROUP BY ALL ORDER BY period, p.person""", [*params, list(people)]).df()


def q_co_mentions(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                  limit: int = 15) -> pd.DataFrame:
    """Who appears in the same articles as any of `people`: columns person, articles (shared with
    them), mentions; the people themselves left out."""
    cte, params = _selected(filters)
    return con.execute(f"""{cte},
        theirs AS (SELECT DISTINCT article_id FROM people_corpus
                   WHERE person IN (SELECT UNNEST(?)) AND article_id IN (SELECT id FROM sel))
        SELECT person, COUNT(DISTINCT article_id) AS articles, SUM(mentions)::INTEGER AS mentions
        FROM people_corpus
        WHERE article_id IN (SELECT article_id FROM theirs) AND person NOT IN (SELECT UNNEST(?))
        GROUP BY person ORDER BY articles DESC, mentions DESC, person LIMIT ?""",
                       [*params, list(people), list(people), limit]).df()


def q_people_quotes(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                    search: str = "") -> pd.DataFrame:
    """Quotes attributed to any of `people` in the filtered corpus, newest first, optionally only
    those containing `search` (case-insensitive, literal): columns speaker, text, kind, cue,
    published, outlet, title, article_id."""
    cte, params = _selected(filters)
    condition = "AND contains(lower(q.text), ?)" if search.strip() else ""
    extra = [search.strip().lower()] if condition else []
    return con.execute(f"""{cte}
        SELECT q.speaker_person AS speaker, q.text, q.kind, q.cue, s.published, s.outlet, s.title,
               s.id AS article_id
        FROM quotes_corpus q JOIN sel s ON s.id = q.article_id
        WHERE q.speaker_person IN (SELECT UNNEST(?)) {condition}
        ORDER BY s.published DESC NULLS LAST, s.id, q.start""", [*params, list(people), *extra]).df()


def q_top_speakers(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 40) -> pd.DataFrame:
    """The people most named or most quoted, for a picker: columns person, mentions, quotes."""
    cte, params = _selected(filters)
    return con.execute(f"""{cte},
        named AS (SELECT person, SUM(mentions) AS mentions FROM people_corpus
                  WHERE article_id IN (SELECT id FROM sel) GROUP BY person),
        quoted AS (SELECT speaker_person AS person, COUNT(*) AS quotes FROM quotes_corpus
                   WHERE speaker_person IS NOT NULL AND article_id IN (SELECT id FROM sel) GROUP BY 1)
        SELECT person, COALESCE(mentions, 0)::INTEGER AS mentions, COALESCE(quotes, 0)::INTEGER AS quotes
        FROM named FULL JOIN quoted USING (person)
        ORDER BY COALESCE(mentions, 0) + 3 * COALESCE(quotes, 0) DESC, person LIMIT ?""",
                       [*params, limit]).df()


def q_article_table(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 2000,
                    people: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per filtered article, newest first, with its headline metrics; with `people`, only
    the articles naming at least one of them."""
    cte, params = _selected(filters)
    if people:
        cte += ", picked AS (SELECT * FROM sel WHERE id IN (SELECT article_id FROM people_corpus WHERE person IN (SELECT UNNEST(?))))"
        params = [*params, list(people)]
    source = "picked" if people else "sel"

    def metric(analyzer: str, name: str) -> str:
        return f"MAX(m.value) FILTER (WHERE m.analyzer = '{analyzer}' AND m.metric = '{name}')"

    return con.execute(f"""{cte}
        SELECT s.id, s.published, s.outlet, s.section, s.title,
               {metric('people', 'count')}::INTEGER AS people,
               {metric('quotes', 'count')}::INTEGER AS quotes,
               {metric('tone', 'net')} AS tone_net,
               {metric('readability', 'kandel_moles')} AS kandel_moles,
               {metric('tone', 'words')}::INTEGER AS words
        FROM {source} s LEFT JOIN metrics m ON m.article_id = s.id
        GROUP BY s.id, s.published, s.outlet, s.section, s.title
        ORDER BY s.published DESC NULLS LAST, s.title LIMIT ?""", [*params, limit]).df()


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
        quotes=rows("""SELECT text, kind, speaker_person AS speaker, speaker_type, start, "end", cue
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
    "article_count": q_article_count, "filter_options": q_filter_options,
    "corpus_counts": q_corpus_counts, "articles_over_time": q_articles_over_time,
    "top_people_mentioned": q_top_people_mentioned, "top_people_quoted": q_top_people_quoted,
    "tone_over_time": q_tone_over_time, "readability_over_time": q_readability_over_time,
    "article_table": q_article_table, "article_detail": q_article_detail,
    "metrics_by_group": q_metrics_by_group, "people_voice": q_people_voice,
    "people_coverage": q_people_coverage, "co_mentions": q_co_mentions, "people_quotes": q_people_quotes,
    "top_speakers": q_top_speakers,
    "ingest_summary": q_ingest_summary, "ingest_totals": q_ingest_totals, "rejections": q_rejections, "runs": q_runs,
}


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(query: str, db_path: str, stamp: float, args: tuple):
    """One cache for every query: `stamp` (the store's mtime) invalidates it on re-analysis."""
    with connect(db_path) as con:
        return QUERIES[query](con, *args)


def _load(query: str, *args):
    path = store_path()
    return _cached(query, str(path), store_stamp(path), args)


def store_state() -> tuple[Path, int | None]:
    """(store path, number of articles), None articles when the file does not exist."""
    path = store_path()
    if not path.exists():
        return path, None
    return path, _load("article_count")


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


def article_table(filters: Filters, people: tuple[str, ...] = ()) -> pd.DataFrame:
    return _load("article_table", filters.without_article(), 2000, tuple(people))


def metrics_by_group(filters: Filters, by: str) -> pd.DataFrame:
    return _load("metrics_by_group", filters.without_article(), by)


def people_voice(filters: Filters, people: tuple[str, ...]) -> pd.DataFrame:
    return _load("people_voice", filters.without_article(), tuple(people))


def people_coverage(filters: Filters, people: tuple[str, ...], period: str) -> pd.DataFrame:
    return _load("people_coverage", filters.without_article(), tuple(people), period)


def co_mentions(filters: Filters, people: tuple[str, ...], limit: int = 15) -> pd.DataFrame:
    return _load("co_mentions", filters.without_article(), tuple(people), limit)


def people_quotes(filters: Filters, people: tuple[str, ...], search: str = "") -> pd.DataFrame:
    return _load("people_quotes", filters.without_article(), tuple(people), search)


def top_speakers(filters: Filters, limit: int = 40) -> pd.DataFrame:
    return _load("top_speakers", filters.without_article(), limit)


def clear_cache() -> None:
    """Forget every cached result (after the dashboard itself wrote to the store)."""
    _cached.clear()


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

