"""The only dashboard module that talks to the store.

Two layers: pure query functions `q_*(con, ...)` that take a DuckDB connection and return pandas
objects (tested directly on a fixture store), and cached loaders of the same name without the
prefix, keyed by (store path, store modification time, arguments), so a re-analysed store is
re-read and an unchanged one is never queried twice for the same view. Aggregates are computed in
SQL (GROUP BY, LIMIT in DuckDB); pages receive small frames, and no list view reads article texts.

Fast at any size (issue 5; bench/bench_dashboard.py measures it on 1k to 100k articles):
* the filters are evaluated once per filter change: when they hold an expensive predicate (a text
  search, a people filter), `filtered_ids` computes the matching article ids once (cached like the
  rest) and every query of every page reuses them as an Arrow table registered on its connection
  (`ids=`), instead of scanning 100k texts again in each of a page's dozen queries;
* the text search is a case-insensitive literal regular expression (RE2 `(?i)` on the escaped
  words), 3-4x faster than lower() + contains() on the texts and equal to it for every word made of
  letters, digits and punctuation (Unicode simple case folding on both sides);
* the per-article metrics the tone, readability and list queries read (22 metric rows per article
  in the store) are pivoted once per store version into one Arrow row per article
  (`q_article_facts`, ~0.2 s and 19 MB at 100k articles, shared through st.cache_resource);
* the per-person counts (mentions, articles, attributed quotes) of the filtered articles are one
  query per filter change (`q_people_summary`); the top-people charts, the People page's picker,
  its mentioned-against-quoted chart and its comparison cards are slices of it;
* the article list picks its 2,000 newest articles first and reads the metrics of those only;
* one read-only connection per script run (see `run_scope`), not one per query: opening DuckDB
  costs 15-40 ms, and a page makes up to 16 queries after a filter change.

Why no long-lived connection: DuckDB locks the file, and even a read-only connection held by the
dashboard makes `presslens analyze` fail with "Could not set lock on file". A read-only connection
is therefore opened per script run (`run_scope`, around the page in app.py), or per cache miss
outside one, and closed as soon as the run ends; results stay cached.
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
# the article columns queries read through `sel`: never the text, whatever a query needs
SEL_COLUMNS = "a.id, a.published, a.outlet, a.section, a.title"


def search_pattern(search: str) -> str:
    """An RE2 pattern matching `search` literally, ignoring case: every ASCII character other than
    a letter, a digit or a space is written as its code (\\x{25} for "%"); no other character
    means anything to RE2."""
    return "(?i)" + "".join(f"\\x{{{ord(c):02x}}}" if c.isascii() and not (c.isalnum() or c == " ") else c
                            for c in search)


def _condition(filters: Filters, searched: pa.Table | None = None) -> tuple[str, list]:
    """Filters.to_sql(), with the text search as a case-insensitive regular expression (RE2 scans
    the texts once, where lower() would first copy every text in lower case), or, given
    `searched` (the ids q_filtered_ids(Filters(search=...)) returned), as those ids."""
    condition, params = replace(filters, search="").to_sql()
    if filters.search:
        condition = "" if condition == "TRUE" else condition + " AND "
        if searched is None:
            condition += "(regexp_matches(a.title, ?) OR regexp_matches(a.text, ?))"
            params = [*params, *[search_pattern(filters.search)] * 2]
        else:
            condition += "a.id IN (SELECT id FROM searched_ids)"
    return condition, params


def needs_ids(filters: Filters) -> bool:
    """Filters whose predicate is worth evaluating once and reusing: a text search reads every
    text, a people filter joins the people table. Dates, outlets, sections and languages are
    cheaper to apply in each query than a join on an id list."""
    return bool(filters.search or filters.people)


def q_filtered_ids(con: duckdb.DuckDBPyConnection, filters: Filters,
                   searched: pa.Table | None = None) -> pa.Table:
    """The ids of the filtered articles (one column `id`), to pass as `ids=` to the queries.
    `searched`: the ids of Filters(search=filters.search), so the texts are not read again when
    only the other filters change (the People page's comparison narrows the filters twice)."""
    condition, params = _condition(filters, searched)
    cursor = con.cursor()  # a relation (no extra copy of the ids) needs no result pending on `con`
    try:
        if searched is not None:
            cursor.register("searched_ids", searched)
        return cursor.sql(f"SELECT a.id FROM articles a WHERE {condition}", params=params).to_arrow_table()
    finally:
        cursor.close()


def _selected(con: duckdb.DuckDBPyConnection, filters: Filters, ids: pa.Table | None = None) -> tuple[str, list]:
    """A CTE `sel` of the filtered articles (id, published, outlet, section, title), for the
    queries below to start from. With `ids` (from q_filtered_ids for the same filters) the
    articles are those ids and the filters are not evaluated again."""
    if ids is not None:
        con.complete()  # a result left pending on `con` (fetchone) would refuse the registration
        con.register("sel_ids", ids)
        return f"WITH sel AS (SELECT {SEL_COLUMNS} FROM articles a WHERE a.id IN (SELECT id FROM sel_ids))", []
    condition, params = _condition(filters)
    return f"WITH sel AS (SELECT {SEL_COLUMNS} FROM articles a WHERE {condition})", params


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


def q_corpus_counts(con: duckdb.DuckDBPyConnection, filters: Filters, *, ids: pa.Table | None = None) -> dict:
    """Articles, outlets, people, mentions and quotes of the filtered corpus, and its date span."""
    cte, params = _selected(con, filters, ids)
    row = con.execute(f"""{cte},
        named AS (SELECT person, mentions FROM people_corpus WHERE article_id IN (SELECT id FROM sel)),
        span AS (SELECT COUNT(*) AS articles, COUNT(DISTINCT outlet) AS outlets,
                        MIN(published)::DATE AS first, MAX(published)::DATE AS last FROM sel)
        SELECT span.articles, span.outlets,
               (SELECT COUNT(DISTINCT person) FROM named) AS people,
               (SELECT COALESCE(SUM(mentions), 0) FROM named) AS mentions,
               (SELECT COUNT(*) FROM quotes WHERE article_id IN (SELECT id FROM sel)) AS quotes,
               span.first, span.last,
               (SELECT COUNT(*) FROM articles) AS corpus_articles
        FROM span""", params).fetchone()
    keys = ("articles", "outlets", "people", "mentions", "quotes", "first", "last", "corpus_articles")
    counts = dict(zip(keys, row))
    counts["mentions"] = int(counts["mentions"])
    return counts


def q_articles_over_time(con: duckdb.DuckDBPyConnection, filters: Filters, period: str, *,
                         ids: pa.Table | None = None) -> pd.DataFrame:
    """Articles per period and outlet: columns period (date), outlet, articles."""
    cte, params = _selected(con, filters, ids)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', published)::DATE AS period,
               COALESCE(outlet, '?') AS outlet, COUNT(*) AS articles
        FROM sel WHERE published IS NOT NULL GROUP BY ALL ORDER BY period, outlet""", params).df()


# Per person, over the filtered articles: mentions and articles naming them, attributed quotes
# and articles quoting them. The overview's two "top people" charts, the People page's picker
# and its mentioned-against-quoted chart and comparison cards are all slices of this one table:
# computed once per filter change (cached), instead of one GROUP BY over every person row each.
_SUMMARY_SQL = """
    named AS (SELECT person, SUM(mentions) AS mentions, COUNT(DISTINCT article_id) AS articles_mentioned
              FROM people_corpus WHERE article_id IN (SELECT id FROM sel) GROUP BY person),
    quoted AS (SELECT speaker_person AS person, COUNT(*) AS quotes, COUNT(DISTINCT article_id) AS articles_quoted
               FROM quotes_corpus WHERE speaker_person IS NOT NULL AND article_id IN (SELECT id FROM sel)
               GROUP BY 1)
    SELECT person, n.person IS NOT NULL AS named, n.mentions, n.articles_mentioned, q.quotes, q.articles_quoted
    FROM named n FULL JOIN quoted q USING (person)"""


def q_people_summary(con: duckdb.DuckDBPyConnection, filters: Filters, *, ids: pa.Table | None = None) -> pa.Table:
    """Per person named or quoted in the filtered articles: named (bool), mentions,
    articles_mentioned, quotes (attributed), articles_quoted; NULL where they are not."""
    cte, params = _selected(con, filters, ids)
    cursor = con.cursor()
    try:
        if ids is not None:
            cursor.register("sel_ids", ids)
        return cursor.sql(f"{cte}, {_SUMMARY_SQL}", params=params).to_arrow_table()
    finally:
        cursor.close()


def _with_summary(con: duckdb.DuckDBPyConnection, filters: Filters, ids: pa.Table | None,
                  summary: pa.Table | None) -> tuple[str, list]:
    """A CTE `summary` (q_people_summary's table): the cached one when given, else computed."""
    if summary is None:
        cte, params = _selected(con, filters, ids)
        return f"{cte}, summary AS (WITH {_SUMMARY_SQL})", params
    con.complete()
    con.register("people_summary", summary)
    return "WITH summary AS (SELECT * FROM people_summary)", []


def q_top_people_mentioned(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 15, *,
                           ids: pa.Table | None = None, summary: pa.Table | None = None) -> pd.DataFrame:
    """People by mentions: columns person, mentions, articles (articles naming them)."""
    cte, params = _with_summary(con, filters, ids, summary)
    return con.execute(f"""{cte}
        SELECT person, mentions::INTEGER AS mentions, articles_mentioned AS articles FROM summary
        WHERE named ORDER BY mentions DESC, articles DESC, person LIMIT ?""", [*params, limit]).df()


def q_top_people_quoted(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 15, *,
                        ids: pa.Table | None = None, summary: pa.Table | None = None) -> pd.DataFrame:
    """People by quotes attributed to them: columns person, quotes, articles, share (of all
    attributed quotes in the filtered corpus: their share of voice)."""
    cte, params = _with_summary(con, filters, ids, summary)
    return con.execute(f"""{cte}
        SELECT person, quotes, articles_quoted AS articles, quotes / SUM(quotes) OVER () AS share
        FROM summary WHERE quotes IS NOT NULL
        ORDER BY quotes DESC, articles DESC, person LIMIT ?""", [*params, limit]).df()


# Per article, the metrics the aggregate charts and the article list read, as one row: the
# store keeps ~22 metric rows per article (2.2M rows at 100k articles), and pivoting them once
# per store version spares every tone, readability and list query a join on all of them.
# Sums and value counts (not means) are kept so that pooled ratios and means over articles are
# exactly those computed on the metric rows.
_FACT_METRICS = {  # column -> (analyzer, metric)
    "positive": ("tone", "positive"), "negative": ("tone", "negative"), "loaded": ("tone", "loaded"),
    "tone_words": ("tone", "words"), "kandel_moles": ("readability", "kandel_moles"),
    "lix": ("readability", "lix"), "words_per_sentence": ("readability", "words_per_sentence"),
}
_LIST_METRICS = {  # the article list's columns: MAX of the metric's rows, as before
    "people_count": ("people", "count"), "quotes_count": ("quotes", "count"), "tone_net": ("tone", "net"),
    "kandel_moles_max": ("readability", "kandel_moles"), "words_max": ("tone", "words"),
}


def _facts_sql(where: str = "") -> str:
    sums = ", ".join(f"SUM(value) FILTER (WHERE analyzer = '{a}' AND metric = '{m}') AS {c}, "
                     f"COUNT(value) FILTER (WHERE analyzer = '{a}' AND metric = '{m}') AS {c}_n"
                     for c, (a, m) in _FACT_METRICS.items())
    maxima = ", ".join(f"MAX(value) FILTER (WHERE analyzer = '{a}' AND metric = '{m}') AS {c}"
                       for c, (a, m) in _LIST_METRICS.items())
    return f"""SELECT article_id AS id, COUNT(*) FILTER (WHERE analyzer = 'tone') AS tone_rows,
                      COUNT(*) FILTER (WHERE analyzer = 'readability') AS readability_rows, {sums}, {maxima}
               FROM metrics {where} GROUP BY article_id"""


def q_article_facts(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """One row per article with metrics: tone and readability sums and counts, the list's columns."""
    cursor = con.cursor()
    try:
        return cursor.sql(_facts_sql()).to_arrow_table()
    finally:
        cursor.close()


def _with_facts(con: duckdb.DuckDBPyConnection, cte: str, facts: pa.Table | None) -> str:
    """`cte` plus a CTE `facts`: the cached pivot when given, else computed for `sel` only."""
    if facts is None:
        return f"{cte}, facts AS ({_facts_sql('WHERE article_id IN (SELECT id FROM sel)')})"
    con.complete()
    con.register("article_facts", facts)
    return f"{cte}, facts AS (SELECT * FROM article_facts)"


def _pooled(column: str) -> str:
    return f"1000.0 * SUM(f.{column}) / NULLIF(SUM(f.tone_words), 0)"


def _mean(column: str) -> str:
    return f"SUM(f.{column}) / NULLIF(SUM(f.{column}_n), 0)"


def q_tone_over_time(con: duckdb.DuckDBPyConnection, filters: Filters, period: str, *,
                     ids: pa.Table | None = None, facts: pa.Table | None = None) -> pd.DataFrame:
    """Tone words per 1,000 words per period, pooled (sum of hits / sum of words, so long articles
    weigh as much as their words): columns period, positive, negative, loaded, articles."""
    cte, params = _selected(con, filters, ids)
    cte = _with_facts(con, cte, facts)
    per_1000 = ", ".join(f"{_pooled(c)} AS {c}" for c in TONE_CATEGORIES)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', s.published)::DATE AS period, {per_1000},
               COUNT(*) AS articles
        FROM sel s JOIN facts f ON f.id = s.id
        WHERE s.published IS NOT NULL AND f.tone_rows > 0 GROUP BY period ORDER BY period""", params).df()


def q_readability_over_time(con: duckdb.DuckDBPyConnection, filters: Filters, period: str, *,
                            ids: pa.Table | None = None, facts: pa.Table | None = None) -> pd.DataFrame:
    """Mean article readability per period: columns period, kandel_moles, lix,
    words_per_sentence, articles."""
    cte, params = _selected(con, filters, ids)
    cte = _with_facts(con, cte, facts)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', s.published)::DATE AS period,
               {_mean('kandel_moles')} AS kandel_moles, {_mean('lix')} AS lix,
               {_mean('words_per_sentence')} AS words_per_sentence, COUNT(*) AS articles
        FROM sel s JOIN facts f ON f.id = s.id
        WHERE s.published IS NOT NULL AND f.readability_rows > 0 GROUP BY period ORDER BY period""",
                       params).df()


def q_metrics_by_group(con: duckdb.DuckDBPyConnection, filters: Filters, by: str, *,
                       ids: pa.Table | None = None, facts: pa.Table | None = None) -> pd.DataFrame:
    """Tone (pooled per 1,000 words, as over time) and mean readability per outlet or section:
    columns group, articles, positive, negative, loaded, kandel_moles, lix; most articles first."""
    cte, params = _selected(con, filters, ids)
    cte = _with_facts(con, cte, facts)
    column = _group(by)
    tone = ", ".join(f"{_pooled(c)} AS {c}" for c in TONE_CATEGORIES)
    return con.execute(f"""{cte}
        SELECT COALESCE(s.{column}, '{UNKNOWN}') AS "group", COUNT(*) AS articles, {tone},
               {_mean('kandel_moles')} AS kandel_moles, {_mean('lix')} AS lix
        FROM sel s JOIN facts f ON f.id = s.id
        GROUP BY 1 ORDER BY articles DESC, 1""", params).df()


def q_people_voice(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...], *,
                   ids: pa.Table | None = None, summary: pa.Table | None = None) -> pd.DataFrame:
    """For each person: how often named and how often quoted in the filtered corpus. Columns
    person, mentions, articles_mentioned, quotes, articles_quoted, share (of attributed quotes),
    in the order given; people absent from the corpus get zeros."""
    cte, params = _with_summary(con, filters, ids, summary)
    return con.execute(f"""{cte},
        picked AS (SELECT UNNEST(?) AS person, generate_subscripts(?, 1) AS ord)
        SELECT p.person, COALESCE(s.mentions, 0)::INTEGER AS mentions,
               COALESCE(s.articles_mentioned, 0)::INTEGER AS articles_mentioned,
               COALESCE(s.quotes, 0)::INTEGER AS quotes, COALESCE(s.articles_quoted, 0)::INTEGER AS articles_quoted,
               COALESCE(s.quotes, 0) / NULLIF((SELECT SUM(quotes) FROM summary), 0) AS share
        FROM picked p LEFT JOIN summary s USING (person)
        ORDER BY p.ord""", [*params, list(people), list(people)]).df()


def q_people_coverage(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                      period: str, *, ids: pa.Table | None = None) -> pd.DataFrame:
    """Articles naming each person per period: columns period, person, articles, mentions."""
    cte, params = _selected(con, filters, ids)
    return con.execute(f"""{cte}
        SELECT date_trunc('{_period(period)}', s.published)::DATE AS period, p.person,
               COUNT(DISTINCT s.id) AS articles, SUM(p.mentions)::INTEGER AS mentions
        FROM sel s JOIN people_corpus p ON p.article_id = s.id
        WHERE s.published IS NOT NULL AND p.person IN (SELECT UNNEST(?))
        GROUP BY ALL ORDER BY period, p.person""", [*params, list(people)]).df()


def q_co_mentions(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                  limit: int = 15, *, ids: pa.Table | None = None) -> pd.DataFrame:
    """Who appears in the same articles as any of `people`: columns person, articles (shared with
    them), mentions; the people themselves left out."""
    cte, params = _selected(con, filters, ids)
    return con.execute(f"""{cte},
        theirs AS (SELECT DISTINCT article_id FROM people_corpus
                   WHERE person IN (SELECT UNNEST(?)) AND article_id IN (SELECT id FROM sel))
        SELECT person, COUNT(DISTINCT article_id) AS articles, SUM(mentions)::INTEGER AS mentions
        FROM people_corpus
        WHERE article_id IN (SELECT article_id FROM theirs) AND person NOT IN (SELECT UNNEST(?))
        GROUP BY person ORDER BY articles DESC, mentions DESC, person LIMIT ?""",
                       [*params, list(people), list(people), limit]).df()


def q_people_quotes(con: duckdb.DuckDBPyConnection, filters: Filters, people: tuple[str, ...],
                    search: str = "", *, ids: pa.Table | None = None) -> pd.DataFrame:
    """Quotes attributed to any of `people` in the filtered corpus, newest first, optionally only
    those containing `search` (case-insensitive, literal): columns speaker, text, kind, cue,
    published, outlet, title, article_id."""
    cte, params = _selected(con, filters, ids)
    condition = "AND contains(lower(q.text), ?)" if search.strip() else ""
    extra = [search.strip().lower()] if condition else []
    return con.execute(f"""{cte}
        SELECT q.speaker_person AS speaker, q.text, q.kind, q.cue, s.published, s.outlet, s.title,
               s.id AS article_id
        FROM quotes_corpus q JOIN sel s ON s.id = q.article_id
        WHERE q.speaker_person IN (SELECT UNNEST(?)) {condition}
        ORDER BY s.published DESC NULLS LAST, s.id, q.start""", [*params, list(people), *extra]).df()


def q_top_speakers(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 40, *,
                   ids: pa.Table | None = None, summary: pa.Table | None = None) -> pd.DataFrame:
    """The people most named or most quoted, for a picker: columns person, mentions, quotes."""
    cte, params = _with_summary(con, filters, ids, summary)
    return con.execute(f"""{cte}
        SELECT person, COALESCE(mentions, 0)::INTEGER AS mentions, COALESCE(quotes, 0)::INTEGER AS quotes
        FROM summary ORDER BY COALESCE(mentions, 0) + 3 * COALESCE(quotes, 0) DESC, person LIMIT ?""",
                       [*params, limit]).df()


def q_article_table(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 2000,
                    people: tuple[str, ...] = (), *, ids: pa.Table | None = None,
                    facts: pa.Table | None = None) -> pd.DataFrame:
    """One row per filtered article, newest first, with its headline metrics; with `people`, only
    the articles naming at least one of them. The newest `limit` articles are picked first and
    only their metrics are read."""
    cte, params = _selected(con, filters, ids)
    source = "sel"
    if people:
        cte += ", picked AS (SELECT * FROM sel WHERE id IN (SELECT article_id FROM people_corpus WHERE person IN (SELECT UNNEST(?))))"
        params = [*params, list(people)]
        source = "picked"
    cte += f", newest AS (SELECT * FROM {source} ORDER BY published DESC NULLS LAST, title, id LIMIT ?)"
    params = [*params, limit]
    if facts is None:
        cte += f", facts AS ({_facts_sql('WHERE article_id IN (SELECT id FROM newest)')})"
    else:
        con.complete()
        con.register("article_facts", facts)
        cte += ", facts AS (SELECT * FROM article_facts)"
    return con.execute(f"""{cte}
        SELECT s.id, s.published, s.outlet, s.section, s.title,
               f.people_count::INTEGER AS people, f.quotes_count::INTEGER AS quotes, f.tone_net,
               f.kandel_moles_max AS kandel_moles, f.words_max::INTEGER AS words
        FROM newest s LEFT JOIN facts f ON f.id = s.id
        ORDER BY s.published DESC NULLS LAST, s.title, s.id""", params).df()


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

_scope = threading.local()  # this thread's script run: {"path": str, "con": connection or None}


@contextmanager
def run_scope() -> Iterator[None]:
    """Around a script run (app.py wraps the page): the cache misses of the run share one
    read-only connection, opened at the first miss and closed when the run ends, so a page that
    makes a dozen queries after a filter change opens DuckDB once, and the file is free for
    `presslens analyze` between runs. Each script run has its own thread, hence its own scope."""
    outer = getattr(_scope, "state", None)
    _scope.state = {"path": None, "con": None}
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


@contextmanager
def _connection(db_path: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the run's shared connection inside run_scope, else a connection of its own."""
    state = getattr(_scope, "state", None)
    if state is None:
        with connect(db_path) as con:
            yield con
        return
    if state["path"] != db_path:
        release_connection()
        state["con"], state["path"] = duckdb.connect(db_path, read_only=True), db_path
    cursor = state["con"].cursor()  # registrations (sel_ids) stay local to the cursor
    try:
        yield cursor
    finally:
        cursor.close()


@st.cache_data(show_spinner=False, max_entries=64)
def _filtered_ids(db_path: str, stamp: float, filters: Filters) -> pa.Table:
    """The filtered article ids, once per filter change, shared by every query of every page; the
    text search's own ids are cached apart, so the texts are read once per searched word."""
    searched = None
    if filters.search and filters != Filters(search=filters.search):
        searched = _filtered_ids(db_path, stamp, Filters(search=filters.search))
    with _connection(db_path) as con:
        return q_filtered_ids(con, filters, searched)


USES_FACTS = {"tone_over_time", "readability_over_time", "metrics_by_group", "article_table"}
USES_SUMMARY = {"top_people_mentioned", "top_people_quoted", "people_voice", "top_speakers"}


@st.cache_resource(show_spinner=False, max_entries=2)
def _article_facts(db_path: str, stamp: float) -> pa.Table:
    """The per-article metrics pivot, once per store version, kept as one shared Arrow table
    (immutable; ~150 bytes an article) rather than copied out of the cache on every use."""
    with _connection(db_path) as con:
        return q_article_facts(con)


@st.cache_data(show_spinner=False, max_entries=64)
def _people_summary(db_path: str, stamp: float, filters: Filters) -> pa.Table:
    """Per person over the filtered articles, once per filter change (see q_people_summary)."""
    ids = _filtered_ids(db_path, stamp, filters) if needs_ids(filters) else None
    with _connection(db_path) as con:
        return q_people_summary(con, filters, ids=ids)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(query: str, db_path: str, stamp: float, args: tuple):
    """One cache for every query: `stamp` (the store's mtime) invalidates it on re-analysis."""
    function = QUERIES[query]
    kwargs = {}
    if args and isinstance(args[0], Filters) and needs_ids(args[0]):
        kwargs["ids"] = _filtered_ids(db_path, stamp, args[0])
    if query in USES_FACTS:
        kwargs["facts"] = _article_facts(db_path, stamp)
    if query in USES_SUMMARY:
        kwargs["summary"] = _people_summary(db_path, stamp, args[0])
    with _connection(db_path) as con:
        return function(con, *args, **kwargs)


# store path -> the last stamp whose queries succeeded: while `presslens analyze` holds the file
# (DuckDB then refuses even read-only opens), views already cached for it are served again.
_last_readable: dict[str, float] = {}


def _load(query: str, *args):
    path = str(store_path())
    stamp = store_stamp(Path(path))
    try:
        result = _cached(query, path, stamp, args)
    except duckdb.IOException:
        previous = _last_readable.get(path)
        if previous is None or previous == stamp:
            raise
        result = _cached(query, path, previous, args)  # a cache hit, or the same lock error again
        st.session_state["presslens_stale_view"] = True
        return result
    _last_readable[path] = stamp
    return result


def filtered_ids(filters: Filters) -> pa.Table:
    """The ids of the articles the filters select (column `id`)."""
    path = store_path()
    return _filtered_ids(str(path), store_stamp(path), filters.without_article())


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
    _filtered_ids.clear()
    _article_facts.clear()
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

