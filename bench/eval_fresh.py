"""Score presslens on the fresh French news set (other outlets than Wikinews): see bench/FRESH.md.

The articles are excerpts of third-party news pages (unclear licence), so neither they nor their gold
(which quotes them) are in this repository: they live in a folder of their own (default
`../evaldata/fresh`, or $PRESSLENS_FRESH) as `articles_<set>.jsonl` and `gold_<set>.jsonl`. The split
is fixed by the number in each id: even ids are development data, odd ids are held out (only scored).

Usage: .venv/bin/python bench/eval_fresh.py [--half even|odd|all] [--model fr_core_news_md] [--without-title]
       [--data DIR] [--sets abcdefghijklm | --sets ka,kc,kd [--per-batch]] [--agreement]
(--agreement: score the second annotation, gold2_*, against gold_*; --per-batch: each batch of a
comma-separated --sets analysed and scored on its own, as it was on arrival, then all of them together)
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import evaluate  # noqa: E402
from analysis.settings import Settings  # noqa: E402

SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def in_half(article_id: str, half: str) -> bool:
    number = int("".join(c for c in article_id if c.isdigit()))
    return half == "all" or (number % 2 == 0) == (half == "even")


def records(folder: Path, prefix: str, half: str, sets: str | None = None) -> list[dict]:
    """The records of every `<prefix>_<set>.jsonl` in the half asked for, sets in name order
    (only the sets whose letter is in `sets`, when given)."""
    found = []
    for path in sorted(folder.glob(f"{prefix}_*.jsonl")):
        batch = path.stem.split("_")[-1]
        if sets is not None and (batch not in sets.split(",") if "," in sets else batch not in sets):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if in_half(record["id"], half):
                    found.append(record)
    return found


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def agreement(folder: Path, half: str, tmp: Path) -> dict:
    """The second annotator's gold scored as if it were presslens's export."""
    second = [{"source_id": r["id"], "people": r["persons"], "quotes": r["quotes"]}
              for r in records(folder, "gold2", half)]
    ids = {r["source_id"] for r in second}
    gold = write_jsonl(tmp / "gold.jsonl", [r for r in records(folder, "gold", half) if r["id"] in ids])
    result = subprocess.run([sys.executable, str(SCORER), str(gold), str(write_jsonl(tmp / "second.jsonl", second)),
                             "--json", "--key", "source_id"], check=True, capture_output=True, text=True)
    return json.loads(result.stdout)  # only the articles both annotated


def score_sets(args, sets: str | None, settings: Settings, tmp: Path) -> dict:
    """score.py's summary for these batches, analysed together into a store of their own."""
    corpus = write_jsonl(tmp / "articles.jsonl", records(args.data, "articles", args.half, sets))
    gold = write_jsonl(tmp / "gold.jsonl", records(args.data, "gold", args.half, sets))
    return evaluate.score_corpus(corpus, gold, settings, SCORER, without_title=args.without_title)


def batch_line(batch: str, scores: dict) -> str:
    """"ka: 0.941 / 0.964 / 0.825 / 0.630 (27) / 0.667": people F1 / quotes F1 / kind / speaker (n) / count MAE."""
    people, quotes, kind, speaker, mae = (f"{v:.3f}" if v is not None else "-" for v in evaluate.headline(scores).values())
    return f"{batch}: {people} / {quotes} / {kind} / {speaker} ({scores['speaker_n']}) / {mae}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("even", "odd", "all"), default="even")
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("PRESSLENS_FRESH", ROOT.parent / "evaldata" / "fresh")))
    parser.add_argument("--agreement", action="store_true")
    parser.add_argument("--without-title", action="store_true",
                        help="score only the text the gold annotates (not quotes and names in the title)")
    parser.add_argument("--sets", help="only these batches: their names separated by commas (ka,kc,kd), or "
                                       "one-letter names run together (abcdefghijklm, the fourth session's tables)")
    parser.add_argument("--per-batch", action="store_true", help="also score each batch of --sets on its own")
    args = parser.parse_args()
    if not any(args.data.glob("articles_*.jsonl")):
        print(f"no fresh set in {args.data} (see bench/FRESH.md)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.agreement:
            scores = agreement(args.data, args.half, tmp)
        else:
            settings = replace(Settings(), model=args.model)
            if args.per_batch and args.sets:
                for batch in args.sets.split(","):
                    print(batch_line(batch, score_sets(args, batch, settings, tmp)), flush=True)
            scores = score_sets(args, args.sets, settings, tmp)
    label = "second annotator" if args.agreement else args.model
    print(f"fresh set, {args.half} half, {label}: {scores['articles']} articles")
    for measure, value in evaluate.headline(scores).items():
        print(f"  {measure:28} {value}")
    print(f"  speaker n = {scores['speaker_n']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
