"""Accuracy against hand-made gold: `presslens eval`.

Two measurements, both rerunnable by anyone with `../shared`:
- the annotated Wikinews articles: the corpus is analysed into a temporary store exactly as
  `presslens analyze` does, exported, and scored by the project-independent `score.py` that sits
  beside the gold file;
- HIPE-2020 person mentions (Swiss French newspapers, OCR noise included): our people mentions
  against the gold `pers` mentions, precision and recall per mention.
"""
from __future__ import annotations

import json
from collections import Counter
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

from analysis.models import Article
from analysis.settings import Settings

# Issue 3's targets: measure -> (minimum or maximum, bound)
TARGETS = {
    "people F1": (">=", 0.95),
    "quotes F1": (">=", 0.97),
    "quote kind accuracy": (">=", 0.92),
    "speaker accuracy": (">=", 0.88),
    "reported-quote count MAE": ("<=", 0.3),
}


def score_corpus(corpus: Path, gold: Path, settings: Settings, scorer: Path, key: str = "source_id",
                 without_title: bool = False) -> dict:
    """Analyse `corpus` into a temporary store, export it, score it with `score.py` (gold ids are
    matched against the export's `key` field). `without_title`: score only what the gold annotates
    when it annotates an input's `text` field and not its title (`annotated_region`)."""
    from analysis.pipeline import run_analysis
    from analysis.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(settings, db=Path(tmp) / "eval.duckdb")
        started = time.perf_counter()
        summary = run_analysis([corpus], settings)
        seconds = time.perf_counter() - started
        predictions = Path(tmp) / "predictions.jsonl"
        with Store(settings.db, read_only=True) as store, predictions.open("w", encoding="utf-8") as out:
            for record in store.export_records():
                if without_title:
                    record = annotated_region(record, store)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        result = subprocess.run([sys.executable, str(scorer), str(gold), str(predictions), "--json", "--key", key],
                                check=True, capture_output=True, text=True)
    scores = json.loads(result.stdout)
    scores["analysed"] = summary.analysed
    scores["seconds"] = round(seconds, 2)
    return scores


def annotated_region(record: dict, store) -> dict:
    """The export record without what its title holds: quotes that start in the title segment, and
    name mentions there (a person named only in the title is dropped). The gold of the fresh set and
    of Wikinews annotates the input's `text`, which the stored article follows with a blank line
    after its title."""
    titles = [(s["start"], s["end"]) for s in record["segments"] if s["kind"] == "title"]

    def in_title(offset: int) -> bool:
        return any(start <= offset < end for start, end in titles)

    rows = store.con.execute(
        "SELECT COALESCE(a.canonical, m.name), m.start FROM mentions m "
        "LEFT JOIN person_aliases a ON a.alias = m.name WHERE m.article_id = ?", [record["id"]]).fetchall()
    in_titles = Counter(name for name, start in rows if in_title(start))
    people = [{**p, "mentions": p["mentions"] - in_titles[p["name"]]} for p in record["people"]]
    return {**record, "people": [p for p in people if p["mentions"] > 0],
            "quotes": [q for q in record["quotes"] if not in_title(q["start"])]}


def headline(scores: dict) -> dict[str, float | None]:
    """The five measures of the targets table, from score.py's summary."""
    return {
        "people F1": scores["people"]["f1"],
        "quotes F1": scores["quotes"]["f1"],
        "quote kind accuracy": scores["quote_kind_accuracy"],
        "speaker accuracy": scores["speaker_accuracy"],
        "reported-quote count MAE": scores["reported_quote_count_mae"],
    }


def meets(measure: str, value: float | None) -> bool:
    op, bound = TARGETS[measure]
    if value is None:
        return False
    return value >= bound if op == ">=" else value <= bound


# ----------------------------------------------------------------------------- HIPE persons

def fold_words(text: str) -> list[str]:
    """Lower case, accents off, punctuation as spaces: HIPE's gold mentions are tokenised
    ("M . Hagenbeck"), ours are not."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return "".join(c if c.isalnum() else " " for c in text).split()


def mention_matches(predicted: str, gold: str) -> bool:
    """A predicted mention matches a gold mention when its words sit inside the gold span
    (HIPE's literal spans hold titles and appositions: "M . Hagenbeck , le célèbre marchand")
    or the gold span's words sit inside it."""
    p, g = fold_words(predicted), fold_words(gold)
    if not p or not g:
        return False
    def inside(short: list[str], long: list[str]) -> bool:
        return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))
    return inside(p, g) or inside(g, p)


def match_mentions(predicted: list[str], gold: list[str]) -> int:
    """Greedy one-to-one matching; returns the number of matched pairs."""
    used: set[int] = set()
    matched = 0
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and mention_matches(p, g):
                used.add(i)
                matched += 1
                break
    return matched


def score_hipe_persons(path: Path, settings: Settings) -> dict:
    """Person-mention precision and recall of the people analyzer on HIPE-2020 documents."""
    from analysis.ingest.normalize import normalize_text
    from analysis.nlp import load_nlp
    from analysis.registry import create_analyzers

    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    [people] = create_analyzers(settings, ["people"])
    nlp = load_nlp(settings.model)
    articles = [Article(source_path=str(path), source_id=d["document_id"], title="",
                        text=normalize_text(d["text"])) for d in docs]
    tp = n_pred = n_gold = 0
    started = time.perf_counter()
    for doc, (article, record) in zip(nlp.pipe(a.text for a in articles), zip(articles, docs)):
        mentions = people.analyze(article, doc).tables["mentions"]
        predicted = [m["text"] for m in mentions]
        gold = record["gold_person_mentions"]
        tp += match_mentions(predicted, gold)
        n_pred += len(predicted)
        n_gold += len(gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"documents": len(docs), "tp": tp, "pred": n_pred, "gold": n_gold,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "seconds": round(time.perf_counter() - started, 2)}


def format_table(model: str, scores: dict, hipe: dict | None) -> str:
    lines = [f"model: {model}", "", "| measure | value | target | met |", "|---|---|---|---|"]
    for measure, value in headline(scores).items():
        op, bound = TARGETS[measure]
        lines.append(f"| {measure} | {value} | {op} {bound} | {'yes' if meets(measure, value) else 'NO'} |")
    lines.append(f"| people mentions MAE | {scores['people_mentions_mae']} | | |")
    lines.append("")
    lines.append(f"people  P {scores['people']['precision']}  R {scores['people']['recall']}"
                 f"  (tp {scores['people']['tp']}, pred {scores['people']['pred']}, gold {scores['people']['gold']})")
    lines.append(f"quotes  P {scores['quotes']['precision']}  R {scores['quotes']['recall']}"
                 f"  (tp {scores['quotes']['tp']}, pred {scores['quotes']['pred']}, gold {scores['quotes']['gold']})")
    lines.append(f"speaker n={scores['speaker_n']}; {scores['analysed']} articles analysed in {scores['seconds']} s")
    if hipe:
        lines.append(f"HIPE-2020 person mentions ({hipe['documents']} documents): P {hipe['precision']}"
                     f"  R {hipe['recall']}  F1 {hipe['f1']}  (tp {hipe['tp']}, pred {hipe['pred']},"
                     f" gold {hipe['gold']}; {hipe['seconds']} s)")
    return "\n".join(lines)
