"""What the speaker ranker and re-ranker cost: CPU time of the quotes analyzer with rules only, with
the ranker's guesses, and with the ranker and the re-ranker (the default, `guess_speakers`), on the
same parsed texts, best of several rounds, in one run.

The spaCy pass is done once, untimed; only `QuotesAnalyzer.analyze` is timed (time.process_time,
robust to other jobs on a shared machine). Corpora: the Wikinews 100 of ../shared/data/news_fr and
the fresh news set when it is present (bench/FRESH.md), whose modern articles leave more quotes to
the ranker.

Usage: .venv/bin/python bench/bench_ranker.py [--rounds 5] [--limit N]
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
    parser.add_argument("--limit", type=int, help="at most this many articles of each corpus")
    args = parser.parse_args()
    nlp = spacy.load(Settings().model)
    default = quotes.create(Settings())
    analyzers = {"rules only": quotes.create(Settings(guess_speakers=False)),
                 "with the ranker": quotes.QuotesAnalyzer(default.rules, default.ranker),
                 "with the ranker and re-ranker": default}
    for name, paths in corpora().items():
        articles = [a for a in ingest_paths(paths, Settings()) if isinstance(a, Article)][:args.limit]
        parsed = list(zip(articles, nlp.pipe(a.text for a in articles)))
        best = dict.fromkeys(analyzers, float("inf"))
        labels = list(analyzers)
        for r in range(args.rounds):  # interleaved and rotated, so a busy spell or a cold cache hits all of them
            for label in labels[r % len(labels):] + labels[:r % len(labels)]:
                best[label] = min(best[label], quotes_cpu(analyzers[label], parsed))
        guesses = sum(q["attribution"] == "guess" for a, d in parsed for q in default.analyze(a, d).tables["quotes"])
        n = len(parsed)
        times = ", ".join(f"{label} {seconds * 1000 / n:.2f} ms/article (ratio {seconds / best['rules only']:.2f})"
                          for label, seconds in best.items())
        print(f"{name}: {n} articles, {guesses} guessed or revised speakers; quotes analyzer, best of "
              f"{args.rounds}: {times}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
