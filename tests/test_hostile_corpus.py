"""Issue 6, bad input: every file of a hostile corpus ends as an article or as a rejection whose
reason says what to do, through ingest and through `presslens analyze`; nothing crashes, nothing
is dropped silently. The corpus is described case by case in tests/hostile_corpus.py."""
from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from analysis.cli import main
from analysis.ingest import ingest_paths
from analysis.models import Article, Rejection
import hostile_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, hostile_corpus.build(folder)


def _relative(source_path: str, folder: Path) -> str:
    return source_path[len(str(folder)) + 1:]


def _outcomes(items: list, folder: Path) -> dict[str, list]:
    by_name: dict[str, list] = {}
    for item in items:
        by_name.setdefault(_relative(item.source_path, folder), []).append(item)
    return by_name


def _meets(item: Article | Rejection, expected) -> bool:
    kind, check = (expected, None) if isinstance(expected, str) else expected
    if kind == "article":
        return isinstance(item, Article) and (check is None or check(item))
    if not isinstance(item, Rejection):
        return False
    if kind == "duplicate":
        return item.reason.startswith("duplicate of") and check in item.reason
    return not item.reason.startswith("duplicate of") and check in item.reason


def test_every_hostile_file_becomes_what_it_must(corpus):
    folder, expected = corpus
    started = time.perf_counter()
    outcomes = _outcomes(list(ingest_paths([folder])), folder)
    assert time.perf_counter() - started < 20  # the 49 MB text is refused before it is parsed
    assert sorted(outcomes) == sorted(expected), "a file was dropped silently, or an unexpected one appeared"
    for name, wanted in expected.items():
        wanted = wanted if isinstance(wanted, list) else [wanted]
        got = outcomes[name]
        assert len(got) == len(wanted), (name, got)
        for item, expectation in zip(got, wanted):
            assert _meets(item, expectation), (name, item)


def test_every_reason_says_what_to_do(corpus):
    folder, _ = corpus
    rejections = [i for i in ingest_paths([folder]) if isinstance(i, Rejection)]
    for rejection in rejections:
        assert "Traceback" not in rejection.reason and "please report" not in rejection.reason, rejection
        assert ":" in rejection.reason or rejection.reason.startswith(("duplicate of", "the file is empty")), rejection


def test_nothing_is_written_outside_the_corpus(corpus):
    folder, _ = corpus
    list(ingest_paths([folder]))
    assert not (folder.parent / "escape.txt").exists()
    assert not list(folder.rglob("zeros.txt"))  # a zip's members are read, never extracted


def test_analyze_reports_every_rejection_and_stores_every_article(corpus, blank_model, tmp_path, capsys):
    folder, expected = corpus
    db = tmp_path / "hostile.duckdb"
    assert main(["analyze", str(folder), "--db", str(db), "--model", blank_model, "--workers", "1"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    n_articles = sum(1 for wanted in expected.values() for w in (wanted if isinstance(wanted, list) else [wanted])
                     if w == "article" or (isinstance(w, tuple) and w[0] == "article"))
    n_left_out = sum(len(w) if isinstance(w, list) else 1 for w in expected.values()) - n_articles
    assert out.out.startswith(f"{n_articles} analysed, 0 unchanged, {n_left_out} rejected")
    rejected_lines = [line for line in out.out.splitlines() if line.startswith("  rejected ")]
    assert len(rejected_lines) == n_left_out
    for name in ("empty.txt", "document.pdf", "huge.txt", "evil.zip ../escape.txt", "bomb.zip zeros.txt",
                 "one-broken-line.jsonl line 3", "zz-bundle.zip lot/one-broken-line.jsonl, line 3"):
        assert any(f"{folder}/{name}" in line for line in rejected_lines), name
    with duckdb.connect(str(db), read_only=True) as con:  # what the Corpus page reads
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == n_articles
        assert con.execute("SELECT COUNT(*) FROM sources WHERE status <> 'article'").fetchone()[0] == n_left_out
        files = con.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert files == len([p for p in folder.iterdir()])


def test_a_rerun_reads_nothing_again(corpus, blank_model, tmp_path, capsys):
    folder, _ = corpus
    db = tmp_path / "hostile.duckdb"
    argv = ["analyze", str(folder), "--db", str(db), "--model", blank_model, "--workers", "1"]
    assert main(argv) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert main(argv) == 0
    second = capsys.readouterr().out.splitlines()[0]
    analysed = int(first.split()[0])
    assert second.startswith(f"0 analysed, {analysed} unchanged")
    assert first.split(", ")[2] == second.split(", ")[2]  # the same rejections, reported again
