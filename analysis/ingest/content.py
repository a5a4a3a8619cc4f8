"""One file's bytes -> Articles or Rejections: limits, binary formats, encoding, then the reader
its format needs. Shared by files on disk and zip members; never raises, never returns nothing."""
from __future__ import annotations

from pathlib import Path, PurePath

from analysis.ingest import limits
from analysis.ingest.encoding import UndecodableError, decode_bytes
from analysis.ingest.formats import read_text_as
from analysis.models import Article, Rejection
from analysis.settings import Settings

# Magic numbers of binary formats people drop in by mistake, with what to do instead.
BINARY_SIGNATURES = (
    (b"%PDF", "PDF is not supported: export the text (or save the page as HTML) and ingest that"),
    (b"PK\x03\x04", "this is a ZIP archive (a .docx or .odt document?): unzip it, or export the text"),
    (b"\x89PNG", "this is a PNG image, not text: ingest the article's text instead"),
    (b"\xff\xd8\xff", "this is a JPEG image, not text: ingest the article's text instead"),
)
NOTHING_FOUND = "no article found in the file (no record, no text): check that it is the file you meant"


def read_bytes(data: bytes, path: PurePath, settings: Settings) -> list[Article | Rejection]:
    """The articles in a file's content; `path` names it (a zip member is "archive.zip/member")."""
    try:
        items = _read_content(data, Path(path), settings)
    except Exception as error:  # noqa: BLE001 - a reader bug must not stop a whole ingest run
        items = [reader_bug(path, error)]
    return items or [Rejection(str(path), NOTHING_FOUND)]


def reader_bug(path: PurePath, error: Exception) -> Rejection:
    return Rejection(str(path), f"could not be read ({type(error).__name__}: {error}); "
                                "please report this file to the presslens developers")


def record_of(item: Article | Rejection, path: PurePath) -> str | None:
    """Records of multi-record files are told apart by their source id ("id 12")."""
    if isinstance(item, Rejection):
        return item.record
    return None if item.source_id == path.stem else f"id {item.source_id}"


def _read_content(data: bytes, path: Path, settings: Settings) -> list[Article | Rejection]:
    too_big = limits.file_too_big(len(data), settings)
    if too_big:
        return [Rejection(str(path), too_big)]
    if not data.strip():
        return [Rejection(str(path), "the file is empty")]
    for magic, reason in BINARY_SIGNATURES:
        if data.startswith(magic):
            return [Rejection(str(path), reason)]
    try:
        text = decode_bytes(data).text
    except UndecodableError as error:
        return [Rejection(str(path), str(error))]
    if not text.strip():
        return [Rejection(str(path), "the file is empty (only a byte-order mark or spaces)")]
    items = read_text_as(text, path, settings)
    return [limits.check_article(item, settings, record_of(item, path)) for item in items]
