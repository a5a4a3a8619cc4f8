"""One line per reported quote that presslens and the gold both find in the fresh news set, with both
speakers and the rule that decided; or the differences between two such listings.

What `eval_fresh.py` sums up, quote by quote: for reading errors (development halves only, see
bench/FRESH.md) and for telling what a change did. To compare two versions of the code, run the
listing from each checkout (`git worktree add /tmp/old <commit>`; the worktree needs `../shared`
beside it; copy this file into a checkout older than it) into two files, then `--compare`.

Usage: .venv/bin/python bench/fresh_speakers.py [--half even|odd|all] [--sets "hk hl"] [--model M]
           [--data DIR] --out FILE
       .venv/bin/python bench/fresh_speakers.py --compare OLD NEW
Columns: article id, 1 if the speaker is right, presslens's speaker, its rule, the gold speaker, the
quote's first 50 characters. Quotes are matched in the article's text only (not its title, which the
export holds), so the counts differ a little from `eval_fresh.py`'s. From another checkout, give
`--data` (its default is the `evaldata/fresh` folder beside that checkout).
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))

import score  # noqa: E402  the scorer's own matching of quotes and speakers

from analysis import quotes  # noqa: E402
from analysis.ingest import ingest_paths  # noqa: E402
from analysis.models import Article  # noqa: E402
from analysis.settings import Settings  # noqa: E402
from eval_fresh import records  # noqa: E402

REPORTED = ("speech", "partial")


def flat(text: str | None) -> str:
    return " ".join(str(text).split())


def listing(data: Path, half: str, sets: list[str] | None, model: str) -> list[str]:
    settings = replace(Settings(), model=model)
    nlp, analyzer = spacy.load(model), quotes.create(settings)
    gold = {r["id"]: r for r in records(data, "gold", half, sets)}
    articles = [a for p in sorted(data.glob("articles_*.jsonl")) for a in ingest_paths([p], settings)
                if isinstance(a, Article) and a.source_id in gold]
    lines = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        truth = gold[article.source_id]["quotes"]
        # the re-ranker too, where the checkout has one (this file may be copied into an older one)
        models = (analyzer.ranker,) + ((analyzer.reranker,) if getattr(analyzer, "reranker", None) else ())
        found = quotes.find_quotes(article, doc, analyzer.rules, *models)
        for gi, qi in score.pair(truth, found, lambda g, q: score.quotes_match(g["text"], q.text)):
            expected, quote = truth[gi], found[qi]
            if expected["kind"] not in REPORTED or quote.kind not in REPORTED:
                continue
            gold_speaker = expected.get("speaker")
            right = (not gold_speaker and not quote.speaker) or bool(
                gold_speaker and quote.speaker and score.speakers_match(gold_speaker, quote.speaker))
            lines.append("\t".join([article.source_id, str(int(right)), flat(quote.speaker), flat(quote.rule),
                                    flat(gold_speaker), flat(quote.text)[:50]]))
    return lines


def compare(old: Path, new: Path) -> list[str]:
    """The quotes whose speaker or verdict differ, matched by article and quote start, in order."""
    def rows(path: Path) -> dict[tuple[str, str], list[list[str]]]:
        found: dict[tuple[str, str], list[list[str]]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            found.setdefault((fields[0], fields[5]), []).append(fields)
        return found
    before, after = rows(old), rows(new)
    out = []
    for key, news in after.items():
        for was, now in zip(before.get(key, []), news):
            if was[1] != now[1] or was[2] != now[2]:
                out.append(f"{key[0]}\t{was[1]} -> {now[1]}\t{was[2]} -> {now[2]} ({now[3]})\tgold {now[4]}\t{key[1]}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("even", "odd", "all"), default="even")
    parser.add_argument("--sets", help="batch names separated by spaces; default all")
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("PRESSLENS_FRESH", ROOT.parent / "evaldata" / "fresh")))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    args = parser.parse_args()
    if args.compare:
        differences = compare(*args.compare)
        print("\n".join(differences) or "no speaker differs")
        return 0
    if args.out is None:
        parser.error("--out FILE is needed to write a listing")
    lines = listing(args.data, args.half, args.sets.split() if args.sets else None, args.model)
    args.out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{sum(line.split(chr(9))[1] == '1' for line in lines)} of {len(lines)} speakers right -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
