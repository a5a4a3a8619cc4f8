"""How far can a speaker ranker go? On the fresh news set's development half (bench/FRESH.md), the
share of attributed gold quotes whose speaker is among the people and organisations presslens finds
near the quote: in its paragraph or the one before, anywhere before it, anywhere in the article.

Usage: .venv/bin/python bench/speaker_candidates.py [--half even] [--data DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))

import score  # noqa: E402  the project-independent scorer's name matching

from analysis.ingest import ingest_paths  # noqa: E402
from analysis.models import Article  # noqa: E402
from analysis.quotes.context import Context  # noqa: E402
from analysis.quotes.rules import QuoteRules  # noqa: E402
from analysis.quotes.spans import raw_quotes  # noqa: E402
from analysis.settings import Settings  # noqa: E402
from eval_fresh import in_half, records  # noqa: E402


def windows(text: str, start: int, end: int) -> tuple[int, int]:
    """This paragraph and the one before it."""
    previous = text.rfind("\n\n", 0, max(0, text.rfind("\n\n", 0, start)))
    following = text.find("\n\n", end)
    return previous, len(text) if following < 0 else following


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("even", "odd", "all"), default="even")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("PRESSLENS_FRESH", ROOT.parent / "evaldata" / "fresh")))
    args = parser.parse_args()
    gold = {r["id"]: r for r in records(args.data, "gold", args.half)}
    nlp, rules = spacy.load(Settings().model), QuoteRules.from_dir()
    counts = {"quotes": 0, "near": 0, "before": 0, "anywhere": 0}
    for path in sorted(args.data.glob("articles_*.jsonl")):
        for article in ingest_paths([path], Settings()):
            if not isinstance(article, Article) or article.source_id not in gold or not in_half(article.source_id, args.half):
                continue
            doc = nlp(article.text)
            ctx = Context(article, doc, rules, raw_quotes(article.text))
            names = [(m.start, m.name) for m in ctx.mentions] + [(s, n) for s, _, n in ctx.orgs]
            for quote in gold[article.source_id]["quotes"]:
                at = article.text.find(quote["text"])
                if quote["kind"] == "other" or not quote.get("speaker") or at < 0:
                    continue
                low, high = windows(article.text, at, at + len(quote["text"]))
                found = lambda pool: any(score.speakers_match(quote["speaker"], n) for _, n in pool)  # noqa: E731
                counts["quotes"] += 1
                counts["near"] += found([(s, n) for s, n in names if low <= s <= high])
                counts["before"] += found([(s, n) for s, n in names if s < at])
                counts["anywhere"] += found(names)
    n = counts["quotes"]
    print(f"{args.half} half: {n} attributed gold quotes; the speaker is among the names found in its paragraph "
          f"or the one before: {counts['near'] / n:.3f}; before the quote: {counts['before'] / n:.3f}; "
          f"anywhere in the article: {counts['anywhere'] / n:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
