"""Fixtures shared by the test files: where the repository and ../shared are."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def shared_dir() -> Path:
    """`../shared` next to the repository; skipped when absent, a failure when it is required."""
    shared = REPO_ROOT.parent / "shared"
    if not shared.is_dir():
        message = f"../shared not found: expected the shared data at {shared}"
        if os.environ.get("PRESSLENS_REQUIRE_SHARED") == "1":
            pytest.fail(message + " (PRESSLENS_REQUIRE_SHARED=1)")
        pytest.skip(message)
    return shared


@pytest.fixture(scope="session")
def blank_model(tmp_path_factory) -> str:
    """A spaCy model folder with a tokenizer and sentencizer only: enough for the analyzers,
    loaded in milliseconds (settings.model may be a folder)."""
    import spacy

    folder = tmp_path_factory.mktemp("blank_fr")
    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(folder)
    return str(folder)


@pytest.fixture(scope="session")
def seed_article():
    """The seed article as the ingest reads it (the golden tests' input)."""
    from analysis.ingest import read_file

    [article] = read_file(REPO_ROOT / "seeds" / "000_2040835600123645.txt")
    return article


@pytest.fixture(scope="session")
def default_nlp():
    """The spaCy model a user gets by default (settings.model), loaded once for the whole run: the
    rule tests pin what users see, with the model they run."""
    import spacy

    from analysis.settings import Settings

    return spacy.load(Settings().model)
