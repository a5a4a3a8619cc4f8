"""One normalisation for every text that enters presslens, whatever the reader.

Offsets everywhere refer to `Article.text`, so every reader must clean text the same way before
it builds segments: NFC, LF line ends, no control or bidi characters, single spaces.
"""
from __future__ import annotations

import re
import unicodedata

# Bidi marks and invisible characters copied along with web pages: they break word matching and
# offsets without showing on screen. Soft hyphens (U+00AD) are line-break hints, not text.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# C0/C1 control characters except tab and newline (tabs become spaces below).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Horizontal whitespace other than a lone no-break space: French typography puts U+00A0 / U+202F
# before « » : ; ! ? and that is meaningful, but a run of mixed spaces is just layout.
_SPACE_RUN = re.compile("[ \t\u00a0\u202f\u2000-\u200a\u3000]{2,}|[\t\u2000-\u200a\u3000]")
_BLANK_LINES = re.compile(r"\n{2,}")


def normalize_text(raw: str) -> str:
    """A whole document: lines kept, runs of blank lines reduced to one blank line."""
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACE_RUN.sub(" ", text)
    lines = [line.strip(" \u00a0\u202f") for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def normalize_paragraph(raw: str) -> str:
    """One paragraph on one line: hard line wraps inside it become spaces."""
    return " ".join(line for line in normalize_text(raw).split("\n") if line)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a document: blank-line separated, or one per line when it has no blank line."""
    text = normalize_text(text)
    if not text:
        return []
    if "\n\n" in text:
        return [p for p in (normalize_paragraph(b) for b in text.split("\n\n")) if p]
    return [line for line in text.split("\n") if line]
