"""Script runs of several sessions at once, each in its own thread, open the store at the same time
(data.connect, and the per-run connection of data.run_scope) and register Arrow tables of filtered
article keys on it. tests/test_load.py found that this failed now and then under eight browser
sessions: DuckDB shares one database instance per file in a process, and a thread could get it
before its creator had set up the Python table functions ("Table Function with name
python_arrow_scan does not exist")."""
from __future__ import annotations

import threading

import pyarrow as pa
from dashboard_fixtures import article_id, fixture_store  # noqa: F401

from dashboard import data

THREADS = 8
ROUNDS = 100  # before the fix, 2 to 6 % of the opens failed, in every run of this test


def test_threads_opening_the_store_at_once_can_register_arrow_tables(fixture_store):  # noqa: F811
    """Each round, every thread opens the store at the same moment, when no connection is open (so
    the database instance is created anew), registers the keys, counts them, and closes."""
    keys = pa.table({"id": [article_id("a1"), article_id("a3")]})
    together = threading.Barrier(THREADS)
    errors: list[str] = []
    counts: list[int] = []

    def session() -> None:
        for _ in range(ROUNDS):
            together.wait()  # every connection of the last round is closed
            try:
                with data.connect(fixture_store) as con:
                    cursor = con.cursor()  # as a script run's queries do (data._connection)
                    cursor.register("picked", keys)
                    counts.append(cursor.execute("SELECT COUNT(*) FROM articles WHERE id IN (SELECT id FROM picked)")
                                  .fetchone()[0])
                    cursor.close()
            except Exception as exc:  # noqa: BLE001 - every failure is collected and reported
                errors.append(f"{type(exc).__name__}: {exc}")
            together.wait()

    threads = [threading.Thread(target=session) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts == [2] * (THREADS * ROUNDS)
