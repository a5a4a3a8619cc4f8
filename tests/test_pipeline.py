"""The pipeline: what is analysed again, what is not, and the progress it reports."""
import shutil
from pathlib import Path

import pytest

from analysis import tone
from analysis.pipeline import iter_input_files, run_analysis
from analysis.settings import Settings

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_2040835600123645.txt"


def test_input_files_are_walked_sorted_without_hidden_ones(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.json").write_text("{}")
    assert [p.name for p in iter_input_files([tmp_path])] == ["a.txt", "b.txt", "d.json"]


def test_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        list(iter_input_files([tmp_path / "nope"]))


@pytest.mark.slow
def test_new_analyzer_version_reanalyses_stored_articles(tmp_path, monkeypatch):
    shutil.copy(SEED, tmp_path / SEED.name)
    settings = Settings(db=tmp_path / "s.duckdb")
    assert run_analysis([tmp_path], settings).analysed == 1
    assert run_analysis([tmp_path], settings).analysed == 0
    monkeypatch.setattr(tone.ToneAnalyzer, "version", "999")
    assert run_analysis([tmp_path], settings).analysed == 1
    assert run_analysis([tmp_path], settings).analysed == 0


@pytest.mark.slow
def test_progress_is_reported_up_to_the_total(tmp_path):
    lines = "\n".join(f'{{"id": {i}, "title": "Titre {i}", "text": "Texte numéro {i} sur Paris."}}'
                      for i in range(5))
    (tmp_path / "a.jsonl").write_text(lines, encoding="utf-8")
    calls = []
    summary = run_analysis([tmp_path], Settings(db=tmp_path / "s.duckdb", batch_size=2),
                           progress=lambda done, total: calls.append((done, total)))
    assert summary.analysed == 5
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.slow
def test_the_same_article_twice_in_one_file_is_stored_once_and_reported(tmp_path):
    record = '{"id": %d, "title": "Titre", "text": "Le même texte sur Paris."}'
    (tmp_path / "a.jsonl").write_text(record % 1 + "\n" + record % 2, encoding="utf-8")
    summary = run_analysis([tmp_path], Settings(db=tmp_path / "s.duckdb"))
    assert summary.analysed == 1
    [rejection] = summary.rejected
    assert rejection.record == "2" and "same article as" in rejection.reason


@pytest.mark.slow
def test_an_article_stored_from_another_file_is_a_duplicate_its_own_file_is_not(tmp_path):
    """The ids of a file are looked up in the store in one query: an article an earlier run stored
    from a.jsonl is a duplicate when b.jsonl, given alone, repeats it, but not when a.jsonl changes."""
    record = '{"id": %d, "title": "Titre %d", "text": "Le texte numéro %d sur Paris."}'
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    settings = Settings(db=tmp_path / "s.duckdb")
    first.write_text(record % (1, 1, 1), encoding="utf-8")
    assert run_analysis([first], settings).analysed == 1
    second.write_text(record % (2, 2, 2) + "\n" + record % (1, 1, 1), encoding="utf-8")
    summary = run_analysis([second], settings)
    assert summary.analysed == 1
    [rejection] = summary.rejected
    assert (rejection.source_path, rejection.record) == (str(second), "1")  # its id
    assert rejection.reason == f"same article as {first}"
    first.write_text(record % (1, 1, 1) + "\n" + record % (3, 3, 3), encoding="utf-8")
    summary = run_analysis([first], settings)
    assert (summary.analysed, summary.unchanged, summary.rejected) == (1, 1, [])
