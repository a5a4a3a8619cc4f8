"""Settings: one frozen dataclass, every field documented, read from the environment.

Each field can be set by an environment variable PRESSLENS_<FIELD> (upper case); the CLI's options
override them. `tests/test_settings.py` checks that every field is documented in the README.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

DEFAULT_DB = Path("data") / "presslens.duckdb"


@dataclass(frozen=True)
class Settings:
    language: str = "fr"  # language of the corpus (ISO 639-1); picks word lists and rules
    model: str = "fr_core_news_md"  # spaCy pipeline of the one pass per article (chosen from the scores: README, "sm or md")
    db: Path = DEFAULT_DB  # the DuckDB store
    alias_file: Path | None = None  # TOML file of person aliases ("Trump" -> "Donald Trump")
    batch_size: int = 32  # articles per nlp.pipe batch
    workers: int = 0  # analysis processes; 0 = one per core (small runs use one)
    dask_address: str | None = None  # a Dask scheduler ("tcp://host:8786"): analyse on its workers
    max_file_mb: float = 50.0  # input files larger than this are rejected
    max_article_chars: int = 200_000  # articles longer than this are rejected
    max_title_chars: int = 1_000  # a longer title is a file without line breaks: rejected
    max_upload_mb: float = 200.0  # uncompressed total of one dashboard upload, or of one .zip input
    max_zip_ratio: float = 100.0  # a zip member expanding more than this (uncompressed:compressed) is refused
    max_zip_members: int = 5_000  # a zip with more files than this is refused
    ui_language: str = "fr"  # the dashboard's interface language: "fr" or "en"
    upload_dir: Path = Path("data") / "uploads"  # where files added from the dashboard are kept
    guess_speakers: bool = True  # a quote no rule attributes goes to the ranker's best candidate, if likely (attribution "guess")
    snapshot_seconds: float = 30.0  # during an analysis, how often the dashboard's copy of the store is refreshed; 0 = no copy

    def with_overrides(self, **values) -> "Settings":
        """A copy with the given fields replaced; None means "keep the current value"."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def from_env(environ: dict[str, str] | None = None) -> Settings:
    """Settings from PRESSLENS_* variables, falling back to the defaults."""
    environ = os.environ if environ is None else environ
    values = {}
    for f in fields(Settings):
        raw = environ.get(f"PRESSLENS_{f.name.upper()}")
        if raw is None:
            continue
        default = getattr(Settings, f.name)
        if f.name in ("db", "alias_file", "upload_dir"):
            values[f.name] = Path(raw)
        elif isinstance(default, bool):
            values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
        elif isinstance(default, int):
            values[f.name] = int(raw)
        elif isinstance(default, float):
            values[f.name] = float(raw)
        else:
            values[f.name] = raw
    return Settings(**values)
