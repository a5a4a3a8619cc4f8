"""Raw text copied from a news page in a browser (breadcrumbs, photo captions, teasers and all).

Structure, not sentences, tells the parts apart (the rules and word lists are in
`analysis/data/ingest/page_noise.toml`):
- the date-time line splits the header (breadcrumbs, photo, title, lead) from the body;
- breadcrumbs are the short lines of the first block;
- a photo block ends with a credit ("...du monde.Keystone", "Video: watson");
- an agency signature "(ats/svp)" or a related-content marker ends the article.
"""
from __future__ import annotations

from dataclasses import dataclass

from analysis.ingest.dates import dates_cover_line, find_datetimes
from analysis.ingest.normalize import normalize_text
from analysis.ingest.page_rules import PageRules
from analysis.ingest.paragraphs import classify_blocks, is_short_label
from analysis.ingest.segments import Part, build_article
from analysis.models import Article


@dataclass(frozen=True)
class Line:
    text: str
    block: int  # lines with the same block number have no blank line between them


@dataclass(frozen=True)
class Header:
    sections: tuple[str, ...]
    authors: tuple[str, ...]
    parts: list[Part]


def looks_like_page(text: str, rules: PageRules) -> bool:
    """A copied page has a date-time line, or at least two other page cues."""
    lines = [line.text for line in to_lines(text)]
    if any(dates_cover_line(line) for line in lines[:40]):
        return True
    cues = (
        any(rules.is_credit(line) for line in lines),
        any(rules.is_noise(line) or rules.is_end(line) for line in lines),
        any(rules.agency_signature.match(line) for line in lines),
        rules.outlet_of(lines) is not None,
    )
    return sum(cues) >= 2


def read_page_text(text: str, source_path: str, source_id: str, rules: PageRules, language: str) -> Article | None:
    """The article on a copied page, or None when no title can be found (read it as plain text)."""
    lines = to_lines(text)
    outlet = rules.outlet_of([line.text for line in lines])
    lines, agency = cut_at_end(lines, rules)
    lines = [line for line in drop_photo_blocks(lines, rules) if not rules.is_noise(line.text)]
    header_lines, dates, body_lines = split_at_dateline(lines)
    header = read_header(header_lines, rules)
    if not any(part.kind == "title" for part in header.parts):
        return None
    body = classify_blocks(group_blocks(body_lines), rules)
    return build_article(
        source_path, source_id, header.parts + body,
        published=dates[0] if dates else None,
        updated=dates[1] if len(dates) > 1 else None,
        sections=header.sections, authors=header.authors,
        outlet=outlet, agency=agency, language=language,
    )


def to_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    block = 0
    for raw in normalize_text(text).split("\n"):
        if raw:
            lines.append(Line(raw, block))
        else:
            block += 1
    return lines


def group_blocks(lines: list[Line]) -> list[list[str]]:
    blocks: list[list[str]] = []
    previous_block = None
    for line in lines:
        if line.block != previous_block:
            blocks.append([])
            previous_block = line.block
        blocks[-1].append(line.text)
    return blocks


def cut_at_end(lines: list[Line], rules: PageRules) -> tuple[list[Line], str | None]:
    """Lines before the agency signature or the first related-content marker, and the agency."""
    for index, line in enumerate(lines):
        signature = rules.agency_signature.match(line.text)
        if signature:
            first = signature.group("parts").split("/")[0].strip().lower()
            return lines[:index], first if first in rules.agencies else None
        if rules.is_end(line.text):
            return lines[:index], None
    return lines, None


def drop_photo_blocks(lines: list[Line], rules: PageRules) -> list[Line]:
    """Without credit lines, the caption lines above them and the image text before those."""
    dropped: set[int] = set()
    for index, line in enumerate(lines):
        if rules.is_credit(line.text):
            dropped |= _photo_block(lines, index, rules)
    return [line for index, line in enumerate(lines) if index not in dropped]


def _photo_block(lines: list[Line], credit_index: int, rules: PageRules) -> set[int]:
    block = {credit_index}
    first = credit_index
    while (
        credit_index - first < rules.max_caption_lines
        and first > 0
        and lines[first - 1].block == lines[credit_index].block
        and len(lines[first - 1].text.split()) <= rules.max_caption_words
    ):
        first -= 1
        block.add(first)
    # The image's alt text, copied as its own block just above, repeats the caption's start.
    if first > 0 and lines[first - 1].block != lines[first].block:
        alt = _comparable(lines[first - 1].text)
        if alt and _comparable(lines[first].text).startswith(alt):
            block.add(first - 1)
    return block


def _comparable(text: str) -> str:
    return text.rstrip(".!?… ").casefold()


def split_at_dateline(lines: list[Line]) -> tuple[list[Line], list[str], list[Line]]:
    """Header lines, the date-times of the date line, body lines (no date line: empty header)."""
    for index, line in enumerate(lines):
        if dates_cover_line(line.text):
            return lines[:index], find_datetimes(line.text), lines[index + 1:]
    return [], [], lines


def read_header(lines: list[Line], rules: PageRules) -> Header:
    blocks = group_blocks(lines)
    sections: tuple[str, ...] = ()
    if len(blocks) > 1 and all(is_short_label(l, rules.breadcrumb_max_words) for l in blocks[0]):
        sections = tuple(blocks.pop(0))
    authors, blocks = _take_authors(blocks, rules)
    return Header(sections, authors, _title_parts(blocks, rules))


def _take_authors(blocks: list[list[str]], rules: PageRules) -> tuple[tuple[str, ...], list[list[str]]]:
    authors: list[str] = []
    kept: list[list[str]] = []
    for block in blocks:
        rest = []
        for line in block:
            match = next((m for p in rules.author if (m := p.match(line))), None)
            if match:
                authors += [a.strip() for a in match.group("who").replace(" et ", ",").split(",") if a.strip()]
            else:
                rest.append(line)
        if rest:
            kept.append(rest)
    return tuple(authors), kept


def _title_parts(blocks: list[list[str]], rules: PageRules) -> list[Part]:
    """Title, then kicker (a short line above the title), then lead, as the reading order says."""
    lines = [line for block in blocks for line in block]
    if not lines:
        return []
    kicker = None
    if len(lines) >= 3 and is_short_label(lines[0], rules.subhead_max_words):
        kicker, lines = lines[0], lines[1:]
    parts = [Part("title", lines[0])]
    if kicker:
        parts.append(Part("kicker", kicker))
    return parts + [Part("lead", line) for line in lines[1:]]
