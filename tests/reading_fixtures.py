"""The fixture store as an older presslens left it: no reading tables (analysis/reading.py), so
the dashboard reads it through its fallback views."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from analysis import reading


def without_reading_tables(source: Path, target: Path) -> Path:
    """A copy of the store `source` at `target` with the reading tables and their mark removed."""
    shutil.copyfile(source, target)
    con = duckdb.connect(str(target))
    try:
        for table in reading.TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("DELETE FROM meta WHERE key = 'reading_tables'")
    finally:
        con.close()
    return target


@pytest.fixture(scope="session")
def old_store(fixture_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return without_reading_tables(fixture_store, tmp_path_factory.mktemp("old") / "old.duckdb")
