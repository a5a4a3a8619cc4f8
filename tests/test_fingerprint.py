"""analysis/fingerprint.py: an analyzer's version follows its code and word lists."""
from __future__ import annotations

import shutil

import pytest

from analysis import fingerprint
from analysis.fingerprint import source_digest
from analysis.registry import analyzer_versions, create_analyzers
from analysis.settings import Settings


@pytest.fixture
def analysis_copy(tmp_path, monkeypatch):
    """A copy of the people analyzer's files, read in place of the real ones."""
    shutil.copy(fingerprint.ANALYSIS / "people.py", tmp_path / "people.py")
    shutil.copytree(fingerprint.ANALYSIS / "data" / "people", tmp_path / "data" / "people")
    monkeypatch.setattr(fingerprint, "ANALYSIS", tmp_path)
    return tmp_path


def test_editing_a_word_list_or_the_code_changes_the_digest(analysis_copy):
    before = source_digest("people.py", "data/people")
    titles = analysis_copy / "data" / "people" / "titles.txt"
    titles.write_text(titles.read_text(encoding="utf-8") + "bourgmestre\n", encoding="utf-8")
    after_list = source_digest("people.py", "data/people")
    code = analysis_copy / "people.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    after_code = source_digest("people.py", "data/people")
    assert len({before, after_list, after_code}) == 3


def test_the_same_files_give_the_same_digest_and_caches_do_not_count(analysis_copy):
    before = source_digest("people.py", "data/people")
    cache = analysis_copy / "data" / "people" / "__pycache__"
    cache.mkdir()
    (cache / "x.cpython-311.pyc").write_bytes(b"\x00")
    assert source_digest("people.py", "data/people") == before


def test_a_missing_file_is_an_error_not_a_silent_digest(analysis_copy):
    with pytest.raises(FileNotFoundError, match="missing"):
        source_digest("people.py", "data/no-such-folder")


def test_every_analyzer_version_carries_the_digest_of_its_files():
    versions = analyzer_versions(create_analyzers(Settings()))
    assert versions["people"].endswith(source_digest("people.py", "data/people"))
    assert source_digest("quotes", "data/quotes", "people.py", "data/people") in versions["quotes"]
    assert versions["tone"].endswith(source_digest("tone.py", "lexicons.py", "data/tone"))
    assert versions["readability"].endswith(source_digest("readability.py"))
