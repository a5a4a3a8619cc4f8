"""Which reader reads a decoded file: by extension, else by a look at the content."""
from __future__ import annotations

import re
from pathlib import Path

from analysis.ingest.html import NoMainTextError, read_html
from analysis.ingest.limits import RAW_TEXT_FACTOR, raw_text_too_long
from analysis.ingest.page_rules import load_rules
from analysis.ingest.page_text import looks_like_page, read_page_text
from analysis.ingest.plain import NoBodyError, read_plain
from analysis.ingest.records import RecordContext, read_csv, read_json, read_jsonl
from analysis.models import Article, Rejection
from analysis.settings import Settings

_HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
_JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
_CSV_EXTENSIONS = {".csv", ".tsv"}
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article)", re.IGNORECASE)


def read_text_as(text: str, path: Path, settings: Settings) -> list[Article | Rejection]:
    """Articles and rejections from the decoded text of `path`, with the reader its format needs."""
    kind = detect_format(text, path)
    too_long = raw_text_too_long(text, kind, settings)
    if too_long:
        return [Rejection(str(path), too_long)]
    context = RecordContext(str(path), path.stem, False, load_rules(), settings.language,
                            max_raw_chars=RAW_TEXT_FACTOR * settings.max_article_chars)
    if kind == "json":
        return read_json(text, context)
    if kind == "jsonl":
        return read_jsonl(text, context)
    if kind == "csv":
        return read_csv(text, context)
    if kind == "html":
        return [_read_html(text, path, settings)]
    return [_read_text(text, path, settings)]


def detect_format(text: str, path: Path) -> str:
    """"json", "jsonl", "csv", "html" or "text"; unknown extensions are sniffed, else text."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in _JSONL_EXTENSIONS:
        return "jsonl"
    if suffix in _CSV_EXTENSIONS:
        return "csv"
    if suffix in _HTML_EXTENSIONS or _HTML_START.match(text[:1000]):
        return "html"
    stripped = text.lstrip()
    if suffix not in {".txt", ".text", ".md"} and stripped[:1] in ("{", "["):
        first_line = stripped.split("\n", 1)[0].rstrip()
        return "jsonl" if first_line.startswith("{") and first_line.endswith("}") and "\n" in stripped else "json"
    return "text"


def _read_html(text: str, path: Path, settings: Settings) -> Article | Rejection:
    try:
        return read_html(text, str(path), path.stem, settings.language)
    except NoMainTextError as error:
        return Rejection(str(path), str(error))


def _read_text(text: str, path: Path, settings: Settings) -> Article | Rejection:
    """A copied page when it has page cues, else plain text."""
    rules = load_rules()
    if looks_like_page(text, rules):
        article = read_page_text(text, str(path), path.stem, rules, settings.language)
        if article is not None:
            return article
    try:
        return read_plain(text, str(path), path.stem, rules, settings.language)
    except NoBodyError as error:
        return Rejection(str(path), str(error))
