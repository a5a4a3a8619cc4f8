"""The dashboard keeps reading while an analysis writes (issue 6): the writer's snapshot of the
store (analysis/snapshot.py) and the dashboard reading it while the store itself is locked."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analysis import snapshot
from analysis.pipeline import run_analysis
from analysis.settings import Settings
from analysis.store import Store

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "dashboard" / "app.py")


def write_articles(folder: Path, first: int, count: int) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(first, first + count):
        (folder / f"article_{n:02d}.txt").write_text(
            f"Article numéro {n}\n\nEmmanuel Macron a parlé à Paris le {n} mars. « Nous avançons », "
            "a-t-il déclaré devant la presse.\n", encoding="utf-8")


def article_count(db: Path) -> int:
    return article_count_of(db, "articles")


def article_count_of(db: Path, table: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


# ------------------------------------------------------------------ publishing
def test_a_snapshot_holds_every_committed_write_even_those_still_in_the_log(tmp_path):
    db = tmp_path / "s.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE articles AS SELECT range AS id FROM range(3)")
    con.execute("INSERT INTO articles VALUES (3)")  # committed, but in the write-ahead log only
    snapshot.publish(con, db)
    con.execute("INSERT INTO articles VALUES (4)")  # after the snapshot: not in it
    assert article_count(snapshot.snapshot_path(db)) == 4
    con.close()
    snapshot.remove(db)
    assert not snapshot.snapshot_path(db).exists()


def test_publishing_replaces_the_snapshot_whole_while_a_reader_holds_the_old_one(tmp_path):
    db = tmp_path / "s.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE articles AS SELECT range AS id FROM range(2)")
    snapshot.publish(con, db)
    reader = duckdb.connect(str(snapshot.snapshot_path(db)), read_only=True)
    con.execute("INSERT INTO articles VALUES (2)")
    snapshot.publish(con, db)
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2  # its own version
    reader.close()
    assert article_count(snapshot.snapshot_path(db)) == 3
    assert not list(tmp_path.glob("*.partial"))
    con.close()


def test_publishing_keeps_the_writers_lock_on_the_store(tmp_path):
    """POSIX drops a process's lock on a file when it closes any descriptor of it: a copy made by
    the writer itself would let a second writer in. Run in a child that then holds the store."""
    db = tmp_path / "s.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; from analysis import snapshot; "
         f"c = duckdb.connect({str(db)!r}); c.execute('CREATE TABLE t AS SELECT 1 AS a'); "
         f"snapshot.publish(c, {str(db)!r}); print('published', flush=True); time.sleep(60)"],
        cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "published"
        with pytest.raises(duckdb.IOException, match="Could not set lock"):
            duckdb.connect(str(db), read_only=True)
        with pytest.raises(duckdb.IOException, match="Could not set lock"):
            duckdb.connect(str(db))
        assert article_count_of(snapshot.snapshot_path(db), "t") == 1
    finally:
        holder.kill()
        holder.wait()


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.copy_seconds = 0.0

    def __call__(self) -> float:
        return self.now


def counting_publisher(monkeypatch, every: float, clock: FakeClock) -> tuple[snapshot.Publisher, list[float]]:
    published: list[float] = []

    def publish(con, db):
        published.append(clock.now)
        clock.now += clock.copy_seconds

    monkeypatch.setattr(snapshot, "publish", publish)
    return snapshot.Publisher(con=None, db=Path("s.duckdb"), every=every, clock=clock), published


def test_snapshots_come_no_more_often_than_the_setting(monkeypatch):
    clock = FakeClock()
    publisher, published = counting_publisher(monkeypatch, 30, clock)
    publisher.publish_now()
    for now in (10, 29, 31, 45, 62):
        clock.now = now
        publisher.publish_if_due()
    assert published == [0, 31, 62]


def test_a_slow_copy_spaces_the_snapshots_out_so_copying_stays_a_small_share_of_the_run(monkeypatch):
    clock = FakeClock()
    clock.copy_seconds = 5  # a big store: 5 s per copy -> at least 100 s between copies
    publisher, published = counting_publisher(monkeypatch, 30, clock)
    publisher.publish_now()
    for now in (40, 90, 106):
        clock.now = now
        publisher.publish_if_due()
    assert published == [0, 106]


def test_no_snapshot_when_the_setting_is_zero(monkeypatch):
    clock = FakeClock()
    publisher, published = counting_publisher(monkeypatch, 0, clock)
    publisher.publish_now()
    clock.now = 1000
    publisher.publish_if_due()
    assert published == []


# ------------------------------------------------------------------ during a real analysis
def test_each_batch_is_published_and_the_snapshot_goes_when_the_run_ends(tmp_path, blank_model, monkeypatch):
    monkeypatch.setattr(snapshot, "COPY_SHARE_LIMIT", float("inf"))  # a copy after every batch, however slow
    corpus, db = tmp_path / "corpus", tmp_path / "s.duckdb"
    write_articles(corpus, 0, 6)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        with pytest.raises(duckdb.Error):  # the store itself is this run's alone
            duckdb.connect(str(db), read_only=True)
        seen.append((done, article_count(snapshot.snapshot_path(db))))

    settings = Settings(db=db, model=blank_model, batch_size=2, workers=1, snapshot_seconds=0.001)
    run_analysis([corpus], settings, progress=progress)
    assert sorted(set(seen)) == [(0, 0), (2, 2), (4, 4), (6, 6)]  # (done, articles in the snapshot)
    assert not snapshot.snapshot_path(db).exists()
    assert article_count(db) == 6


def test_a_run_refused_by_the_lock_leaves_the_running_analysis_snapshot_alone(tmp_path, blank_model):
    corpus, db = tmp_path / "corpus", tmp_path / "s.duckdb"
    write_articles(corpus, 0, 1)
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        snapshot.snapshot_path(db).write_bytes(b"the running analysis's snapshot")
        with pytest.raises(Exception, match="another presslens analysis"):
            run_analysis([corpus], Settings(db=db, model=blank_model))
        assert snapshot.snapshot_path(db).read_bytes() == b"the running analysis's snapshot"
    finally:
        holder.kill()
        holder.wait()


# A real `run_analysis` in another process that stops after its first batch of 2 until told to go.
PAUSED_WRITER = """
import pathlib, sys, time
from analysis import snapshot
from analysis.pipeline import run_analysis
from analysis.settings import Settings
snapshot.COPY_SHARE_LIMIT = float("inf")  # a copy after every batch, however slow
corpus, db, model, flags = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3], pathlib.Path(sys.argv[4])
def progress(done, total):
    if done == 2:
        (flags / "paused").touch()
        while not (flags / "go").exists():
            time.sleep(0.05)
run_analysis([corpus], Settings(db=db, model=model, batch_size=2, workers=1, snapshot_seconds=0.001),
             progress=progress)
"""


def wait_for(path: Path, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path.name} never came"
        time.sleep(0.1)


def sidebar_caption(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def test_the_dashboard_reads_the_snapshot_while_an_analysis_writes(tmp_path, blank_model, monkeypatch):
    """A user opens the dashboard while `presslens analyze` adds 4 articles to a store of 2: the
    pages show the store as of the last saved batch (4 articles) and say so, with no error; once
    the run ends they show all 6 and the note is gone."""
    corpus, db, flags = tmp_path / "corpus", tmp_path / "s.duckdb", tmp_path / "flags"
    flags.mkdir()
    write_articles(corpus, 0, 2)
    run_analysis([corpus], Settings(db=db, model=blank_model, workers=1))
    write_articles(corpus, 2, 4)
    writer = subprocess.Popen([sys.executable, "-c", PAUSED_WRITER, str(corpus), str(db), blank_model, str(flags)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(flags / "paused", writer)
        monkeypatch.setenv("PRESSLENS_DB", str(db))
        for page in ("views/overview.py", "views/articles.py", "views/people.py"):
            at = AppTest.from_file(APP, default_timeout=60)
            at.run()
            at.switch_page(page).run()
            assert not at.exception, page
            assert "4 articles" in sidebar_caption(at), page
            assert any("Une analyse écrit dans la base" in i.value for i in at.info), page
        (flags / "go").touch()
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    finally:
        writer.kill()
        writer.wait()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "6 articles" in sidebar_caption(at)
    assert not any("Une analyse écrit" in i.value for i in at.info)
    assert not snapshot.snapshot_path(db).exists()


def test_other_sessions_read_the_snapshot_while_the_dashboard_itself_analyses_an_upload(
        tmp_path, blank_model, monkeypatch):
    """An upload is analysed inside the dashboard's own process: DuckDB then refuses that process's
    read-only opens with another error than a foreign lock; other sessions still get the snapshot."""
    from dashboard import data

    corpus, db = tmp_path / "corpus", tmp_path / "s.duckdb"
    write_articles(corpus, 0, 3)
    run_analysis([corpus], Settings(db=db, model=blank_model, workers=1))
    monkeypatch.setenv("PRESSLENS_DB", str(db))
    with Store(db) as writing:  # the upload's analysis, in this process
        snapshot.publish(writing.con, db)
        writing.con.execute("DELETE FROM articles WHERE id IN (SELECT id FROM articles LIMIT 1)")
        with pytest.raises(duckdb.ConnectionException):
            duckdb.connect(str(db), read_only=True)
        assert data.store_state() == (db.resolve(), 3)  # the snapshot, taken before the delete
    snapshot.remove(db)
    assert data.store_state() == (db.resolve(), 2)
