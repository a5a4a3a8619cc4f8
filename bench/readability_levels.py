"""Mean readability per reading level of the LJL children's books (READI@LREC 2022).

Reads ../shared/data/readability_fr/readi_ljl_hotvector.csv (eval only: measured, never shipped)
and prints, for levels 1..4, the mean Kandel–Moles, LIX, words/sentence and syllables/word of the
texts, and whether the means fall (Kandel–Moles) or rise (the others) from level 1 to level 4, as
in the published study (Kandel–Moles 88.7, 79.3, 72.5, 69.1).

    .venv/bin/python bench/readability_levels.py [path/to/readi_ljl_hotvector.csv]
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.readability import measure  # noqa: E402

DEFAULT_CSV = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "readability_fr" / "readi_ljl_hotvector.csv"
)
LEVELS = ("level1", "level2", "level3", "level4")
SHOWN = ("kandel_moles", "lix", "words_per_sentence", "syllables_per_word")


def detokenize(text: str) -> str:
    """Undo the corpus tokenisation ("m' a - t - elle dit ." -> "m'a-t-elle dit.")."""
    text = re.sub(r"\s+([.,;:!?…)\]»])", r"\1", text)
    text = re.sub(r"(\w)\s*-\s*(t|elle|il|on|ils|elles|je|tu|nous|vous|ce|là|ci)\b", r"\1-\2", text)
    return re.sub(r"(\w['’])\s+", r"\1", text)


def level_of(row: dict[str, str]) -> str | None:
    return next((level for level in LEVELS if row.get(level) == "1"), None)


def level_means(path: Path) -> dict[str, dict[str, float]]:
    per_level: dict[str, list[dict]] = {level: [] for level in LEVELS}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            level = level_of(row)
            metrics = measure([detokenize(row["text"])])
            if level and metrics["kandel_moles"] is not None:
                per_level[level].append(metrics)
    return {
        level: {"texts": len(rows), **{m: mean(r[m] for r in rows) for m in SHOWN}}
        for level, rows in per_level.items()
    }


def in_order(values: list[float], falling: bool) -> bool:
    pairs = list(zip(values, values[1:]))
    return all(a > b for a, b in pairs) if falling else all(a < b for a, b in pairs)


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CSV
    if not path.exists():
        print(f"missing {path}: nothing measured")
        return 1
    means = level_means(path)
    print(f"{'level':8}{'texts':>7}" + "".join(f"{m:>20}" for m in SHOWN))
    for level, row in means.items():
        print(f"{level:8}{row['texts']:>7}" + "".join(f"{row[m]:>20.2f}" for m in SHOWN))
    for metric in SHOWN:
        ordered = in_order([means[level][metric] for level in LEVELS], falling=metric == "kandel_moles")
        direction = "falls" if metric == "kandel_moles" else "rises"
        print(f"{metric} {direction} from level 1 to 4: {'yes' if ordered else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
