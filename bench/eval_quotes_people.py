"""Scratch evaluation: people and quotes against ../shared/eval/gold_dev.jsonl.

Builds Articles from the Wikinews JSONL two ways (the text alone, as annotated; and title + lead +
text, as the real ingest will store it), runs spaCy and the two analyzers, writes a predictions
JSONL per variant and runs score.py on it. Also measures how many forms of the Gender Gap Tracker
reporting-verb list our lemma list covers (that list is read here, never copied).

Usage: .venv/bin/python bench/eval_quotes_people.py [--model fr_core_news_md] [--out /tmp]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import people, quotes  # noqa: E402
from analysis.models import Article, Segment  # noqa: E402
from analysis.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl"
GOLD = SHARED / "eval" / "gold_dev.jsonl"
SCORE = SHARED / "eval" / "score.py"
GGT_VERBS = SHARED / "data" / "quotes" / "ggt_fr_quote_verb_list.txt"


def gold_ids() -> set[str]:
    return {str(json.loads(line)["id"]) for line in GOLD.open(encoding="utf-8") if line.strip()}


def text_only(rec: dict) -> Article:
    return Article(source_path=str(CORPUS), source_id=str(rec["id"]), title=rec["title"], text=rec["text"])


def with_title_and_lead(rec: dict) -> Article:
    parts = [("title", rec["title"]), ("lead", rec.get("lead") or ""), ("body", rec["text"])]
    text, segments = "", []
    for kind, part in parts:
        if not part:
            continue
        if text:
            text += "\n\n"
        segments.append(Segment(kind, len(text), len(text) + len(part)))
        text += part
    return Article(source_path=str(CORPUS), source_id=str(rec["id"]), title=rec["title"], text=text,
                   segments=tuple(segments))


def predict(nlp, articles: list[Article], out: Path) -> None:
    settings = Settings()
    people_an, quotes_an = people.create(settings), quotes.create(settings)
    with out.open("w", encoding="utf-8") as fh:
        for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
            ppl = people_an.analyze(article, doc).tables["people"]
            qts = quotes_an.analyze(article, doc).tables["quotes"]
            fh.write(json.dumps({"source_id": article.source_id, "people": ppl, "quotes": qts},
                                ensure_ascii=False) + "\n")


def verb_coverage(nlp) -> str:
    """Share of GGT reporting-verb forms whose spaCy lemma (or stem) our list accepts."""
    forms = [w.strip() for w in GGT_VERBS.open(encoding="utf-8") if w.strip()]
    rules = quotes.QuoteRules.from_dir()
    hits = 0
    for doc in nlp.pipe((f"Il a {w}." if w.endswith(("é", "i", "u", "it", "is")) else f"Il {w}." for w in forms),
                        batch_size=256):
        hits += any(rules.is_reporting(t) for t in doc[1:-1])
    return f"GGT reporting-verb forms covered: {hits}/{len(forms)} ({hits / len(forms):.1%})"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=Settings().model)
    ap.add_argument("--out", default="/tmp")
    ap.add_argument("--no-coverage", action="store_true")
    a = ap.parse_args()
    nlp = spacy.load(a.model)
    ids = gold_ids()
    records = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    records = [r for r in records if str(r["id"]) in ids]
    for label, build in (("text", text_only), ("title+lead+text", with_title_and_lead)):
        out = Path(a.out) / f"pred_{label.replace('+', '_')}.jsonl"
        predict(nlp, [build(r) for r in records], out)
        print(f"== variant: {label}  ({out})", flush=True)
        subprocess.run([sys.executable, str(SCORE), str(GOLD), str(out)], check=True)
    if not a.no_coverage and GGT_VERBS.exists():
        print(verb_coverage(nlp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
