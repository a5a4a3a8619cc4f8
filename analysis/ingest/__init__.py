"""Ingest: every input file becomes Articles, or Rejections that say why and what to do.

    ingest_paths(paths, settings) walks files and folders and yields one item per article or
    rejection, rejecting an article already seen (same Article.id) as "duplicate of <path>".
    read_file(path, settings) reads one file; it never raises.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis.ingest.encoding import UndecodableError, decode_bytes
from analysis.ingest.formats import read_text_as
from analysis.models import Article, Rejection
from analysis.settings import Settings, from_env

__all__ = ["ingest_paths", "read_file"]

# Magic numbers of binary formats people drop in by mistake, with what to do instead.
_BINARY_SIGNATURES = (
    (b"%PDF", "PDF is not supported: export the text (or save the page as HTML) and ingest that"),
    (b"PK\x03\x04", "this is a ZIP archive (a .docx or .odt document?): unzip it, or export the text"),
    (b"\x89PNG", "this is a PNG image, not text: ingest the article's text instead"),
    (b"\xff\xd8\xff", "this is a JPEG image, not text: ingest the article's text instead"),
)


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
                                    record=_record_of(item, path))
                    continue
                first_seen[item.id] = where
            yield item


def read_file(path: Path, settings: Settings | None = None) -> list[Article | Rejection]:
    """The articles in one file, or the rejections explaining why there are none."""
    settings = settings or from_env()
    path = Path(path)
    try:
        return _read_checked(path, settings)
    except Exception as error:  # noqa: BLE001 - a reader bug must not stop a whole ingest run
        return [Rejection(str(path), f"could not be read ({type(error).__name__}: {error}); "
                                     "please report this file to the presslens developers")]


def _read_checked(path: Path, settings: Settings) -> list[Article | Rejection]:
    if path.is_dir():
        return [Rejection(str(path), "this is a folder, not a file: give it to ingest_paths to read its files")]
    if not path.exists():
        return [Rejection(str(path), "no such file or folder: check the path")]
    size_mb = path.stat().st_size / 1_000_000
    if size_mb > settings.max_file_mb:
        return [Rejection(str(path), f"the file is {size_mb:.1f} MB, more than the limit of "
                                     f"{settings.max_file_mb:g} MB (setting max_file_mb): split it")]
    data = path.read_bytes()
    if not data.strip():
        return [Rejection(str(path), "the file is empty")]
    for magic, reason in _BINARY_SIGNATURES:
        if data.startswith(magic):
            return [Rejection(str(path), reason)]
    try:
        text = decode_bytes(data).text
    except UndecodableError as error:
        return [Rejection(str(path), str(error))]
    if not text.strip():
        return [Rejection(str(path), "the file is empty (only a byte-order mark or spaces)")]
    items = read_text_as(text, path, settings)
    return [_check_length(item, settings) for item in items]


def _check_length(item: Article | Rejection, settings: Settings) -> Article | Rejection:
    if isinstance(item, Article) and len(item.text) > settings.max_article_chars:
        return Rejection(item.source_path, f"the article is {len(item.text):,} characters long, more than "
                                           f"the limit of {settings.max_article_chars:,} (setting "
                                           "max_article_chars): is it several articles in one file?",
                         record=None if item.source_id == Path(item.source_path).stem else item.source_id)
    return item


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


def _record_of(article: Article, path: Path) -> str | None:
    """Articles from multi-record files are told apart by their source id."""
    return None if article.source_id == path.stem else f"id {article.source_id}"


def _where(article: Article, path: Path) -> str:
    record = _record_of(article, path)
    return f"{path} ({record})" if record else str(path)
