"""Interface strings: French and English have the same keys and placeholders, and every key the
dashboard asks for exists."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dashboard import i18n

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    assert set(i18n.FR) == set(i18n.EN)
    for key in i18n.FR:
        assert placeholders(i18n.FR[key]) == placeholders(i18n.EN[key]), key
    assert set(i18n.METRICS["fr"]) == set(i18n.METRICS["en"])


def test_every_literal_key_used_in_the_code_exists():
    used = set()
    for path in DASHBOARD.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", path.read_text()))
    assert used, "no t(...) call found"
    assert used - set(i18n.FR) == set()


@pytest.mark.parametrize("prefix, suffixes", [
    ("period_", ("day", "week", "month")), ("period_word_", ("day", "week", "month")),
    ("group_", ("outlet", "section")), ("group_word_", ("outlet", "section")),
    ("kind_", ("speech", "partial", "other")), ("tone_word_", ("positive", "negative", "loaded")),
    ("status_", ("article", "rejected", "duplicate")), ("compare_", ("people", "outlets")),
    ("family_", ("people", "quotes", "tone", "readability")),
    ("relax_", ("outlets", "sections", "languages"))])
def test_keys_built_from_values_exist(prefix, suffixes):
    for suffix in suffixes:
        assert prefix + suffix in i18n.FR


def test_language_follows_the_setting(monkeypatch):
    monkeypatch.setenv("PRESSLENS_UI_LANGUAGE", "en")
    assert i18n.t("page_overview") == "Overview"
    assert i18n.t("n_articles", n=3) == "3 articles"
    monkeypatch.setenv("PRESSLENS_UI_LANGUAGE", "xx")  # unknown: French
    assert i18n.t("page_overview") == "Vue d'ensemble"
