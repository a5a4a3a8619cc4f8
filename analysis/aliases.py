"""The user's alias file: what rules cannot know about who is who.

A TOML file (setting `alias_file`, env PRESSLENS_ALIAS_FILE, or `--aliases FILE`):

    [aliases]
    "Trump" = "Donald Trump"
    "The Donald" = "Donald Trump"
    "Poutine" = "Vladimir Poutine"

Each key is a name as presslens found it in an article; its value the person it means. User
aliases win over the automatic corpus-wide merge and are applied after it, so an alias may name
either a raw form or an automatic canonical name.
"""
from __future__ import annotations

import tomllib
from pathlib import Path


class AliasFileError(ValueError):
    """The alias file cannot be read; the message says where and why."""


def read_alias_file(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AliasFileError(f"alias file {path} not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise AliasFileError(f"alias file {path} is not valid TOML: {exc}") from exc
    aliases = data.get("aliases", {})
    bad = [k for k, v in aliases.items() if not isinstance(v, str) or not v.strip()]
    if not isinstance(aliases, dict) or bad:
        raise AliasFileError(f"alias file {path}: [aliases] must map names to names (bad: {bad})")
    return {k.strip(): v.strip() for k, v in aliases.items()}


def apply_aliases(automatic: dict[str, str], user: dict[str, str]) -> dict[str, str]:
    """Final name -> canonical mapping: the automatic merge, then the user's aliases on top."""
    final = {}
    for name, canonical in automatic.items():
        final[name] = user.get(name, user.get(canonical, canonical))
    for name, canonical in user.items():
        final.setdefault(name, canonical)
    return final
