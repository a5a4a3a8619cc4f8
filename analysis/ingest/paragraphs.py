"""Paragraph kinds inside a body: intertitles, pull quotes with their attribution, body text.

Cues are structural only: an intertitle is a paragraph of one short line without final
punctuation; a pull quote is a paragraph that is only a quotation *and* is followed, on the next
line of the same block, by a short attribution line. A quotation paragraph without an attribution
line is ordinary body text (it is part of the article's prose).
"""
from __future__ import annotations

import re

from analysis.ingest.page_rules import PageRules
from analysis.ingest.segments import Part

_FINAL_PUNCTUATION = tuple(".!?:;,…»\"”)")
_OPENING_QUOTES = tuple("«“\"")
_SENTENCE_END = tuple(".!?:…»\"”)")
_QUOTE_ONLY = re.compile(r"^[«“\"][^«»]+[»”\"][.!?…]?$")


def classify_blocks(blocks: list[list[str]], rules: PageRules, join_wrapped: bool = False) -> list[Part]:
    """Parts for the blocks (blank-line separated groups of lines) of a body, in order.

    With `join_wrapped`, the lines of a block are one hard-wrapped paragraph; otherwise each line
    is a paragraph, as in text copied from a browser.
    """
    parts: list[Part] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if len(block) == 1 and _is_subhead_here(block[0], parts, following, rules):
            parts.append(Part("subhead", block[0]))
        else:
            parts.extend(_block_parts(block, rules, join_wrapped))
    return parts


def _is_subhead_here(line: str, before: list[Part], following: list[str] | None, rules: PageRules) -> bool:
    """An intertitle sits between a finished paragraph and one that starts a sentence.

    The context check keeps short hard-wrapped or OCR lines ("La panique des éléphants au
    grand") from being read as intertitles.
    """
    if not is_subhead(line, rules.subhead_max_words) or following is None:
        return False
    previous_done = not before or before[-1].kind != "body" or before[-1].text.endswith(_SENTENCE_END)
    next_starts = following[0][:1].isupper() or following[0][:1].isdigit() or following[0].startswith(_OPENING_QUOTES)
    return previous_done and next_starts


def _block_parts(block: list[str], rules: PageRules, join_wrapped: bool) -> list[Part]:
    parts: list[Part] = []
    pending: list[str] = []  # body lines not yet emitted

    def flush() -> None:
        if pending:
            lines = [" ".join(pending)] if join_wrapped else pending
            parts.extend(Part("body", line) for line in lines)
            pending.clear()

    index = 0
    while index < len(block):
        line = block[index]
        following = block[index + 1] if index + 1 < len(block) else None
        if following is not None and is_quote_only(line) and is_attribution(following, rules.attribution_max_words):
            flush()
            parts += [Part("pullquote", line), Part("attribution", following)]
            index += 2
            continue
        pending.append(line)
        index += 1
    flush()
    return parts


def is_short_label(line: str, max_words: int) -> bool:
    """A short line without final punctuation that starts like a heading or a name."""
    return (
        0 < len(line.split()) <= max_words
        and not line.endswith(_FINAL_PUNCTUATION)
        and not line.startswith(_OPENING_QUOTES)
        and (line[0].isupper() or line[0].isdigit())
    )


def is_subhead(line: str, max_words: int) -> bool:
    return is_short_label(line, max_words)


def is_attribution(line: str, max_words: int) -> bool:
    name = line.lstrip("—–- ")
    return bool(name) and is_short_label(name, max_words)


def is_quote_only(line: str) -> bool:
    return bool(_QUOTE_ONLY.match(line))
