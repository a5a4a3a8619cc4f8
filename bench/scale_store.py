"""Build a large presslens store quickly by replicating the rows of a really analysed one.

Analysing 100k articles with spaCy takes hours on this machine, but the dashboard never runs the
analysis: it only reads the store. So the scaled store repeats real analysed rows, and the
dashboard's timings on it are valid for a store of that size:

    python bench/make_corpus.py 1000 -o /tmp/c1k.jsonl
    presslens analyze /tmp/c1k.jsonl --db /tmp/base-1k.duckdb          # a few minutes, once
    python bench/scale_store.py /tmp/base-1k.duckdb 100000 -o /tmp/store-100k.duckdb

How the copy is made (all in DuckDB SQL: 100k articles in about 10 s, then about 25 CPU seconds
for the reading tables; 1.8 GB of memory at most):

* copy k of base article i gets a new 16-hex id (md5 of the old id and k), so k = 0..N/base-1;
  copy 0 keeps the base articles' ids and dates, so `N = base size` reproduces the base store;
* every other copy's publication date is moved to a pseudo-random day (hash of the new id) in a
  span of max(366 days, the base's span) from the base's first day, time of day kept; `updated`
  moves by the same amount. Outlets, sections, languages, titles, texts and segments are kept;
* every table is replicated consistently with the new ids: articles, metrics, people, mentions,
  quotes, tone_hits, sources (and files, with one made-up source path per copy); runs, meta and
  person_aliases are copied once; then the dashboard's reading tables are built by the same
  function that ends every `presslens analyze` run (analysis/reading.py);
* the long tail of names grows with the corpus, as in real news: a person named in a single base
  article (and in no alias) is renamed "Name (k)" in copy k, in people, mentions and quote
  speakers alike, so the 100k store offers ~100x more rare people than the base (pickers, GROUP BY
  person). `--same-people` keeps every name as is.

Stores built from bench/make_corpus.py's 1000 articles (about 600 words each), on disk: 1k 9 MB,
10k 45 MB, 100k 400 MB, of which the reading tables (40M word postings at 100k) take a quarter
(100k articles, 2.2M metrics, 932k people, 1.0M mentions, 550k quotes, 1.2M
tone hits). make_corpus reuses the sentences of 101 real articles, so its people are few (294 in
the base, 4,254 in the 100k store with the long tail renamed): a real 100k corpus names more
people, which weighs on the people picker (filter_options) more than on the aggregates.

The output is for measuring only: write it outside the repository.
"""
from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import duckdb

from analysis import reading
from analysis.store import RESULT_TABLES, Store

TABLES = ("articles", "metrics", *RESULT_TABLES, "sources", "files", "person_aliases", "runs", "meta")


def _columns(con: duckdb.DuckDBPyConnection, table: str, catalog: str = "out") -> list[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns "
                       "WHERE table_catalog = ? AND table_name = ? ORDER BY ordinal_position",
                       [catalog, table]).fetchall()
    return [r[0] for r in rows]


def _select_list(columns: list[str], replace: dict[str, str], alias: str) -> str:
    return ", ".join(replace.get(c, f'{alias}."{c}"') for c in columns)


def scale(base: Path, n: int, output: Path, same_people: bool = False, quiet: bool = False) -> dict:
    """Write a store of `n` articles replicating `base` into `output` (replaced if it exists)."""
    started = time.perf_counter()
    for path in (output, output.with_name(output.name + ".wal")):
        path.unlink(missing_ok=True)
    with Store(output):  # the schema and views, exactly as presslens creates them
        pass
    con = duckdb.connect(str(output))
    con.execute(f"ATTACH '{str(base).replace(chr(39), chr(39) * 2)}' AS base (READ_ONLY)")
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    size = con.execute("SELECT COUNT(*) FROM base.articles").fetchone()[0]
    if size == 0:
        raise SystemExit(f"{base} holds no articles")
    copies = math.ceil(n / size)
    first, last = con.execute("SELECT MIN(published)::DATE, MAX(published)::DATE FROM base.articles").fetchone()
    span = max(366, (last - first).days + 1) if first else 366

    def say(message: str) -> None:
        if not quiet:
            print(f"{time.perf_counter() - started:6.1f} s  {message}", flush=True)

    # the id map: one row per new article, in the order a real store would have inserted them
    con.execute(f"""
        CREATE TEMP TABLE amap AS
        WITH b AS (SELECT id, published, row_number() OVER (ORDER BY rowid) - 1 AS rn FROM base.articles)
        SELECT b.id AS old_id, c.k, c.k * {size} + b.rn AS g,
               CASE WHEN c.k = 0 THEN b.id ELSE substr(md5(b.id || ':' || c.k), 1, 16) END AS new_id,
               CASE WHEN c.k = 0 OR b.published IS NULL THEN INTERVAL 0 DAY
                    ELSE to_days(CAST(((date_diff('day', DATE '{first}', b.published::DATE)
                                        + CAST(hash(b.id || ':' || c.k) % {span} AS BIGINT)) % {span}
                                       - date_diff('day', DATE '{first}', b.published::DATE)) AS INTEGER))
               END AS shift
        FROM b CROSS JOIN range({copies}) c(k)
        WHERE c.k * {size} + b.rn < {n}""")
    say(f"{n} articles from {size} base articles ({copies} copies)")

    # rare people: named in one base article and in no alias; renamed per copy
    if same_people:
        con.execute("CREATE TEMP TABLE rare (name VARCHAR)")
    else:
        con.execute("""
            CREATE TEMP TABLE rare AS
            SELECT name FROM base.people GROUP BY name HAVING COUNT(DISTINCT article_id) = 1
            EXCEPT SELECT alias FROM base.person_aliases
            EXCEPT SELECT canonical FROM base.person_aliases""")

    def person(column: str) -> str:
        return (f"CASE WHEN m.k > 0 AND {column} IN (SELECT name FROM rare) "
                f"THEN {column} || ' (' || m.k || ')' ELSE {column} END")

    def path(column: str) -> str:
        return f"CASE WHEN m.k = 0 THEN {column} ELSE {column} || '.copy' || m.k END"

    def copy(table: str, replace: dict[str, str], source: str, join: str, order: str) -> None:
        columns = _columns(con, table, catalog)
        con.execute(f'INSERT INTO "{table}" SELECT {_select_list(columns, replace, "t")} '
                    f'FROM base."{table}" t {join} {source} ORDER BY {order}')
        say(f"{table}: {con.execute(f'SELECT COUNT(*) FROM {table}').fetchone()[0]:,} rows")

    by_article = "JOIN amap m ON m.old_id = t.article_id"
    copy("articles", {"id": "m.new_id", "published": "t.published + m.shift",
                      "updated": "t.updated + m.shift", "source_path": path("t.source_path")},
         "", "JOIN amap m ON m.old_id = t.id", "m.g")
    copy("metrics", {"article_id": "m.new_id"}, "", by_article, "m.g, t.rowid")
    copy("people", {"article_id": "m.new_id", "name": person("t.name")}, "", by_article, "m.g, t.rowid")
    copy("mentions", {"article_id": "m.new_id", "name": person("t.name")}, "", by_article, "m.g, t.rowid")
    copy("quotes", {"article_id": "m.new_id", "speaker": person("t.speaker")}, "", by_article, "m.g, t.rowid")
    copy("tone_hits", {"article_id": "m.new_id"}, "", by_article, "m.g, t.rowid")
    # sources: an article's row follows its article; rejected inputs are repeated once per copy
    copy("sources", {"article_id": "m.new_id", "source_path": path("t.source_path")}, "",
         "JOIN amap m ON m.old_id = t.article_id", "m.g, t.rowid")
    con.execute(f"""INSERT INTO sources SELECT {_select_list(_columns(con, 'sources', catalog),
                                                             {'source_path': path('t.source_path')}, 't')}
                    FROM base.sources t CROSS JOIN (SELECT DISTINCT k FROM amap) m
                    WHERE t.article_id IS NULL ORDER BY m.k, t.rowid""")
    copy("files", {"path": path("t.path")}, "", "CROSS JOIN (SELECT DISTINCT k FROM amap) m", "m.k, t.rowid")
    for table in ("person_aliases", "runs"):
        con.execute(f'INSERT INTO "{table}" SELECT * FROM base."{table}"')
    con.execute("INSERT OR REPLACE INTO meta SELECT * FROM base.meta WHERE key <> 'reading_tables'")
    reading.refresh(con)  # what the end of a `presslens analyze` run writes for the dashboard
    say("reading tables (per-article rows, people, speakers, word index)")
    con.execute("CHECKPOINT")
    counts = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    counts["people_distinct"] = con.execute("SELECT COUNT(DISTINCT person) FROM people_corpus").fetchone()[0]
    con.close()
    counts["bytes"] = output.stat().st_size
    say(f"{output}: {counts['bytes'] / 1e6:.0f} MB")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="a store analysed by `presslens analyze`")
    parser.add_argument("n", type=int, help="articles in the new store")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--same-people", action="store_true",
                        help="keep every person's name (by default people named in one base article "
                             "get a new name in each copy, so the long tail grows with the corpus)")
    args = parser.parse_args()
    if args.output.resolve() == args.base.resolve():
        parser.error("the output must not be the base store")
    counts = scale(args.base, args.n, args.output, args.same_people)
    print(", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
