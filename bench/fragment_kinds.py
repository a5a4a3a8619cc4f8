"""The kind of a word or two in quotes, measured: what the rules decide, "always partial", and a
logistic model over the fragment's features (thirteenth session, bench/FRESH.md).

Captures, through `analysis.quotes.decide_kind`, every quote of one or two words that no title or
naming cue decides and that is not speech, with 26 features (speaker found and how, saying verb,
judging adjective, term cue, part of speech, determiner or "de" before, noun after, person or
reporting verb in the sentence, person in the sentence before, reported quotes earlier in the
paragraph, coordination ...), and labels it with the gold kind of the quote it matches (scorer's
matching). Then: accuracy of reported-vs-other for the rules, for "always partial", and for a
logistic regression fitted on the fresh development half, on the held-out half and on the Wikinews
gold (gold_dev, dev2-4, heldout2). Reads ../evaldata/fresh (or $PRESSLENS_FRESH) and ../shared.

Usage: .venv/bin/python bench/fragment_kinds.py [--model fr_core_news_md] [--l2 5]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))

import score  # noqa: E402
from analysis import quotes as Q  # noqa: E402
from analysis.ingest import ingest_paths  # noqa: E402
from analysis.models import Article  # noqa: E402
from analysis.quotes import kind as K  # noqa: E402
from analysis.settings import Settings  # noqa: E402
from eval_fresh import records  # noqa: E402

REPORTED = {"speech", "partial"}
WIKINEWS = ROOT.parent / "shared" / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl"
WIKI_GOLD = [ROOT.parent / "shared" / "eval" / "gold_dev.jsonl"] + [
    ROOT / "bench" / f"gold_{n}.jsonl" for n in ("dev2", "dev3", "dev4", "heldout2")]


def features(ctx, quote, speaker, done, kind) -> dict[str, float]:
    doc, span = ctx.doc, K.quote_tokens(ctx.doc, quote)
    words = [t for t in span if not t.is_punct]
    sentence = ctx.sentence_at(quote.open_mark)
    verb = Q.saying_verb(ctx, quote, sentence) if sentence is not None else None
    before = [t for t in doc[max(0, span.start - 4):span.start] if not t.is_punct]
    prev_tok = before[-1] if before else None
    after = next((t for t in doc[span.end:span.end + 3] if not t.is_punct), None)
    outside = [t for t in (sentence or []) if not ctx.inside_quote(t.idx)]
    earlier = ctx.sentence_at(sentence.start_char - 1) if sentence is not None and sentence.start_char else None
    paragraph = ctx.text.rfind("\n", 0, quote.open_mark)
    in_paragraph = [q for q in done if q.open_mark > paragraph]
    prev = done[-1] if done else None
    coordinated = prev is not None and Q.coordinated(ctx.text[prev.close_mark + 1:quote.open_mark])
    pos = words[0].pos_ if words else "X"
    stated = speaker is not None and speaker.rule in Q.STATED_RULES
    f = {"bias": 1, "has_speaker": speaker is not None, "speaker_stated": stated,
         "speaker_context": speaker is not None and not stated,
         "speaker_org": speaker is not None and speaker.type == "organisation", "saying_verb": verb is not None,
         "evaluation": K.is_evaluation(span), "term_cue": K.naming_cue(doc, span, ctx.rules) == "term",
         "two_words": len(words) == 2, "adj": pos == "ADJ", "noun": pos == "NOUN", "verb": pos in ("VERB", "AUX"),
         "propn": pos == "PROPN", "lower": quote.text[:1].islower(),
         "det_before": prev_tok is not None and prev_tok.pos_ == "DET",
         "plural_det_before": prev_tok is not None and prev_tok.lower_ in ("les", "des", "ces", "leurs", "ses"),
         "de_before": prev_tok is not None and prev_tok.lower_ in ("de", "d'", "d’", "du"),
         "noun_after": after is not None and after.pos_ == "NOUN",
         "sent_person": any(ctx.person_at(t) for t in outside),
         "sent_reporting": any(t.pos_ == "VERB" and ctx.rules.is_reporting(t) for t in outside),
         "prev_person": any(ctx.person_at(t) for t in (earlier or []) if not ctx.inside_quote(t.idx)),
         "para_reported": min(sum(q.kind in REPORTED for q in in_paragraph), 3) / 3,
         "para_speech": any(q.kind == "speech" for q in in_paragraph),
         "coordinated": coordinated and prev.kind in REPORTED, "coordinated_other": coordinated and prev.kind == "other",
         "rule_partial": kind == "partial"}
    return {k: float(v) for k, v in f.items()}


def collect(articles, gold, nlp, analyzer) -> list[dict]:
    captured: dict[int, tuple[str, dict]] = {}
    decide = Q.decide_kind

    def capturing(ctx, quote, speaker, done):
        kind = decide(ctx, quote, speaker, done)
        span = K.quote_tokens(ctx.doc, quote)
        if span is None or kind == "speech":
            return kind
        words = [t for t in span if not t.is_punct]
        named = K.naming_cue(ctx.doc, span, ctx.rules) == "name" or K.looks_like_name_or_code(
            quote.text, capitals=not K.opens_sentence(ctx.text, quote))
        if 1 <= len(words) <= 2 and not named:
            captured[quote.open_mark] = (kind, features(ctx, quote, speaker, done, kind))
        return kind

    Q.decide_kind = capturing
    rows = []
    try:
        for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
            captured.clear()
            found = Q.find_quotes(article, doc, analyzer.rules, analyzer.ranker, analyzer.reranker)
            truth = gold[article.source_id]["quotes"]
            for gi, qi in score.pair(truth, found, lambda g, q: score.quotes_match(g["text"], q.text)):
                if found[qi].open_mark in captured:
                    rows.append({"final": found[qi].kind, "gold": truth[gi]["kind"],
                                 "f": captured[found[qi].open_mark][1]})
    finally:
        Q.decide_kind = decide
    return rows


def matrix(rows: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    names = list(rows[0]["f"])
    return (np.array([[r["f"][n] for n in names] for r in rows]), np.array([r["gold"] in REPORTED for r in rows], float),
            np.array([r["final"] in REPORTED for r in rows], float))


def fit(X: np.ndarray, y: np.ndarray, l2: float, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X @ w))
        w -= rate * (X.T @ (p - y) / len(y) + l2 * np.r_[0, w[1:]] / len(y))
    return w


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--l2", type=float, default=5.0)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("PRESSLENS_FRESH", ROOT.parent / "evaldata" / "fresh")))
    args = parser.parse_args()
    settings = Settings(model=args.model)
    nlp, analyzer = spacy.load(args.model), Q.create(settings)
    samples = {}
    for half in ("even", "odd"):
        gold = {r["id"]: r for r in records(args.data, "gold", half)}
        articles = [a for p in sorted(args.data.glob("articles_*.jsonl")) for a in ingest_paths([p], settings)
                    if isinstance(a, Article) and a.source_id in gold]
        samples[half] = collect(articles, gold, nlp, analyzer)
    wiki_gold = {r["id"]: r for g in WIKI_GOLD for r in map(json.loads, g.read_text(encoding="utf-8").splitlines()) if r}
    wiki = [a for a in ingest_paths([WIKINEWS], settings) if isinstance(a, Article) and a.source_id in wiki_gold]
    samples["wikinews"] = collect(wiki, wiki_gold, nlp, analyzer)
    X, y, _ = matrix(samples["even"])
    w = fit(X, y, args.l2)
    print("fragments of one or two words the rules decide by attribution; reported-vs-other accuracy")
    print(f"{'sample':10} {'n':>5} {'gold partial':>12} {'rules':>6} {'always':>7} {'model':>6}")
    for name, rows in samples.items():
        Xs, ys, rule = matrix(rows)
        model = ((1 / (1 + np.exp(-Xs @ w))) > 0.5) == ys
        print(f"{name:10} {len(rows):5} {ys.mean():12.3f} {(rule == ys).mean():6.3f} {ys.mean():7.3f} {model.mean():6.3f}")
    print("(model: logistic regression fitted on the even half, so 'even' is in sample)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
