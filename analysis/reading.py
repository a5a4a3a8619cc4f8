"""Reading tables: what the dashboard reads, derived from the store at the end of every run.

The store keeps what the analyzers produce (2.2M metric rows, 930k people rows, 550k quotes at 100k
articles, under names that person_aliases resolves at read time). A dashboard page after a filter
change needs a dozen aggregates of those; computed from the raw tables they cost seconds at 100k
articles. `refresh` (called by Store.finish_run, inside the run's last transaction) writes, once per
run, small tables keyed by an integer article key `k`:

* reading_articles: one row per article with what the pages filter and aggregate on (date, outlet,
  section, language, title) and its metrics pivoted into columns (sums and value counts, so pooled
  ratios and means are exactly those of the metric rows; the list's MAX columns);
* reading_people / reading_speakers: per article and canonical person, mentions / attributed quotes;
  reading_person_totals: per person over the whole corpus (the first visit's people charts, the
  sidebar's people picker);
* reading_terms / reading_postings: an inverted index of the lowercased words of title and text,
  so a text search reads the articles containing the searched words, not 450 MB of text.

Articles and the search index are updated incrementally (an article is known by its id and
`analysed_at`: a re-analysed article gets a new key); the people tables are rebuilt, because the
corpus-wide aliases may change at every run. `meta.reading_tables` records the fingerprint of the
articles and aliases the tables were built from: `is_fresh` tells a reader whether it may use them
(a store written by an older presslens, or whose last run was killed, is not fresh; the dashboard
then computes the same tables on the fly, see `FALLBACK_VIEWS`).
"""
from __future__ import annotations

import duckdb

FORMAT = "3"  # bump when the tables' layout changes: stores are then rebuilt on the next run

# Maximal runs of letters, digits and combining marks are the index's words. Any substring search
# is answerable from them: each such run of the (lowercased) query lies inside one word of every
# text containing the query (see the dashboard's search).
WORD_SEPARATORS = r"[^\pL\pN\pM]+"

FACT_METRICS = {  # column -> (analyzer, metric): SUM and COUNT of values (column, column_n)
    "positive": ("tone", "positive"), "negative": ("tone", "negative"), "loaded": ("tone", "loaded"),
    "tone_words": ("tone", "words"), "kandel_moles": ("readability", "kandel_moles"),
    "lix": ("readability", "lix"), "words_per_sentence": ("readability", "words_per_sentence"),
}
LIST_METRICS = {  # the article list's columns: MAX of the metric's rows
    "people_count": ("people", "count"), "quotes_count": ("quotes", "count"), "tone_net": ("tone", "net"),
    "kandel_moles_max": ("readability", "kandel_moles"), "words_max": ("tone", "words"),
}


def metrics_pivot_sql(where: str = "") -> str:
    """One row per article of `metrics` (optionally WHERE ...): column `id`, row counts of tone
    and readability, FACT_METRICS sums and counts, LIST_METRICS maxima."""
    sums = ", ".join(f"SUM(value) FILTER (WHERE analyzer = '{a}' AND metric = '{m}') AS {c}, "
                     f"COUNT(value) FILTER (WHERE analyzer = '{a}' AND metric = '{m}') AS {c}_n"
                     for c, (a, m) in FACT_METRICS.items())
    maxima = ", ".join(f"MAX(value) FILTER (WHERE analyzer = '{a}' AND metric = '{m}') AS {c}"
                       for c, (a, m) in LIST_METRICS.items())
    return f"""SELECT article_id AS id, COUNT(*) FILTER (WHERE analyzer = 'tone') AS tone_rows,
                      COUNT(*) FILTER (WHERE analyzer = 'readability') AS readability_rows, {sums}, {maxima}
               FROM metrics {where} GROUP BY article_id"""


# A quote counted once: not a title or lead repeating a later quote (NULL in stores analysed before the flag).
DISTINCT_QUOTE = "NOT COALESCE(is_repeat, FALSE)"


def _metric_columns() -> list[str]:
    return ["tone_rows", "readability_rows", *[f"{c}{s}" for c in FACT_METRICS for s in ("", "_n")],
            *LIST_METRICS]


def articles_sql(keys: str) -> str:
    """reading_articles' rows for `keys` (a relation of k, id): the article's columns, its number
    of quotes (attributed or not) and its metrics pivot."""
    metrics = ", ".join(f"f.{c}" for c in _metric_columns())
    return f"""
        SELECT n.k, a.id, a.analysed_at, a.published, a.outlet, a.section, a.language, a.title,
               COALESCE(q.quotes, 0)::INTEGER AS quotes, {metrics}
        FROM {keys} n JOIN articles a ON a.id = n.id
        LEFT JOIN ({metrics_pivot_sql(f'WHERE article_id IN (SELECT id FROM {keys})')}) f ON f.id = a.id
        LEFT JOIN (SELECT article_id, COUNT(*) AS quotes FROM quotes
                   WHERE article_id IN (SELECT id FROM {keys}) AND {DISTINCT_QUOTE} GROUP BY 1) q ON q.article_id = a.id"""


PEOPLE_SQL = """
    SELECT r.k, p.person, SUM(p.mentions)::INTEGER AS mentions
    FROM people_corpus p JOIN reading_articles r ON r.id = p.article_id GROUP BY ALL"""
SPEAKERS_SQL = f"""
    SELECT r.k, q.speaker_person AS person, COUNT(*)::INTEGER AS quotes
    FROM quotes_corpus q JOIN reading_articles r ON r.id = q.article_id
    WHERE q.speaker_person IS NOT NULL AND {DISTINCT_QUOTE} GROUP BY ALL"""


def people_summary_sql(restrict: str = "") -> str:
    """Per person named or quoted in the articles whose key satisfies `restrict` (all when empty):
    named (bool), mentions, articles_mentioned, quotes (attributed), articles_quoted; NULL where
    they are not."""
    where = f"WHERE {restrict}" if restrict else ""
    return f"""
        WITH named AS (SELECT person, SUM(mentions)::BIGINT AS mentions, COUNT(*) AS articles_mentioned
                       FROM reading_people {where} GROUP BY person),
        quoted AS (SELECT person, SUM(quotes)::BIGINT AS quotes, COUNT(*) AS articles_quoted
                   FROM reading_speakers {where} GROUP BY person)
        SELECT person, n.person IS NOT NULL AS named, n.mentions, n.articles_mentioned, q.quotes, q.articles_quoted
        FROM named n FULL JOIN quoted q USING (person)"""


# What the tables are computed from: every article's id and version, every alias.
FINGERPRINT_SQL = f"""
    SELECT '{FORMAT}:' || (SELECT COUNT(*) || ':' || COALESCE(bit_xor(hash(id, analysed_at)), 0) FROM articles)
           || ':' || (SELECT COUNT(*) || ':' || COALESCE(bit_xor(hash(alias, canonical)), 0) FROM person_aliases)"""

# The same tables computed on the fly from the store's own, for a store that has no fresh reading
# tables: temporary views of the same names (they shadow stale tables), slower but equal.
def has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    return con.execute("SELECT COUNT(*) FROM duckdb_columns() WHERE table_name = ? AND column_name = ? "
                       "AND database_name = current_database()", [table, column]).fetchone()[0] > 0


# Columns added to the store's tables since its first version: (table, column, value for older rows).
# A store made before them and opened read-only gets a temporary view of the table with the column.
ADDED_COLUMNS = (("quotes", "is_repeat", "FALSE"), ("quotes", "attribution", "CAST(NULL AS VARCHAR)"))


def shadow_added_columns(con: duckdb.DuckDBPyConnection) -> None:
    database = con.execute("SELECT current_database()").fetchone()[0].replace('"', '""')
    for table in dict.fromkeys(table for table, _, _ in ADDED_COLUMNS):
        missing = [f'{value} AS "{column}"' for t, column, value in ADDED_COLUMNS
                   if t == table and not has_column(con, table, column)]
        if has_table(con, table) and missing:  # one view per table, with all its missing columns
            con.execute(f'CREATE OR REPLACE TEMP VIEW "{table}" AS SELECT *, {", ".join(missing)} '
                        f'FROM "{database}".main."{table}"')


FALLBACK_VIEWS = {
    "reading_articles": articles_sql("(SELECT row_number() OVER (ORDER BY id)::INTEGER AS k, id FROM articles)"),
    "reading_people": PEOPLE_SQL,
    "reading_speakers": SPEAKERS_SQL,
    "reading_person_totals": people_summary_sql(),
}

TABLES = ("reading_articles", "reading_people", "reading_speakers", "reading_person_totals", "reading_terms",
          "reading_postings")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS reading_terms (term_id INTEGER, term VARCHAR);
CREATE TABLE IF NOT EXISTS reading_postings (term_id INTEGER, k INTEGER);
"""


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the reading tables up to date with the store's articles and aliases (without DuckDB's
    own progress bar, which long statements would print into the CLI's output)."""
    shown = con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]
    con.execute("SET enable_progress_bar = false")
    try:
        _refresh(con)
    finally:
        con.execute(f"SET enable_progress_bar = {'true' if shown else 'false'}")


def _refresh(con: duckdb.DuckDBPyConnection) -> None:
    if not _stored_fingerprint(con).startswith(f"{FORMAT}:"):  # another layout, or none: start anew
        for table in TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(_SCHEMA)
    if not has_table(con, "reading_articles"):
        con.execute(f"CREATE TABLE reading_articles AS SELECT * FROM ({articles_sql('(SELECT 0 AS k, id FROM articles)')}) LIMIT 0")
    _forget_changed_articles(con)
    _add_new_articles(con)
    for table, sql in (("reading_people", PEOPLE_SQL), ("reading_speakers", SPEAKERS_SQL)):
        con.execute(f"CREATE OR REPLACE TABLE {table} AS {sql} ORDER BY k, person")
    con.execute(f"CREATE OR REPLACE TABLE reading_person_totals AS {people_summary_sql()} ORDER BY person")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('reading_tables', ?)",
                [con.execute(FINGERPRINT_SQL).fetchone()[0]])


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the connection's database (not an attached one, not a temporary table) has `name`."""
    return con.execute("SELECT COUNT(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary "
                       "AND database_name = current_database()", [name]).fetchone()[0] > 0


_SAME_VERSION = "a.id = r.id AND a.analysed_at IS NOT DISTINCT FROM r.analysed_at"


def _forget_changed_articles(con: duckdb.DuckDBPyConnection) -> None:
    """Articles deleted or re-analysed since the last refresh lose their key and postings."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE reading_gone AS SELECT k FROM reading_articles r
                    WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE {_SAME_VERSION})""")
    con.execute("DELETE FROM reading_postings WHERE k IN (SELECT k FROM reading_gone)")
    con.execute("DELETE FROM reading_articles WHERE k IN (SELECT k FROM reading_gone)")
    con.execute("DROP TABLE reading_gone")


def _add_new_articles(con: duckdb.DuckDBPyConnection) -> None:
    """New keys (in publication order, so date ranges read contiguous rows), rows and postings."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE reading_new AS
        SELECT ((SELECT COALESCE(MAX(k), 0) FROM reading_articles)
                + row_number() OVER (ORDER BY a.published NULLS LAST, a.id))::INTEGER AS k, a.id
        FROM articles a WHERE NOT EXISTS (SELECT 1 FROM reading_articles r WHERE {_SAME_VERSION})""")
    con.execute(f"INSERT INTO reading_articles {articles_sql('reading_new')} ORDER BY n.k")
    first, last = con.execute("SELECT MIN(k), MAX(k) FROM reading_new").fetchone()
    for start in range(first or 0, (last or -1) + 1, WORDS_CHUNK):
        _index_words(con, start, start + WORDS_CHUNK - 1)
    con.execute("DROP TABLE reading_new")


WORDS_CHUNK = 20_000  # articles whose words are indexed at once: bounds the memory of a first run


def _index_words(con: duckdb.DuckDBPyConnection, first: int, last: int) -> None:
    """The words of the new articles with keys first..last: new words get ids, then postings."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE reading_words AS
        SELECT DISTINCT k, term FROM (
            SELECT n.k, UNNEST(regexp_split_to_array(lower(concat_ws(' ', a.title, a.text)),
                                                     '{WORD_SEPARATORS}')) AS term
            FROM reading_new n JOIN articles a ON a.id = n.id WHERE n.k BETWEEN ? AND ?)
        WHERE term <> ''""", [first, last])
    con.execute("""
        INSERT INTO reading_terms
        SELECT ((SELECT COALESCE(MAX(term_id), 0) FROM reading_terms) + row_number() OVER (ORDER BY term))::INTEGER,
               term
        FROM (SELECT DISTINCT term FROM reading_words EXCEPT SELECT term FROM reading_terms)""")
    # sorted by word: a search reads the few row groups holding its words' postings
    con.execute("""INSERT INTO reading_postings SELECT t.term_id, w.k
                   FROM reading_words w JOIN reading_terms t ON t.term = w.term ORDER BY t.term_id, w.k""")
    con.execute("DROP TABLE reading_words")


def _stored_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """The fingerprint the reading tables were last built from ("" if never)."""
    if not has_table(con, "meta"):
        return ""
    row = con.execute("SELECT value FROM meta WHERE key = 'reading_tables'").fetchone()
    return row[0] if row else ""


def is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the reading tables were built from the store as it is now."""
    if not all(has_table(con, t) for t in TABLES):
        return False
    return _stored_fingerprint(con) == con.execute(FINGERPRINT_SQL).fetchone()[0]
