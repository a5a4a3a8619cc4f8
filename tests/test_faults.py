"""Issue 6, faults: a second writer, a missing or broken model, a read-only store, a full disk.
Each ends as one line "presslens: <what to do>" and exit code 2, never a traceback, and leaves a
store that a rerun completes. (Killed runs: tests/test_faults_kill.py.)"""
from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analysis.cli import main
from analysis.store import Store, StoreError

REPO = Path(__file__).resolve().parent.parent
N_ARTICLES = 60
DISK_BYTES = 120_000  # enough for the schema and a few batches, not for the corpus


def write_corpus(folder: Path, n: int = N_ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:03}.txt").write_text(
            f"Titre numéro {i}\n\nLe maire de Lyon, Jean Dupont, a déclaré «nous avançons» le "
            f"{i % 28 + 1} mai. Phrase {i}.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("faults") / "corpus")


def presslens(*argv: str, preexec=None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`presslens ARGV` in a child process (so that locks, limits and capabilities are its own)."""
    env = {**os.environ, "PRESSLENS_BATCH_SIZE": "10", "PRESSLENS_WORKERS": "1"}
    return subprocess.run([sys.executable, "-m", "analysis.cli", *argv], cwd=REPO, env=env, text=True,
                          capture_output=True, preexec_fn=preexec, timeout=timeout)


def presslens_here(capsys, *argv: str) -> subprocess.CompletedProcess:
    """`presslens ARGV` in this process (faster: no interpreter start, the model stays loaded)."""
    code = main(list(argv))
    out = capsys.readouterr()
    return subprocess.CompletedProcess(argv, code, out.out, out.err)


def assert_clear_failure(result: subprocess.CompletedProcess, *phrases: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    message = result.stderr.strip().splitlines()[-1].split("\r")[-1]
    assert message.startswith("presslens: "), message
    for phrase in phrases:
        assert phrase in message, message
    return message


def article_count(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


# ------------------------------------------------------------------ two analyses at once
@pytest.fixture
def held_store(tmp_path):
    """A store whose write lock another process holds, as a running analysis does."""
    db = tmp_path / "s.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    yield db, holder.pid
    holder.kill()
    holder.wait()


def test_a_second_analysis_refuses_with_a_clear_message(held_store, corpus, blank_model, capsys):
    db, pid = held_store
    result = presslens_here(capsys, "analyze", str(corpus), "--db", str(db), "--model", blank_model)
    assert_clear_failure(result, f"another presslens analysis (process {pid}) is writing to the store",
                         "wait for it to finish")
    with pytest.raises(StoreError, match="another presslens analysis"):
        Store(db)


def test_readers_are_refused_while_an_analysis_writes(held_store, capsys):
    """DuckDB gives no read-only access to a file another process writes: `export` says so (the
    dashboard reads the analysis's snapshot meanwhile: tests/test_snapshot.py)."""
    db, pid = held_store
    with pytest.raises(duckdb.IOException, match="Could not set lock"):
        duckdb.connect(str(db), read_only=True)
    assert_clear_failure(presslens_here(capsys, "export", "--db", str(db)), f"(process {pid})")


# ------------------------------------------------------------------ the spaCy model
def test_a_missing_model_says_how_to_install_it(corpus, tmp_path, capsys):
    result = presslens_here(capsys, "analyze", str(corpus), "--db", str(tmp_path / "s.duckdb"), "--model", "fr_core_news_zz")
    assert_clear_failure(result, "spaCy model 'fr_core_news_zz' is not installed", "pip install fr-core-news-zz")


@pytest.mark.parametrize("damage", ["config", "meta", "weights"])
def test_a_broken_model_says_what_to_do(corpus, tmp_path, blank_model, damage, capsys):
    import shutil

    model = tmp_path / "broken_model"
    shutil.copytree(blank_model, model)
    if damage == "config":
        (model / "config.cfg").write_text("[nlp\nbroken", encoding="utf-8")
    elif damage == "meta":
        (model / "meta.json").write_text("{", encoding="utf-8")
    else:
        (model / "tokenizer").write_bytes(b"\x00garbage")
    result = presslens_here(capsys, "analyze", str(corpus), "--db", str(tmp_path / "s.duckdb"), "--model", str(model))
    assert_clear_failure(result, "is damaged or does not fit this spaCy version", "set PRESSLENS_MODEL")


# ------------------------------------------------------------------ the file system
def _without_root_override() -> None:
    """In the child: drop the capabilities that let root write read-only files (no-op otherwise)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop capabilities")


def test_a_read_only_store_says_what_to_do(corpus, tmp_path, blank_model, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "s.duckdb"
    assert presslens_here(capsys, "analyze", str(corpus), "--db", str(db), "--model", blank_model).returncode == 0
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        result = presslens("analyze", str(corpus), "--db", str(db), "--model", blank_model,
                           preexec=_without_root_override)
        assert_clear_failure(result, f"the store {db} cannot be written", "Permission denied", "--db FILE")
        exported = presslens_here(capsys, "export", "--db", str(db))
        assert exported.returncode == 0 and len(exported.stdout.splitlines()) == N_ARTICLES  # reading still works
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def _disk_full_at(n_bytes: int):
    def limit() -> None:  # writes past n_bytes fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (n_bytes, n_bytes))
    return limit


def test_a_full_disk_says_what_to_do_and_a_rerun_completes(corpus, tmp_path, blank_model, capsys):
    db = tmp_path / "s.duckdb"
    argv = ("analyze", str(corpus), "--db", str(db), "--model", blank_model)
    full = presslens(*argv, preexec=_disk_full_at(DISK_BYTES))
    assert_clear_failure(full, "is full", "free some space", "the rerun resumes")
    saved = article_count(db)
    assert saved < N_ARTICLES  # whatever was committed before the disk filled is kept (usually a few batches)
    rerun = presslens_here(capsys, *argv, "--workers", "1")
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"{N_ARTICLES - saved} analysed, {saved} unchanged, 0 rejected")
    assert article_count(db) == N_ARTICLES
