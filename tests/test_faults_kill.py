"""Issue 6, killed runs: `presslens analyze` (real model, batches of 10) is SIGKILLed after some
batches are committed, and again part way through the rerun; the store opens after each kill, and
a last rerun completes it with every article stored once, with all its results once."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from test_faults import REPO, write_corpus

pytestmark = pytest.mark.slow
N_ARTICLES = 240
BATCH = 10
DONE = re.compile(rb"(\d+)/(\d+) \[")


def start(corpus: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PRESSLENS_BATCH_SIZE": str(BATCH), "PRESSLENS_WORKERS": "1"}
    return subprocess.Popen([sys.executable, "-m", "analysis.cli", "analyze", str(corpus), "--db", str(db)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def kill_after(process: subprocess.Popen, articles: int, timeout: float = 120) -> int:
    """SIGKILL the run (its whole process group) once its progress bar shows `articles` saved
    (the bar moves only after a batch is committed); the count last shown."""
    deadline, shown, buffer = time.monotonic() + timeout, 0, b""
    while shown < articles:
        assert time.monotonic() < deadline and process.poll() is None, buffer[-2000:]
        buffer += os.read(process.stderr.fileno(), 4096)
        counts = DONE.findall(buffer)
        shown = int(counts[-1][0]) if counts else 0
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return shown


def stored(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:  # opens: the WAL is replayed
        def one(sql: str) -> int:
            return con.execute(sql).fetchone()[0]
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "distinct ids": one("SELECT COUNT(DISTINCT id) FROM articles"),
            "metric rows repeated": one("SELECT COUNT(*) FROM (SELECT article_id, analyzer, metric FROM metrics "
                                        "GROUP BY ALL HAVING COUNT(*) > 1)"),
            "articles without 4 analyzers": one("SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article_id "
                                                "FROM metrics GROUP BY 1 HAVING COUNT(DISTINCT analyzer) = 4)"),
            "results of no article": one("SELECT COUNT(*) FROM (SELECT article_id FROM people UNION ALL "
                                         "SELECT article_id FROM quotes UNION ALL SELECT article_id FROM tone_hits "
                                         "UNION ALL SELECT article_id FROM metrics) WHERE article_id NOT IN "
                                         "(SELECT id FROM articles)"),
            "people rows repeated": one("SELECT COUNT(*) FROM (SELECT article_id, name FROM people GROUP BY ALL "
                                        "HAVING COUNT(*) > 1)"),
            "files done": one("SELECT COUNT(*) FROM files"),
            "article sources": one("SELECT COUNT(*) FROM sources WHERE status = 'article'"),
        }


def test_killed_twice_then_rerun_loses_nothing_and_counts_nothing_twice(tmp_path):
    corpus, db = write_corpus(tmp_path / "corpus", N_ARTICLES), tmp_path / "s.duckdb"
    shown = kill_after(start(corpus, db), 3 * BATCH)  # between or during batches 4 and 5
    first = stored(db)
    assert shown <= first["articles"] < N_ARTICLES  # what the bar showed was committed
    assert first["articles"] % BATCH == 0  # whole batches only: the one in flight was rolled back
    shown_again = kill_after(start(corpus, db), 6 * BATCH)  # the rerun, killed part way too
    second = stored(db)
    assert first["articles"] + shown_again <= second["articles"] < N_ARTICLES

    print(f"\nkilled at {shown} shown -> {first['articles']} stored; rerun killed at {shown_again} shown -> "
          f"{second['articles']} stored")
    final = start(corpus, db)
    out, err = final.communicate(timeout=180)
    assert final.returncode == 0, err.decode()[-2000:]
    analysed, unchanged = map(int, re.match(rb"(\d+) analysed, (\d+) unchanged, 0 rejected", out).groups())
    assert (analysed, unchanged) == (N_ARTICLES - second["articles"], second["articles"])
    assert stored(db) == {"articles": N_ARTICLES, "distinct ids": N_ARTICLES, "metric rows repeated": 0,
                          "articles without 4 analyzers": 0, "results of no article": 0,
                          "people rows repeated": 0, "files done": N_ARTICLES, "article sources": N_ARTICLES}
