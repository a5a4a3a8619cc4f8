"""What the speaker ranker costs: CPU time of the quotes analyzer with and without its guesses
(`guess_speakers`), on the same parsed texts, best of several rounds, in one run.

The spaCy pass is done once, untimed; only `QuotesAnalyzer.analyze` is timed (time.process_time,
robust to other jobs on a shared machine). Corpora: the Wikinews 100 of ../shared/data/news_fr and
the fresh news set when it is present (bench/FRESH.md), whose modern articles leave more quotes to
the ranker.

Usage: .venv/bin/python bench/bench_ranker.py [--rounds 5]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import quotes  # noqa: E402
from analysis.ingest import ingest_paths  # noqa: E402
from analysis.models import Article  # noqa: E402
from analysis.settings import Settings  # noqa: E402


def corpora() -> dict[str, list[Path]]:
    found = {"Wikinews 100": [ROOT.parent / "shared" / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl"]}
    fresh = Path(os.environ.get("PRESSLENS_FRESH", ROOT.parent / "evaldata" / "fresh"))
    if fresh.is_dir():
        found["fresh news set"] = sorted(fresh.glob("articles_*.jsonl"))
    return found


def quotes_cpu(analyzer, parsed: list[tuple[Article, spacy.tokens.Doc]]) -> float:
    started = time.process_time()
    for article, doc in parsed:
        analyzer.analyze(article, doc)
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    nlp = spacy.load(Settings().model)
    rules_only, with_ranker = quotes.create(Settings(guess_speakers=False)), quotes.create(Settings())
    for name, paths in corpora().items():
        articles = [a for a in ingest_paths(paths, Settings()) if isinstance(a, Article)]
        parsed = list(zip(articles, nlp.pipe(a.text for a in articles)))
        best = {"rules only": float("inf"), "with the ranker": float("inf")}
        for _ in range(args.rounds):  # interleaved, so a busy spell hits both
            best["rules only"] = min(best["rules only"], quotes_cpu(rules_only, parsed))
            best["with the ranker"] = min(best["with the ranker"], quotes_cpu(with_ranker, parsed))
        guesses = sum(q["attribution"] == "guess" for a, d in parsed
                      for q in with_ranker.analyze(a, d).tables["quotes"])
        n = len(parsed)
        print(f"{name}: {n} articles, {guesses} guessed speakers; quotes analyzer, best of {args.rounds}: "
              f"rules only {best['rules only'] * 1000 / n:.2f} ms/article, with the ranker "
              f"{best['with the ranker'] * 1000 / n:.2f} ms/article, ratio {best['with the ranker'] / best['rules only']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
