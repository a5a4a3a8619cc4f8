"""Do two stores hold the same analysis? Every table of both, row for row (as multisets).

    python bench/compare_stores.py A.duckdb B.duckdb

Written to prove that a speed change changed no result: analyse the same corpus before and after
it, then compare. Columns that only say when something ran (analysed_at, started, finished) are
left out; everything else, floats included, must be equal exactly. Prints one line per table and
exits 1 when any table differs.
"""
from __future__ import annotations

import argparse
import sys

import duckdb

# when a run happened, not what it found
RUN_TIME_COLUMNS = {"analysed_at", "started", "finished"}


def _quoted(path: str) -> str:
    """A path inside a SQL string literal (ATTACH takes no parameters)."""
    return path.replace("'", "''")


def base_tables(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, list[str]]:
    """{table: columns} of the base tables (not views) of an attached store."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = ? AND table_name IN (SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = ? AND table_type = 'BASE TABLE') ORDER BY table_name, ordinal_position",
        [schema, schema]).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def rows_only_in(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], first: str, second: str) -> int:
    listed = ", ".join(f'"{c}"' for c in columns)
    return con.execute(
        f'SELECT COUNT(*) FROM (SELECT {listed} FROM {first}."{table}" '
        f'EXCEPT ALL SELECT {listed} FROM {second}."{table}")').fetchone()[0]


def compare(path_a: str, path_b: str) -> list[str]:
    """One line per table; a line starting with "DIFF" or "ONLY" is a difference."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{_quoted(path_a)}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{_quoted(path_b)}' AS b (READ_ONLY)")
    tables_a, tables_b = base_tables(con, "a"), base_tables(con, "b")
    lines = [f"ONLY in {'A' if t in tables_a else 'B'}: {t}" for t in sorted(set(tables_a) ^ set(tables_b))]
    for table in sorted(set(tables_a) & set(tables_b)):
        columns = [c for c in tables_a[table] if c in tables_b[table] and c not in RUN_TIME_COLUMNS]
        count_a = con.execute(f'SELECT COUNT(*) FROM a."{table}"').fetchone()[0]
        count_b = con.execute(f'SELECT COUNT(*) FROM b."{table}"').fetchone()[0]
        missing = rows_only_in(con, table, columns, "a", "b")
        extra = rows_only_in(con, table, columns, "b", "a")
        status = "same" if (count_a, missing, extra) == (count_b, 0, 0) else "DIFF"
        lines.append(f"{status} {table}: {count_a} rows in A, {count_b} in B, "
                     f"{missing} only in A, {extra} only in B")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a")
    parser.add_argument("b")
    args = parser.parse_args()
    lines = compare(args.a, args.b)
    print("\n".join(lines))
    return 1 if any(line.startswith(("DIFF", "ONLY")) for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
