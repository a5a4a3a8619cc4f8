"""The page-reading rules, loaded from `analysis/data/ingest/page_noise.toml` on first use."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "ingest" / "page_noise.toml"


@dataclass(frozen=True)
class PageRules:
    breadcrumb_max_words: int
    subhead_max_words: int
    attribution_max_words: int
    max_caption_lines: int
    max_caption_words: int
    glued_credit: re.Pattern[str]  # a caption line ending with a credit word
    credit_line: re.Pattern[str]  # a whole "Video: watson" line
    agency_signature: re.Pattern[str]  # "(ats/svp)"
    agencies: frozenset[str]
    drop: tuple[re.Pattern[str], ...]
    end: tuple[re.Pattern[str], ...]
    author: tuple[re.Pattern[str], ...]
    outlets: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]

    def is_credit(self, line: str) -> bool:
        return bool(self.glued_credit.search(line) or self.credit_line.match(line))

    def is_noise(self, line: str) -> bool:
        return any(p.search(line) for p in self.drop)

    def is_end(self, line: str) -> bool:
        return any(p.search(line) for p in self.end)

    def outlet_of(self, lines: list[str]) -> str | None:
        for name, patterns in self.outlets:
            if any(p.search(line) for p in patterns for line in lines):
                return name
        return None


@lru_cache(maxsize=None)
def load_rules(path: Path = RULES_FILE) -> PageRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    layout, credits, noise = data["layout"], data["credits"], data["noise"]
    words = "|".join(re.escape(w) for w in sorted(credits["words"], key=len, reverse=True))
    prefixes = "|".join(re.escape(p) for p in credits["prefixes"])
    return PageRules(
        breadcrumb_max_words=layout["breadcrumb_max_words"],
        subhead_max_words=layout["subhead_max_words"],
        attribution_max_words=layout["attribution_max_words"],
        max_caption_lines=layout["max_caption_lines"],
        max_caption_words=layout["max_caption_words"],
        # Glued: the credit follows the caption's final punctuation without a space.
        glued_credit=re.compile(rf"[.!?…»)](?:{words})$"),
        credit_line=re.compile(rf"^(?:{prefixes})\s*:\s*\S.{{0,60}}$", re.IGNORECASE),
        agency_signature=re.compile(r"^\((?P<parts>[A-Za-z-]{2,15}(?:\s*/\s*[A-Za-z-]{2,15})*)\)$"),
        agencies=frozenset(name.lower() for name in data["agency"]["names"]),
        drop=_compile(noise["drop"]),
        end=_compile(noise["end"]),
        author=_compile(noise["author"]),
        outlets=tuple((o["name"], _compile(o["lines"])) for o in data["outlets"]),
    )


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)
