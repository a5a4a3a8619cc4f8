"""Structured files: JSON (an object, a list of objects, or {"articles": [...]}), JSONL, CSV.

Each record becomes an Article or a Rejection naming the record ("line 12", "record 3"), so one
bad record never costs the rest of the file.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from analysis.ingest.dates import parse_date
from analysis.ingest.normalize import normalize_paragraph, normalize_text, split_paragraphs
from analysis.ingest.page_rules import PageRules
from analysis.ingest.paragraphs import classify_blocks
from analysis.ingest.segments import Part, build_article
from analysis.models import Article, Rejection

# Usual field names, first match wins.
TITLE_FIELDS = ("title", "headline", "titre")
TEXT_FIELDS = ("text", "body", "content", "article", "texte")
LEAD_FIELDS = ("lead", "chapo", "chapeau", "description", "summary", "abstract")
DATE_FIELDS = ("date", "published", "pubdate", "published_at", "date_published", "datePublished")
UPDATED_FIELDS = ("updated", "modified", "updated_at", "date_modified", "dateModified")
URL_FIELDS = ("url", "link")
OUTLET_FIELDS = ("source", "outlet", "site", "newspaper", "publisher")
AUTHOR_FIELDS = ("author", "authors", "byline")
SECTION_FIELDS = ("section", "category", "categories", "rubrique")
ID_FIELDS = ("id", "document_id", "doc_id", "article_id", "guid")
LANGUAGE_FIELDS = ("language", "lang")
AGENCY_FIELDS = ("agency",)


@dataclass(frozen=True)
class RecordContext:
    source_path: str
    file_stem: str
    many: bool  # more than one record in the file: source ids fall back to "<stem>#<n>"
    rules: PageRules
    language: str


def read_json(text: str, context: RecordContext) -> list[Article | Rejection]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [Rejection(context.source_path, f"not valid JSON ({error.msg} at line {error.lineno}, "
                                               f"column {error.colno}): fix the file or save it as JSONL")]
    records = _json_records(data)
    if records is None:
        return [Rejection(context.source_path, "the JSON is neither an article object nor a list of article objects")]
    context = _with_many(context, len(records) > 1)
    return [record_to_item(record, context, f"record {n}", n) for n, record in enumerate(records, 1)]


def read_jsonl(text: str, context: RecordContext) -> list[Article | Rejection]:
    numbered = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    context = _with_many(context, len(numbered) > 1)
    return [_jsonl_item(line, n, context) for n, line in numbered]


def read_csv(text: str, context: RecordContext) -> list[Article | Rejection]:
    rows = list(_csv_rows(text))
    if not rows:
        return [Rejection(context.source_path, "the CSV file has a header but no rows")]
    context = _with_many(context, len(rows) > 1)
    return [record_to_item(row, context, f"line {line}", line) for line, row in rows]


def record_to_item(record: object, context: RecordContext, label: str, number: int) -> Article | Rejection:
    """One record as an Article, or a Rejection saying what is missing."""
    if not isinstance(record, dict):
        return Rejection(context.source_path, "the record is not a JSON object", record=label)
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    body_text = _text_value(_first(fields, TEXT_FIELDS))
    if not body_text.strip():
        return Rejection(context.source_path, f"the record has no text (expected a non-empty field "
                                              f"{', '.join(TEXT_FIELDS[:3])})", record=label)
    parts = [Part("title", normalize_paragraph(_text_value(_first(fields, TITLE_FIELDS))))]
    parts += [Part("lead", p) for p in split_paragraphs(_text_value(_first(fields, LEAD_FIELDS)))]
    # Body paragraphs are split at blank lines only and keep their inner line breaks, so that
    # offsets into a record's own `text` (gold annotations) stay valid after the body's start.
    parts += classify_blocks([[p] for p in _blank_line_paragraphs(body_text)], context.rules)
    record_id = _first(fields, ID_FIELDS)
    return build_article(
        context.source_path,
        _source_id(record_id, context, number),
        parts,
        published=parse_date(_scalar(_first(fields, DATE_FIELDS))),
        updated=parse_date(_scalar(_first(fields, UPDATED_FIELDS))),
        sections=_names(_first(fields, SECTION_FIELDS), separators=(">", "/")),
        outlet=_scalar(_first(fields, OUTLET_FIELDS)) or None,
        authors=_names(_first(fields, AUTHOR_FIELDS), separators=(";", ",", " et ", " and ")),
        agency=(_scalar(_first(fields, AGENCY_FIELDS)) or None),
        url=_scalar(_first(fields, URL_FIELDS)) or None,
        language=_scalar(_first(fields, LANGUAGE_FIELDS)) or context.language,
    )


def _blank_line_paragraphs(text: str) -> list[str]:
    return [p for p in normalize_text(text).split("\n\n") if p]


def _jsonl_item(line: str, number: int, context: RecordContext) -> Article | Rejection:
    label = f"line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Rejection(context.source_path, f"line {number} is not valid JSON ({error.msg}, column "
                                              f"{error.colno}): the other lines were read", record=label)
    return record_to_item(record, context, label, number)


def _json_records(data: object) -> list | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if _first({k.lower(): v for k, v in data.items()}, TEXT_FIELDS) is not None:
            return [data]
        lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:  # a wrapper such as {"articles": [...]}
            return lists[0]
        return [data]  # rejected later for having no text, with that reason
    return None


def _csv_rows(text: str) -> Iterator[tuple[int, dict]]:
    """(first line number of the row, row) for each data row; the delimiter is sniffed."""
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    previous_end = 1
    for row in reader:
        yield previous_end + 1, {k: v for k, v in row.items() if k is not None}
        previous_end = reader.line_num


def _with_many(context: RecordContext, many: bool) -> RecordContext:
    return RecordContext(context.source_path, context.file_stem, many, context.rules, context.language)


def _source_id(record_id: object, context: RecordContext, number: int) -> str:
    if record_id not in (None, ""):
        return str(record_id)
    return f"{context.file_stem}#{number}" if context.many else context.file_stem


def _first(fields: dict, names: tuple[str, ...]) -> object:
    for name in names:
        value = fields.get(name.lower())
        if value not in (None, "", []):
            return value
    return None


def _text_value(value: object) -> str:
    """Text fields may hold a list of paragraphs."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n\n".join(str(v) for v in value if v is not None)
    return str(value)


def _scalar(value: object) -> str:
    if value is None or isinstance(value, (list, dict)):
        return ""
    return normalize_paragraph(str(value))


def _names(value: object, separators: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        items = [v.get("name", "") if isinstance(v, dict) else v for v in value]
        return tuple(n for n in (normalize_paragraph(str(i)) for i in items) if n)
    text = normalize_paragraph(str(value))
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    return tuple(n.strip() for n in text.split(separators[0]) if n.strip())
