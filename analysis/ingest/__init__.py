"""Ingest: every input file becomes Articles, or Rejections that say why and what to do.

    ingest_paths(paths, settings) walks files and folders and yields one item per article or
    rejection, rejecting an article already seen (same Article.id) as "duplicate of <path>".
    read_file(path, settings) reads one file (each member of a .zip); it never raises.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis.ingest.content import NOTHING_FOUND, read_bytes, reader_bug, record_of
from analysis.ingest.limits import file_too_big
from analysis.ingest.zipped import is_zip_input, read_zip
from analysis.models import Article, Rejection
from analysis.settings import Settings, from_env

__all__ = ["ingest_paths", "read_bytes", "read_file"]


def ingest_paths(paths: Iterable[str | Path], settings: Settings | None = None) -> Iterator[Article | Rejection]:
    """Every article and rejection in these files and folders, folders walked recursively."""
    settings = settings or from_env()
    first_seen: dict[str, str] = {}  # Article.id -> where it was first read
    for path in _walk(paths):
        for item in read_file(path, settings):
            if isinstance(item, Article):
                where = _where(item, path)
                if item.id in first_seen:
                    yield Rejection(item.source_path, f"duplicate of {first_seen[item.id]}",
                                    record=record_of(item, path))
                    continue
                first_seen[item.id] = where
            yield item


def read_file(path: Path, settings: Settings | None = None) -> list[Article | Rejection]:
    """The articles in one file (in every member of a .zip), or the rejections explaining why
    there are none. Never raises, never returns an empty list."""
    settings = settings or from_env()
    path = Path(path)
    try:
        items = _read_checked(path, settings)
    except Exception as error:  # noqa: BLE001 - a reader bug must not stop a whole ingest run
        items = [reader_bug(path, error)]
    return items or [Rejection(str(path), NOTHING_FOUND)]


def _read_checked(path: Path, settings: Settings) -> list[Article | Rejection]:
    if path.is_dir():
        return [Rejection(str(path), "this is a folder, not a file: give it to ingest_paths to read its files")]
    if not path.exists():
        return [Rejection(str(path), "no such file or folder: check the path")]
    if is_zip_input(path):
        return read_zip(path, settings)
    too_big = file_too_big(path.stat().st_size, settings)
    if too_big:  # refused before its bytes are read
        return [Rejection(str(path), too_big)]
    return read_bytes(path.read_bytes(), path, settings)


def _walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            if child.is_file() and not hidden:
                yield child


def _where(article: Article, path: Path) -> str:
    record = record_of(article, path)
    return f"{path} ({record})" if record else str(path)

