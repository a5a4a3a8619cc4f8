"""Fit the person filter (analysis/person_filter.py) and write analysis/data/people/person_filter.json.

Training data: every name the people rules keep (`find_people(..., filtered=False)`) in the fresh
news set (bench/FRESH.md), labelled 1 when the scorer's own name matching pairs it with a gold
person of its article, else 0. Names found only in the title are left out of the fit: the gold
annotates the text, so they would teach the model the title's place, not what a person is.

The model is a logistic regression with L2 on the standardised features (not on the intercept),
fitted by Newton's method; only features non-zero for at least --min-count names are kept. The
file holds the weights brought back to the raw features, so `person_filter.py` needs no scaling.

It prints people F1 at several thresholds (how many names kept, how many of them right) for:
- a cross-validation by batch (5 folds, each batch wholly in one fold, so a fold's outlets are new);
- with --hold-out, the held-out batches, scored by a model fitted on the others.

Usage: .venv/bin/python bench/train_person_filter.py [--hold-out kn,ko,kp,kq] [--l2 10]
           [--threshold 0.33] [--wikinews-weight 1] [--model fr_core_news_md] [--data DIR] [--cache DIR] [--dry-run]
The shipped file: --hold-out kr,ks,kt,ku,kv (those batches stayed blind until it was fitted).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np
import spacy
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))

import score  # noqa: E402  the owners' scorer: its name matching labels the examples

from analysis import people, person_filter  # noqa: E402
from analysis.settings import Settings  # noqa: E402
from train_speaker_ranker import read_gold  # noqa: E402
from train_speaker_reranker import WIKINEWS_CORPUS, WIKINEWS_TEST, WIKINEWS_TRAIN, load_articles  # noqa: E402

OUT = ROOT / "analysis" / "data" / "people" / "person_filter.json"
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)


def batch_of(article_id: str) -> str:
    """"fA03" -> "A", "kn05" -> "kn"; a Wikinews article is its own batch."""
    m = re.fullmatch(r"f?([A-Za-z]{1,2}?)\d\d", article_id)
    return m.group(1) if m else article_id


def parsed(articles, model: str, cache: Path | None):
    nlp = spacy.load(model)
    key = hashlib.sha256("".join(a.id for a in articles).encode()).hexdigest()[:10]
    path = cache / f"person_filter_{model}_{key}.spacy" if cache else None
    if path and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe((a.text for a in articles), batch_size=32))
    if path:
        DocBin(docs=docs).to_disk(path)
    return docs


def examples(articles, docs, gold, weight: float = 1.0) -> tuple[list[dict], dict[str, int]]:
    """One example per name the rules keep; and the number of gold persons of each article."""
    rules = people.default_rules()
    rows, n_gold = [], {}
    for article, doc in zip(articles, docs):
        key = article.source_id if article.source_id in gold else article.id
        persons = [p["name"] for p in gold[key]["persons"]]
        n_gold[key] = len(persons)
        found = people.find_people(article, doc, rules, filtered=False)
        pairs = score.pair(persons, [p.name for p in found], score.names_match)
        right = {j for _, j in pairs}
        body = min((s.start for s in article.segments if s.kind != "title"), default=0)
        lower_words = person_filter.lower_case_words(doc)
        for j, person in enumerate(found):
            rows.append({"article": key, "name": person.name, "label": int(j in right), "weight": weight,
                         "in_body": any(m.start >= body for m in person.mentions),
                         "features": person_filter.features(person, doc, rules, lower_words, found)})
    return rows, n_gold


def matrix(rows: list[dict], names: list[str]) -> np.ndarray:
    return np.array([[r["features"].get(n, 0.0) for n in names] for r in rows], dtype="float64")


def fit(rows: list[dict], names: list[str], l2: float) -> dict[str, float]:
    """Raw-scale weights (with "bias") of an L2 logistic regression on standardised features."""
    x = matrix(rows, names)
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([np.ones((len(rows), 1)), (x - mu) / sd])
    y = np.array([r["label"] for r in rows], dtype="float64")
    weight = np.array([r["weight"] for r in rows], dtype="float64")
    penalty = l2 * np.eye(z.shape[1])
    penalty[0, 0] = 0.0
    w = np.zeros(z.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-z @ w))
        hessian = z.T @ (z * (weight * p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, z.T @ (weight * (p - y)) + penalty @ w)
    raw = w[1:] / sd
    return {"bias": float(w[0] - raw @ mu)} | {n: float(v) for n, v in zip(names, raw)}


def probabilities(rows: list[dict], weights: dict[str, float]) -> np.ndarray:
    """Each name's probability, 1 for a name the filter always keeps (see `PersonFilter.keeps`)."""
    model = person_filter.PersonFilter(weights, threshold=1.0)
    return np.array([1.0 if model.keeps(r["features"]) else model.probability(r["features"]) for r in rows])


def f1_line(label: str, rows: list[dict], probs: np.ndarray, n_gold: int, chosen: float) -> str:
    cells = []
    for t in sorted(set(THRESHOLDS) | {chosen}):
        kept = [r for r, p in zip(rows, probs) if p >= t]
        right = sum(r["label"] for r in kept)
        cells.append(f"{t:.2f}: {2 * right / (len(kept) + n_gold):.4f} ({right}/{len(kept)})")
    return f"{label:<28} gold {n_gold:<5} " + "  ".join(cells)


def feature_names(rows: list[dict], min_count: int) -> list[str]:
    counts: dict[str, int] = {}
    for r in rows:
        for n, v in r["features"].items():
            counts[n] = counts.get(n, 0) + (v != 0)
    return sorted(n for n, c in counts.items() if c >= min_count)


def cross_validate(rows: list[dict], n_gold: dict[str, int], args) -> None:
    """5 folds, each batch (a Wikinews article: each article) wholly in one; F1 per group of articles."""
    batches = sorted({batch_of(r["article"]) for r in rows})
    probs = np.zeros(len(rows))
    for k in range(5):
        test = set(batches[k::5])
        train = [r for r in rows if batch_of(r["article"]) not in test and r["in_body"]]
        names = feature_names(train, args.min_count)
        idx = [i for i, r in enumerate(rows) if batch_of(r["article"]) in test]
        probs[idx] = probabilities([rows[i] for i in idx], fit(train, names, args.l2))
    for group in ("fresh", "wikinews"):
        idx = [i for i, r in enumerate(rows) if r["group"] == group]
        gold = sum(v for k, v in n_gold.items() if group_of(k) == group)
        print(f1_line(f"cross-validation, {group}", [rows[i] for i in idx], probs[idx], gold, args.threshold))


def group_of(article_id: str) -> str:
    return "wikinews" if article_id.isdigit() or article_id == batch_of(article_id) else "fresh"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/evaldata/fresh"))
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--hold-out", default="", help="batches left out of the fit, comma-separated")
    parser.add_argument("--l2", type=float, default=10.0)
    parser.add_argument("--threshold", type=float, default=0.33)
    parser.add_argument("--min-count", type=int, default=30)
    parser.add_argument("--wikinews-weight", type=float, default=1.0,
                        help="how many fresh names a name of our own Wikinews gold counts for")
    parser.add_argument("--cache", type=Path, help="keep the parsed articles here between runs")
    parser.add_argument("--dry-run", action="store_true", help="print the tables, write no file")
    args = parser.parse_args()

    fresh_gold = read_gold(sorted(args.data.glob("gold_*.jsonl")))
    articles = load_articles(sorted(args.data.glob("articles_*.jsonl")), fresh_gold, Settings())
    rows, n_gold = examples(articles, parsed(articles, args.model, args.cache), fresh_gold)
    wiki_rows, wiki_gold = [], {}
    for name, paths in (("wikinews", WIKINEWS_TRAIN), ("wikinews test", WIKINEWS_TEST)):
        gold = read_gold(paths)
        found = load_articles(WIKINEWS_CORPUS, gold, Settings())
        more, counts = examples(found, parsed(found, args.model, args.cache), gold, args.wikinews_weight)
        wiki_rows += [r | {"group": name} for r in more]
        wiki_gold |= {k: (v, name) for k, v in counts.items()}
    rows = [r | {"group": "fresh"} for r in rows] + wiki_rows
    held = set(filter(None, args.hold_out.split(",")))
    fitted = [r for r in rows if batch_of(r["article"]) not in held and r["group"] != "wikinews test"]
    fitted_gold = {k: v for k, v in n_gold.items() if batch_of(k) not in held} | {
        k: v for k, (v, name) in wiki_gold.items() if name == "wikinews"}
    print(f"{len(fitted_gold)} articles, {len(fitted)} names kept by the rules, "
          f"{sum(r['label'] for r in fitted)} of them gold persons")
    cross_validate(fitted, fitted_gold, args)
    train = [r for r in fitted if r["in_body"]]
    names = feature_names(train, args.min_count)
    weights = fit(train, names, args.l2)
    tests = [("wikinews test (gold_dev, heldout2)", [r for r in rows if r["group"] == "wikinews test"],
              sum(v for v, name in wiki_gold.values() if name == "wikinews test"))]
    if held:
        tests.append(("held out " + ",".join(sorted(held)), [r for r in rows if batch_of(r["article"]) in held],
                      sum(v for k, v in n_gold.items() if batch_of(k) in held)))
    for label, test, n in tests:
        print(f1_line(label, test, probabilities(test, weights), n, args.threshold))
    if args.dry_run:
        return 0
    OUT.write_text(json.dumps({
        "model": "logistic regression over each name the people rules keep (analysis/person_filter.py)",
        "fitted_with": f"bench/train_person_filter.py --hold-out {args.hold_out} --l2 {args.l2:g} "
                       f"--threshold {args.threshold:g} --wikinews-weight {args.wikinews_weight:g} --model {args.model}",
        "threshold": args.threshold,
        "l2": args.l2,
        "articles": len(fitted_gold),
        "names": len(train),
        "batches": ",".join(sorted({batch_of(k) for k in fitted_gold})),
        "weights": {n: round(v, 6) for n, v in weights.items()},
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(names)} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
