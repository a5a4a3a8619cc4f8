"""Structured files: JSON (an object, a list of objects, or {"articles": [...]}), JSONL, CSV.

Each record becomes an Article or a Rejection naming the record ("line 12", "record 3"), so one
bad record never costs the rest of the file.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace

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
CSV_FIELD_LIMIT = 50_000_000  # Python's csv refuses fields over 131,072 characters by default


@dataclass(frozen=True)
class RecordContext:
    source_path: str
    file_stem: str
    many: bool  # more than one record in the file: source ids fall back to "<stem>#<n>"
    rules: PageRules
    language: str
    max_raw_chars: int | None = None  # a longer text field is refused before it is cleaned


def read_json(text: str, context: RecordContext) -> list[Article | Rejection]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [Rejection(context.source_path, _json_error(error, text))]
    records = _json_records(data)
    if records is None:
        return [Rejection(context.source_path, "the JSON is neither an article object nor a list of article objects: give an "
                                               "object with a text field, or a list of them")]
    if not records:
        return [Rejection(context.source_path, "the JSON holds an empty list: there is no article in it")]
    context = _with_many(context, len(records) > 1)
    return [record_to_item(record, context, f"record {n}", n) for n, record in enumerate(records, 1)]


def read_jsonl(text: str, context: RecordContext) -> list[Article | Rejection]:
    numbered = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    context = _with_many(context, len(numbered) > 1)
    return [_jsonl_item(line, n, context) for n, line in numbered]


def read_csv(text: str, context: RecordContext) -> list[Article | Rejection]:
    rows, error = _csv_rows(text, context.source_path)
    if not rows and error is None:
        return [Rejection(context.source_path, "the CSV file has a header but no rows: export the articles again")]
    context = _with_many(context, len(rows) > 1)
    items = [record_to_item(row, context, f"line {line}", line) for line, row in rows]
    return items + ([error] if error else [])


def record_to_item(record: object, context: RecordContext, label: str, number: int) -> Article | Rejection:
    """One record as an Article, or a Rejection saying what is missing."""
    if not isinstance(record, dict):
        return Rejection(context.source_path, "the record is not a JSON object: each record must be an object "
                                              "with a text field", record=label)
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    problem = _text_problem(_first(fields, TEXT_FIELDS), context)
    if problem:
        return Rejection(context.source_path, problem, record=label)
    body_text = _text_value(_first(fields, TEXT_FIELDS))
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


def _text_problem(value: object, context: RecordContext) -> str | None:
    """Why the record's text field cannot be an article's text, or None."""
    wanted = f"a non-empty text field ({', '.join(TEXT_FIELDS[:3])})"
    if isinstance(value, (bool, int, float, dict)):
        kind = "an object" if isinstance(value, dict) else f"a {type(value).__name__.replace('bool', 'boolean')}"
        return f"the record's text field holds {kind}, not text: give each record {wanted}"
    if isinstance(value, list) and not all(isinstance(v, str) or v is None for v in value):
        return f"the record's text field is a list holding something else than paragraphs: give each record {wanted}"
    text = _text_value(value)
    if not normalize_text(text):
        return f"the record has no text: give each record {wanted}"
    if context.max_raw_chars is not None and len(text) > context.max_raw_chars:
        return (f"the record's text is {len(text):,} characters long, more than twice the limit of the "
                "setting max_article_chars: is it several articles in one record?")
    return None


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


def _json_error(error: json.JSONDecodeError, text: str) -> str:
    if error.pos >= len(text.rstrip()) - 1 or error.msg.startswith("Unterminated string"):
        return (f"not valid JSON: it ends too early (line {error.lineno}), the file looks cut off; export "
                "it again, or save it as JSONL so that a damaged line loses only that line")
    return (f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno}): fix the file "
            "or save it as JSONL")


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


def _csv_rows(text: str, source_path: str = "") -> tuple[list[tuple[int, dict]], Rejection | None]:
    """(first line number of the row, row) for each data row, the delimiter sniffed; and a
    rejection of the rest of the file when the CSV breaks part way (the rows before are kept)."""
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    rows: list[tuple[int, dict]] = []
    previous_end = 1
    try:
        for row in reader:
            rows.append((previous_end + 1, {k: v for k, v in row.items() if k is not None}))
            previous_end = reader.line_num
    except csv.Error as error:
        return rows, Rejection(source_path, f"the CSV breaks after line {previous_end} ({error}): the rows "
                                            "before were read; fix the quoting of that row", record=f"line {previous_end + 1}")
    return rows, None


def _with_many(context: RecordContext, many: bool) -> RecordContext:
    return replace(context, many=many)


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
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, list):
        return "\n\n".join(str(v) for v in value if v is not None)
    return str(value)


def _scalar(value: object) -> str:
    if value is None or isinstance(value, (list, dict)):
        return ""
    return normalize_paragraph(str(value))


def _names(value: object, separators: tuple[str, ...]) -> tuple[str, ...]:
    if value is None or isinstance(value, dict):
        return ()
    if isinstance(value, list):
        items = [v.get("name", "") if isinstance(v, dict) else v for v in value]
        return tuple(n for n in (normalize_paragraph(str(i)) for i in items) if n)
    text = normalize_paragraph(str(value))
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    return tuple(n.strip() for n in text.split(separators[0]) if n.strip())
