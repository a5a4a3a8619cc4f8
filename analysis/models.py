"""The shared vocabulary: what an article is, what a rejection is, what an analyzer returns.

Every other module speaks in these types. `Article.text` is the one stored text: every offset
anywhere in presslens (segments, people mentions, quotes, tone hits) refers to it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Protocol

# Kinds of segment, in the reading order a page puts them in. "body" is what readability reads.
# "subhead" is an intertitle inside the body (no sentence of its own, so readability skips it).
SEGMENT_KINDS = ("title", "kicker", "lead", "body", "subhead", "pullquote", "attribution")


@dataclass(frozen=True)
class Segment:
    """A stretch of `Article.text`: [start, end) with what part of the article it is."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One news article, normalised once by its reader.

    `text` is the whole analysed article in reading order (title, kicker, lead, body, pull
    quotes with their attribution lines), joined by blank lines; `segments` say which part is
    which. Dates are ISO 8601 strings or None.
    """

    source_path: str
    source_id: str
    title: str
    text: str
    segments: tuple[Segment, ...] = ()
    published: str | None = None
    updated: str | None = None
    sections: tuple[str, ...] = ()
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    agency: str | None = None
    url: str | None = None
    language: str = "fr"

    @property
    def id(self) -> str:
        """Stable identity: the same text from any file is the same article."""
        return content_id(self.text)

    @property
    def section(self) -> str | None:
        """The top-level section (first breadcrumb), the one the dashboard filters on."""
        return self.sections[0] if self.sections else None

    def segment_text(self, *kinds: str) -> str:
        """The text of the segments of these kinds, joined by blank lines (all text if none)."""
        if not self.segments:
            return self.text
        return "\n\n".join(self.text[s.start:s.end] for s in self.segments if s.kind in kinds)

    def spans_of(self, *kinds: str) -> list[tuple[int, int]]:
        """[start, end) of the segments of these kinds; the whole text when there are no segments."""
        if not self.segments:
            return [(0, len(self.text))]
        return [(s.start, s.end) for s in self.segments if s.kind in kinds]


def content_id(text: str) -> str:
    """A 16-hex-digit digest of the text, whitespace-insensitive, used as the article id."""
    normalised = " ".join(text.split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Rejection:
    """An input (a file, or one record of a file) that did not become an article, and why."""

    source_path: str
    reason: str
    record: str | None = None  # e.g. "line 12" for a JSONL line, None for a whole file


@dataclass(frozen=True)
class AnalyzerResult:
    """What one analyzer says about one article.

    `metrics` become columns named `<analyzer>_<metric>` in one row per article; a metric that
    cannot be computed is None (never NaN, never 0). `tables` hold row lists, e.g.
    {"quotes": [{"text": ..., "start": ..., "end": ...}]}.
    """

    metrics: dict[str, float | int | None] = field(default_factory=dict)
    tables: dict[str, list[dict]] = field(default_factory=dict)


class Analyzer(Protocol):
    """One metric family. No I/O: word lists and settings are given at construction."""

    name: str  # "quotes": its metrics are stored as quotes_*
    version: str  # bumped whenever its output changes, so stored results are recomputed
    components: tuple[str, ...]  # spaCy components it needs ("ner", "parser", ...)

    def analyze(self, article: Article, doc) -> AnalyzerResult: ...
