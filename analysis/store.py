"""The DuckDB store: schema, writes and the queries the CLI needs.

One file holds the articles (with the exact text every offset refers to), the analyzers' metrics
and tables, the ingest report (what each input file became) and what produced each result (the
spaCy model and the analyzer versions), so that stale results are recomputed and nothing is
analysed twice.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd

from analysis import reading
from analysis.models import AnalyzerResult, Article, Rejection, Segment

SCHEMA_VERSION = "1"

# Tables that analyzers fill, with their columns, in the order AnalyzerResult rows give them.
RESULT_TABLES: dict[str, dict[str, str]] = {
    "people": {"name": "VARCHAR", "mentions": "INTEGER", "first_start": "INTEGER",
               "first_segment": "VARCHAR"},
    "mentions": {"name": "VARCHAR", "start": "INTEGER", "end": "INTEGER", "text": "VARCHAR"},
    "quotes": {"text": "VARCHAR", "kind": "VARCHAR", "speaker": "VARCHAR",
               "speaker_type": "VARCHAR", "start": "INTEGER", "end": "INTEGER", "cue": "VARCHAR",
               "is_repeat": "BOOLEAN",  # repeats a later quote of the article (analysis/quotes: repeat_flags)
               "attribution": "VARCHAR"},  # stated | context | guess | unnamed (analysis/quotes: attribution)
    "tone_hits": {"start": "INTEGER", "end": "INTEGER", "text": "VARCHAR", "lemma": "VARCHAR",
                  "category": "VARCHAR", "negated": "BOOLEAN", "weight": "DOUBLE"},
}

ARTICLE_COLUMNS = {
    "id": "VARCHAR PRIMARY KEY", "source_path": "VARCHAR", "source_id": "VARCHAR",
    "title": "VARCHAR", "text": "VARCHAR", "segments": "JSON", "published": "TIMESTAMP",
    "updated": "TIMESTAMP", "sections": "VARCHAR[]", "section": "VARCHAR", "outlet": "VARCHAR",
    "authors": "VARCHAR[]", "agency": "VARCHAR", "url": "VARCHAR", "language": "VARCHAR",
    "model": "VARCHAR", "analyzers": "JSON", "analysed_at": "TIMESTAMP", "run_id": "INTEGER",
}

BASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, model VARCHAR,
    analyzers JSON, paths JSON, analysed INTEGER, unchanged INTEGER, rejected INTEGER);
CREATE TABLE IF NOT EXISTS files (
    path VARCHAR PRIMARY KEY, size BIGINT, mtime_ns BIGINT, run_id INTEGER);
CREATE TABLE IF NOT EXISTS sources (
    source_path VARCHAR, record VARCHAR, status VARCHAR, article_id VARCHAR, reason VARCHAR,
    run_id INTEGER);
CREATE TABLE IF NOT EXISTS metrics (
    article_id VARCHAR, analyzer VARCHAR, metric VARCHAR, value DOUBLE);
CREATE TABLE IF NOT EXISTS person_aliases (alias VARCHAR PRIMARY KEY, canonical VARCHAR);
"""


# Column types of the tables written in bulk, in their column order (see BASE_SCHEMA).
SOURCE_TYPES = ["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER"]
METRIC_TYPES = ["VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE"]


def _column_types(columns: dict[str, str]) -> list[str]:
    """"VARCHAR PRIMARY KEY" -> "VARCHAR": the type of each column, without its constraints."""
    return [declared.split()[0] for declared in columns.values()]


def _sql_path(path: Path) -> str:
    """A path inside a SQL string literal (DuckDB's EXPORT takes no parameters)."""
    return str(path).replace("'", "''")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says what to do."""


# DuckDB's words for a fault -> what presslens tells the user, first match wins. {path} is the
# store; {detail} DuckDB's own message.
_FAULTS = (
    (("could not set lock",),
     "another presslens analysis{holder} is writing to the store {path}: wait for it to finish (or "
     "stop it), then run this again"),
    (("no space left", "file too large", "disk full", "disk quota"),
     "the disk holding the store {path} is full ({detail}): free some space or give another store "
     "with --db FILE, then run again; the articles already saved are kept and the rerun resumes"),
    (("permission denied", "read-only file system", "read only"),
     "the store {path} cannot be written ({detail}): check that you may write the file and its "
     "folder, or give another store with --db FILE"),
    (("not a valid duckdb", "corrupt", "serialization error", "invalid database", "checksum"),
     "the store {path} is damaged or is not a presslens store ({detail}): move it away and run "
     "`presslens analyze` again to rebuild it from your files, or give another store with --db FILE"),
)


def store_error(exc: BaseException, path: str | Path) -> StoreError:
    """A DuckDB or file-system error on the store, as a StoreError that says what to do."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = detail.lower()
    for needles, message in _FAULTS:
        if any(n in lowered for n in needles):
            holder = re.search(r"\(PID (\d+)\)", detail)
            return StoreError(message.format(path=path, detail=detail,
                                             holder=f" (process {holder.group(1)})" if holder else ""))
    return StoreError(f"the store {path} failed: {detail}")


class Store:
    """A DuckDB file. Use as a context manager; read-only stores refuse writes."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}: run `presslens analyze PATH --db {self.path}` first")
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise store_error(exc, self.path) from exc
        if not read_only:
            self._create_schema_or_explain()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ---------------------------------------------------------------- schema
    def _create_schema_or_explain(self) -> None:
        try:
            self._create_schema()
        except duckdb.Error as exc:
            self.con.close()
            raise store_error(exc, self.path) from exc

    def _create_schema(self) -> None:
        self.con.execute(BASE_SCHEMA)
        cols = ", ".join(f'"{k}" {v}' for k, v in ARTICLE_COLUMNS.items())
        self.con.execute(f"CREATE TABLE IF NOT EXISTS articles ({cols})")
        for table, columns in RESULT_TABLES.items():
            cols = ", ".join(f'"{k}" {v}' for k, v in columns.items())
            self.con.execute(f'CREATE TABLE IF NOT EXISTS "{table}" (article_id VARCHAR, {cols})')
        for table, column, _ in reading.ADDED_COLUMNS:  # a store made before the column existed
            self.con.execute(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{column}" '
                             f'{RESULT_TABLES[table][column]}')
        self.con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        self._create_views()

    def _create_views(self) -> None:
        # people under their corpus-wide canonical name ("Trump" -> "Donald Trump")
        self.con.execute("""
            CREATE OR REPLACE VIEW people_corpus AS
            SELECT p.article_id, COALESCE(a.canonical, p.name) AS person, p.name AS article_name,
                   p.mentions, p.first_start, p.first_segment
            FROM people p LEFT JOIN person_aliases a ON a.alias = p.name""")
        self.con.execute("""
            CREATE OR REPLACE VIEW quotes_corpus AS
            SELECT q.*, COALESCE(a.canonical, q.speaker) AS speaker_person
            FROM quotes q LEFT JOIN person_aliases a ON a.alias = q.speaker""")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Many small writes as one commit (one disk sync rather than one per statement)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    # ---------------------------------------------------------------- runs
    def begin_run(self, model: str, analyzers: dict[str, str], paths: list[str]) -> int:
        run_id = self.con.execute("SELECT COALESCE(MAX(run_id), 0) + 1 FROM runs").fetchone()[0]
        self.con.execute(
            "INSERT INTO runs (run_id, started, model, analyzers, paths) VALUES (?, ?, ?, ?, ?)",
            [run_id, _now(), model, json.dumps(analyzers, sort_keys=True), json.dumps(paths)])
        return run_id

    def finish_run(self, run_id: int, analysed: int, unchanged: int, rejected: int) -> None:
        """Record the run's end, and bring the dashboard's reading tables up to date with it (the
        last step of every run: the articles and the corpus-wide aliases are final)."""
        self.con.execute(
            "UPDATE runs SET finished = ?, analysed = ?, unchanged = ?, rejected = ? WHERE run_id = ?",
            [_now(), analysed, unchanged, rejected, run_id])
        reading.refresh(self.con)

    # ---------------------------------------------------------------- files and sources
    def file_unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        row = self.con.execute(
            "SELECT size, mtime_ns FROM files WHERE path = ?", [path]).fetchone()
        return row is not None and tuple(row) == (size, mtime_ns)

    def articles_from(self, path: str) -> set[str]:
        rows = self.con.execute(
            "SELECT article_id FROM sources WHERE source_path = ? AND status = 'article'",
            [path]).fetchall()
        return {r[0] for r in rows}

    def record_file(self, path: str, run_id: int,
                    items: list[tuple[str, str | None, str | None, str | None]]) -> None:
        """Replace what `path` became: items are (status, record, article_id, reason).

        The file's fingerprint (`mark_file_done`) is written only after its articles are
        saved, so an interrupted run reads the file again next time.
        """
        self.con.execute("DELETE FROM sources WHERE source_path = ?", [path])
        self._insert_rows("sources", SOURCE_TYPES, [(path, record, status, article_id, reason, run_id)
                                                    for status, record, article_id, reason in items])

    def mark_file_done(self, path: str, size: int, mtime_ns: int, run_id: int) -> None:
        self.con.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                         [path, size, mtime_ns, run_id])

    def rejections(self, paths: Iterable[str] | None = None) -> list[tuple[str, str | None, str, str]]:
        """(source_path, record, status, reason) of every input that is not an article."""
        sql = ("SELECT source_path, record, status, reason FROM sources WHERE status <> 'article'")
        params: list = []
        if paths is not None:
            sql += " AND source_path IN (SELECT UNNEST(?))"
            params.append(list(paths))
        return self.con.execute(sql + " ORDER BY source_path, record", params).fetchall()

    # ---------------------------------------------------------------- articles
    def article_sources(self, ids: list[str]) -> dict[str, str]:
        """{id: source_path} of those of `ids` already stored, in one query (one per article
        costs about 0.7 ms each: 3 minutes on 282,000 articles)."""
        rows = self.con.execute(
            "SELECT id, source_path FROM articles WHERE id IN (SELECT UNNEST(?::VARCHAR[]))",
            [ids]).fetchall()
        return dict(rows)

    def current_ids(self, model: str, analyzers: dict[str, str]) -> set[str]:
        """Articles analysed by this model and these analyzer versions: nothing to redo."""
        rows = self.con.execute(
            "SELECT id FROM articles WHERE model = ? AND analyzers = ?",
            [model, json.dumps(analyzers, sort_keys=True)]).fetchall()
        return {r[0] for r in rows}

    def stale_articles(self, model: str, analyzers: dict[str, str]) -> list[Article]:
        """Stored articles produced by another model or analyzer version."""
        rows = self.con.execute(
            "SELECT id FROM articles WHERE model IS DISTINCT FROM ? OR analyzers IS DISTINCT FROM ?",
            [model, json.dumps(analyzers, sort_keys=True)]).fetchall()
        return [self.get_article(r[0]) for r in rows]

    def get_article(self, article_id: str) -> Article | None:
        row = self.con.execute(
            "SELECT source_path, source_id, title, text, segments, "
            "strftime(published, '%Y-%m-%dT%H:%M:%S'), strftime(updated, '%Y-%m-%dT%H:%M:%S'), "
            "sections, outlet, authors, agency, url, language FROM articles WHERE id = ?",
            [article_id]).fetchone()
        if row is None:
            return None
        (source_path, source_id, title, text, segments, published, updated, sections, outlet,
         authors, agency, url, language) = row
        return Article(
            source_path=source_path, source_id=source_id, title=title, text=text,
            segments=tuple(Segment(**s) for s in json.loads(segments or "[]")),
            published=published, updated=updated, sections=tuple(sections or ()), outlet=outlet,
            authors=tuple(authors or ()), agency=agency, url=url, language=language)

    def delete_articles(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        for table in ("metrics", *RESULT_TABLES):
            self.con.execute(f'DELETE FROM "{table}" WHERE article_id IN (SELECT UNNEST(?))', [ids])
        self.con.execute("DELETE FROM articles WHERE id IN (SELECT UNNEST(?))", [ids])

    def save_batch(self, run_id: int, model: str, analyzers: dict[str, str],
                   batch: list[tuple[Article, dict[str, AnalyzerResult]]]) -> None:
        """Write analysed articles and all their results in one transaction."""
        if not batch:
            return
        versions = json.dumps(analyzers, sort_keys=True)
        ids = [a.id for a, _ in batch]  # Article.id hashes the whole text: once per article
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.delete_articles(self._stored_ids(ids))
            self._insert_articles(run_id, model, versions, [a for a, _ in batch], ids)
            self._insert_results(batch, ids)
            self.con.execute("COMMIT")
        except Exception:
            self._rollback()
            raise

    def _stored_ids(self, ids: list[str]) -> list[str]:
        """Those of `ids` already in the store: only they have rows to delete (a DELETE scans
        every result table, which grows with the corpus)."""
        rows = self.con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT UNNEST(?::VARCHAR[]))", [ids]).fetchall()
        return [r[0] for r in rows]

    def _insert_rows(self, table: str, types: list[str], rows: list[tuple]) -> None:
        """Insert rows in one statement, each column bound as one list and unnested side by side.

        `executemany` binds and inserts row by row (about 1 ms a row, most of the parent's time on
        a big run); the list casts are the ones a bound value gets, so the stored values are the same.
        """
        if not rows:
            return
        columns = [list(column) for column in zip(*rows)]
        unnested = ", ".join(f"UNNEST(?::{sql_type}[])" for sql_type in types)
        self.con.execute(f'INSERT INTO "{table}" SELECT {unnested}', columns)

    def _rollback(self) -> None:
        """Roll back, keeping the error that caused it (a failed COMMIT has no transaction left)."""
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass

    def _insert_articles(self, run_id: int, model: str, versions: str, articles: list[Article],
                         ids: list[str]) -> None:
        now = _now()
        rows = [
            (article_id, a.source_path, a.source_id, a.title, a.text,
             json.dumps([asdict(s) for s in a.segments]), a.published, a.updated,
             list(a.sections), a.section, a.outlet, list(a.authors), a.agency, a.url, a.language,
             model, versions, now, run_id)
            for a, article_id in zip(articles, ids)]
        self._insert_rows("articles", _column_types(ARTICLE_COLUMNS), rows)

    def _insert_results(self, batch: list[tuple[Article, dict[str, AnalyzerResult]]], ids: list[str]) -> None:
        metric_rows = []
        table_rows: dict[str, list[tuple]] = {t: [] for t in RESULT_TABLES}
        for (_, results), article_id in zip(batch, ids):
            for analyzer, result in results.items():
                metric_rows += [(article_id, analyzer, k, None if v is None else float(v))
                                for k, v in result.metrics.items()]
                for table, rows in result.tables.items():
                    if table not in RESULT_TABLES:
                        raise ValueError(f"analyzer {analyzer!r} returned unknown table {table!r}")
                    columns = RESULT_TABLES[table]
                    table_rows[table] += [(article_id, *(r.get(c) for c in columns)) for r in rows]
        self._insert_rows("metrics", METRIC_TYPES, metric_rows)
        for table, rows in table_rows.items():
            self._insert_rows(table, ["VARCHAR", *_column_types(RESULT_TABLES[table])], rows)

    def remove_orphans(self) -> int:
        """Delete articles that no input file yields any more (their file changed or went)."""
        ids = [r[0] for r in self.con.execute(
            "SELECT id FROM articles WHERE id NOT IN "
            "(SELECT article_id FROM sources WHERE article_id IS NOT NULL)").fetchall()]
        self.delete_articles(ids)
        return len(ids)

    # ---------------------------------------------------------------- corpus-wide people
    def person_name_counts(self) -> dict[str, int]:
        rows = self.con.execute("SELECT name, SUM(mentions) FROM people GROUP BY name").fetchall()
        return {name: int(n) for name, n in rows}

    def set_person_aliases(self, aliases: dict[str, str]) -> None:
        self.con.execute("DELETE FROM person_aliases")
        rows = [(a, c) for a, c in aliases.items() if a != c]
        if rows:
            self.con.executemany("INSERT INTO person_aliases VALUES (?, ?)", rows)

    # ---------------------------------------------------------------- reading
    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def people_report(self, limit: int | None = None) -> pd.DataFrame:
        """Per person over the corpus: articles, name mentions, reported quotes, words quoted (each
        quotation once: a title repeating a body quote is not counted again)."""
        distinct = f"AND {reading.DISTINCT_QUOTE}" if self._quotes_flag_repeats else ""
        sql = f"""
            WITH mentioned AS (
                SELECT person, COUNT(DISTINCT article_id) AS articles, SUM(mentions) AS mentions
                FROM people_corpus GROUP BY person),
            quoted AS (
                SELECT speaker_person AS person, COUNT(*) AS quotes,
                       SUM(len(regexp_split_to_array(trim(text), '\\s+'))) AS words_quoted
                FROM quotes_corpus
                WHERE kind IN ('speech', 'partial') AND speaker_person IS NOT NULL {distinct}
                GROUP BY speaker_person)
            SELECT COALESCE(m.person, q.person) AS person, COALESCE(m.articles, 0) AS articles,
                   CAST(COALESCE(m.mentions, 0) AS INTEGER) AS mentions,
                   CAST(COALESCE(q.quotes, 0) AS INTEGER) AS quotes,
                   CAST(COALESCE(q.words_quoted, 0) AS INTEGER) AS words_quoted
            FROM mentioned m FULL OUTER JOIN quoted q ON m.person = q.person
            ORDER BY mentions DESC, quotes DESC, person"""
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql).df()

    def export_parquet(self, folder: Path) -> None:
        """Every table as Parquet files in `folder` (DuckDB's EXPORT DATABASE), with the schema
        and a load script: the way out when one DuckDB file is no longer enough."""
        folder = Path(folder)
        if folder.exists() and any(folder.iterdir()):
            raise StoreError(f"{folder} is not empty: choose a new folder for the Parquet export")
        self.con.execute(f"EXPORT DATABASE '{_sql_path(folder)}' (FORMAT parquet)")

    def count_articles(self) -> int:
        return self.con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def export_records(self) -> Iterator[dict]:
        """One dict per article in the public export format (see README, "Export format")."""
        ids = [r[0] for r in self.con.execute(
            "SELECT id FROM articles ORDER BY published NULLS LAST, source_path, source_id").fetchall()]
        for article_id in ids:
            yield self.export_record(article_id)

    def export_record(self, article_id: str) -> dict:
        article = self.get_article(article_id)
        return {
            "id": article_id, "source_path": article.source_path, "source_id": article.source_id,
            "title": article.title, "published": article.published, "updated": article.updated,
            "section": article.section, "sections": list(article.sections), "outlet": article.outlet,
            "authors": list(article.authors), "agency": article.agency, "url": article.url,
            "language": article.language, "text": article.text,
            "segments": [asdict(s) for s in article.segments],
            "people": self._export_people(article_id),
            "quotes": self._export_quotes(article_id),
            **self._export_metrics(article_id),
        }

    def _export_people(self, article_id: str) -> list[dict]:
        rows = self.con.execute(
            "SELECT person, SUM(mentions) AS m, MIN(first_start) AS f FROM people_corpus "
            "WHERE article_id = ? GROUP BY person ORDER BY m DESC, f", [article_id]).fetchall()
        return [{"name": name, "mentions": int(m)} for name, m, _ in rows]

    def _export_quotes(self, article_id: str) -> list[dict]:
        rows = self.con.execute(
            'SELECT text, kind, speaker_person, speaker_type, start, "end", cue, '
            f"{'COALESCE(is_repeat, FALSE)' if self._quotes_flag_repeats else 'FALSE'}, "
            f"{'attribution' if self._quotes_tell_attribution else 'NULL'} "
            "FROM quotes_corpus WHERE article_id = ? ORDER BY start", [article_id]).fetchall()
        keys = ("text", "kind", "speaker", "speaker_type", "start", "end", "cue", "repeat", "attribution")
        return [dict(zip(keys, r)) for r in rows]

    @cached_property
    def _quotes_flag_repeats(self) -> bool:
        """Whether the quotes table has `is_repeat` (a store made before it, opened read-only, has
        not); asked once per Store, not once per exported article."""
        return reading.has_column(self.con, "quotes", "is_repeat")

    @cached_property
    def _quotes_tell_attribution(self) -> bool:
        """Whether the quotes table has `attribution` (added with the speaker ranker)."""
        return reading.has_column(self.con, "quotes", "attribution")

    def _export_metrics(self, article_id: str) -> dict[str, dict]:
        """{"tone": {...}, "readability": {...}, "people_metrics": {...}, "quotes_metrics": {...}}:
        one object per analyzer, suffixed where the analyzer's name is already a list field."""
        out: dict[str, dict] = {}
        rows = self.con.execute(
            "SELECT analyzer, metric, value FROM metrics WHERE article_id = ? ORDER BY analyzer, metric",
            [article_id]).fetchall()
        for analyzer, metric, value in rows:
            if value is not None and float(value).is_integer() and metric in _COUNT_METRICS:
                value = int(value)
            key = f"{analyzer}_metrics" if analyzer in RESULT_TABLES else analyzer
            out.setdefault(key, {})[metric] = value
        return out


# metrics that are counts, exported as integers
_COUNT_METRICS = {"count", "mentions", "speech", "partial", "other", "attributed", "positive",
                  "negative", "loaded", "words", "sentences", "syllables"}
