"""Fit the speaker ranker (analysis/quotes/ranker.py) and write analysis/data/quotes/speaker_ranker.json.

Training data: every reported quote that both the gold and presslens find, in the development half
of the fresh news set (even ids, bench/FRESH.md) and in the Wikinews gold of dev, dev2, dev3, dev4
and the seed (never the held-out halves). Each name near a quote is one example, labelled by the
scorer's own name matching: is it the gold speaker?

It also prints a 5-fold cross-validation by article on the fresh development half (Wikinews always
in training): for the quotes the rules leave unattributed, how many guesses are right, name the
wrong person, or give a speaker to a quote whose source the text does not name, per threshold.

Usage: .venv/bin/python bench/train_speaker_ranker.py [--threshold 0.2] [--data DIR] [--sets ABC..] [--dry-run] [--model M]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import spacy

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SHARED / "eval"))

import score  # noqa: E402  the scorer's name matching labels the examples

from analysis.ingest import ingest_paths  # noqa: E402
from analysis.models import Article  # noqa: E402
from analysis.quotes import rule_quotes  # noqa: E402
from analysis.quotes.ranker import FEATURES, candidate_features, guessable  # noqa: E402
from analysis.quotes.rules import QuoteRules  # noqa: E402
from analysis.settings import Settings  # noqa: E402
from eval_fresh import records  # noqa: E402

REPORTED = ("speech", "partial")
OUT = ROOT / "analysis" / "data" / "quotes" / "speaker_ranker.json"
WIKINEWS_GOLD = ([SHARED / "eval" / "gold_dev.jsonl"] + [ROOT / "bench" / f"gold_dev{n}.jsonl" for n in (2, 3, 4)]
                 + [ROOT / "bench" / "gold_seed.jsonl"])
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def read_gold(paths: list[Path]) -> dict[str, dict]:
    gold = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                gold[str(record.get("source_id") or record["id"])] = record
    return gold


def quote_examples(nlp, rules: QuoteRules, articles: list[Article], gold: dict[str, dict], group: str) -> list[dict]:
    """One record per reported quote found by both: gold speaker, the rules' speaker, candidates."""
    examples = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        truth = gold.get(article.source_id) or gold.get(article.id)
        ctx, quotes = rule_quotes(article, doc, rules)
        pairs = score.pair(truth["quotes"], quotes, lambda g, q: score.quotes_match(g["text"], q.text))
        for gi, qi in pairs:
            gold_quote, quote = truth["quotes"][gi], quotes[qi]
            if gold_quote["kind"] not in REPORTED or quote.kind not in REPORTED or quote.rule == "unnamed":
                continue
            examples.append({"article": f"{group}:{article.source_id}", "gold": gold_quote.get("speaker"),
                             "rules": quote.speaker, "guess": guessable(ctx, quotes, qi),
                             "candidates": [(name, f) for name, _, f in candidate_features(ctx, quotes, qi)]})
    return examples


def sets_of(gold: dict[str, dict]) -> set[str]:
    """The batch names of fresh ids ("fK04" -> "K", "ga04" -> "ga")."""
    return {article_id[1] if article_id.startswith("f") else article_id.rstrip("0123456789") for article_id in gold}


def matrix(examples: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for e in examples:
        for name, f in e["candidates"]:
            rows.append(f)
            labels.append(float(bool(e["gold"]) and score.speakers_match(e["gold"], name)))
    return np.array(rows, dtype=float), np.array(labels)


def fit(examples: list[dict], l2: float = 1.0, steps: int = 1500, rate: float = 2.0) -> np.ndarray:
    """Logistic regression by gradient descent, L2 on every weight: deterministic and tiny."""
    x, y = matrix(examples)
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= rate * (x.T @ (p - y) + l2 * w) / len(y)
    return w


def best(w: np.ndarray, example: dict) -> tuple[float, str | None]:
    scored = [(float(1 / (1 + np.exp(-np.dot(w, f)))), name) for name, f in example["candidates"]]
    return max(scored) if scored else (0.0, None)


def cross_validate(fresh: list[dict], wikinews: list[dict], folds: int = 5, repeats: int = 1) -> dict:
    """Outcomes of the guesses on held-back articles of the fresh development half, per threshold,
    summed over `repeats` shuffles of the articles (one split is noisy with a few dozen quotes)."""
    table = {t: {"right": 0, "wrong_person": 0, "unnamed_given_speaker": 0, "no_guess": 0, "unnamed_kept": 0}
             for t in THRESHOLDS}
    for seed in range(repeats):
        ids = sorted({e["article"] for e in fresh})
        random.Random(seed).shuffle(ids)
        add_folds(table, fresh, wikinews, ids, folds)
    return table


def add_folds(table: dict, fresh: list[dict], wikinews: list[dict], ids: list[str], folds: int) -> None:
    for k in range(folds):
        held = set(ids[k::folds])
        w = fit([e for e in fresh if e["article"] not in held] + wikinews)
        for e in fresh:
            if e["article"] not in held or not e["guess"]:
                continue
            p, name = best(w, e)
            for t, row in table.items():
                if name is None or p < t:
                    row["no_guess"] += 1
                    row["unnamed_kept"] += not e["gold"]  # no guess is the right answer there
                elif not e["gold"]:
                    row["unnamed_given_speaker"] += 1
                else:
                    row["right" if score.speakers_match(e["gold"], name) else "wrong_person"] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.2)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("PRESSLENS_FRESH", ROOT.parent / "evaldata" / "fresh")))
    parser.add_argument("--repeats", type=int, default=5, help="shuffles of the cross-validation, summed")
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validation, write nothing")
    # Batches still blind (not yet scored on arrival) must stay out: name the ones to learn from.
    parser.add_argument("--sets", help="batch names to learn from, written together (\"ABC...Zgagb\"); default all")
    # The default model's parses: the features read its dependency labels.
    parser.add_argument("--model", default=Settings().model, help="whose parses the examples come from")
    args = parser.parse_args()
    settings = replace(Settings(), model=args.model)
    nlp, rules = spacy.load(settings.model), QuoteRules.from_dir()
    fresh_gold = {r["id"]: r for r in records(args.data, "gold", "even", args.sets)}
    fresh_articles = [a for p in sorted(args.data.glob("articles_*.jsonl")) for a in ingest_paths([p], settings)
                      if isinstance(a, Article) and a.source_id in fresh_gold]
    wiki_gold = read_gold(WIKINEWS_GOLD)
    wiki_articles = [a for a in ingest_paths([SHARED / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl", ROOT / "seeds"], settings)
                     if isinstance(a, Article) and (a.source_id in wiki_gold or a.id in wiki_gold)]
    fresh = quote_examples(nlp, rules, fresh_articles, fresh_gold, "fresh")
    wikinews = quote_examples(nlp, rules, wiki_articles, wiki_gold, "wikinews")
    print(f"examples: fresh development half {len(fresh)} quotes ({len(fresh_articles)} articles), "
          f"Wikinews {len(wikinews)} quotes ({len(wiki_articles)} articles)")
    table = cross_validate(fresh, wikinews, repeats=args.repeats)
    print(f"5-fold cross-validation on the fresh development half, {args.repeats} shuffles summed, "
          "quotes the rules leave unattributed:")
    for t, row in table.items():
        fired = row["right"] + row["wrong_person"] + row["unnamed_given_speaker"]
        print(f"  threshold {t:.1f}: right {row['right']}, wrong person {row['wrong_person']}, unnamed source given "
              f"a speaker {row['unnamed_given_speaker']}, no guess {row['no_guess']}; "
              f"precision {row['right'] / fired if fired else 0:.2f}; speakers right with the guesses "
              f"{row['right'] + row['unnamed_kept']} (without: {row['unnamed_kept'] + row['unnamed_given_speaker']})")
    if args.dry_run:
        return 0
    weights = fit(fresh + wikinews)
    OUT.write_text(json.dumps({
        "features": list(FEATURES), "weights": [round(float(w), 4) for w in weights], "threshold": args.threshold,
        "trained_on": f"{len(fresh) + len(wikinews)} reported quotes, {args.model} parses: fresh news set "
                      f"development half (even ids of {' '.join(sorted(sets_of(fresh_gold)))}) and Wikinews gold dev, "
                      "dev2, dev3, dev4, seed; bench/train_speaker_ranker.py",
        "cross_validation_repeats": args.repeats,
        "cross_validation": {str(t): row for t, row in table.items()},
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
