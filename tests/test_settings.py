"""Settings come from the environment, and every one is documented in the README."""
from dataclasses import fields
from pathlib import Path

from analysis.settings import Settings, from_env


def test_every_setting_is_documented_in_the_readme(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    missing = [f.name for f in fields(Settings) if f"| `{f.name}` |" not in readme]
    assert missing == []


def test_environment_overrides_defaults_with_the_right_types():
    settings = from_env({"PRESSLENS_DB": "x/y.duckdb", "PRESSLENS_BATCH_SIZE": "8",
                         "PRESSLENS_MAX_FILE_MB": "1.5", "PRESSLENS_MODEL": "fr_core_news_md"})
    assert settings.db == Path("x/y.duckdb")
    assert settings.batch_size == 8
    assert settings.max_file_mb == 1.5
    assert settings.model == "fr_core_news_md"
    assert from_env({}) == Settings()


def test_cli_overrides_keep_unset_values():
    base = Settings(model="m")
    assert base.with_overrides(db=Path("a"), model=None) == Settings(model="m", db=Path("a"))
