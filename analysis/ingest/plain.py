"""Plain text: the first non-empty line is the title, the rest is the body.

Paragraphs are blank-line separated (lines inside one are hard wraps and are joined); a file
without any blank line has one paragraph per line. A last line like "(afp)" is the agency
signature, kept out of the text.
"""
from __future__ import annotations

from analysis.ingest.normalize import normalize_text
from analysis.ingest.page_rules import PageRules
from analysis.ingest.paragraphs import classify_blocks
from analysis.ingest.segments import Part, build_article
from analysis.models import Article


class NoBodyError(ValueError):
    """The text has a title line but nothing after it."""


def read_plain(text: str, source_path: str, source_id: str, rules: PageRules, language: str) -> Article:
    """The article in a plain text; NoBodyError when only a title is there."""
    text = normalize_text(text)
    title, _, rest = text.partition("\n")
    rest, agency = _take_agency_signature(rest.strip("\n"), rules)
    if not rest:
        raise NoBodyError("the text has a single line (read as the title) and no article text after it: put "
                          "the title on the first line, then a blank line, then the text")
    if "\n\n" in rest:
        blocks = [block.split("\n") for block in rest.split("\n\n")]
        body = classify_blocks(blocks, rules, join_wrapped=True)
    else:
        body = classify_blocks([[line] for line in rest.split("\n")], rules)
    return build_article(source_path, source_id, [Part("title", title), *body],
                         agency=agency, language=language)


def _take_agency_signature(text: str, rules: PageRules) -> tuple[str, str | None]:
    head, _, last = text.rpartition("\n")
    signature = rules.agency_signature.match(last.strip())
    if not signature:
        return text, None
    first = signature.group("parts").split("/")[0].strip().lower()
    return head.strip("\n"), first if first in rules.agencies else None
