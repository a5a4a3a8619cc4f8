"""Assemble an Article's text from its parts, with exact [start, end) segments."""
from __future__ import annotations

from dataclasses import dataclass

from analysis.models import Article, Segment

SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Part:
    """One paragraph-level part of an article, before offsets are known."""

    kind: str
    text: str


def assemble(parts: list[Part]) -> tuple[str, tuple[Segment, ...]]:
    """Join the non-empty parts with blank lines; each segment covers exactly its part."""
    pieces: list[str] = []
    segments: list[Segment] = []
    offset = 0
    for part in parts:
        if not part.text:
            continue
        if pieces:
            offset += len(SEPARATOR)
        pieces.append(part.text)
        segments.append(Segment(part.kind, offset, offset + len(part.text)))
        offset += len(part.text)
    return SEPARATOR.join(pieces), tuple(segments)


def build_article(source_path: str, source_id: str, parts: list[Part], **fields) -> Article:
    """An Article whose text and segments come from `parts`; `fields` are its other fields."""
    text, segments = assemble(parts)
    title = next((p.text for p in parts if p.kind == "title" and p.text), "")
    return Article(source_path=source_path, source_id=source_id, title=title, text=text,
                   segments=segments, **fields)
