"""Build a scale corpus for the benchmarks: N articles as JSONL, deterministic for a given seed.

Articles are assembled from real French sentences (the 100 French Wikinews articles in
../shared/data/news_fr, CC BY 2.5, and the seed article), so spaCy and the analyzers see real
prose, names and quotes; dates, outlets and sections are spread over a year.

    python bench/make_corpus.py 10000 -o /tmp/corpus-10k.jsonl [--words 600] [--seed 1]

The output is for measuring only: it is written outside the repository and never committed.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
WIKINEWS = SHARED / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl"
SEED = REPO / "seeds" / "000_2040835600123645.txt"
OUTLETS = ("Le Quotidien", "La Gazette", "L'Express du Matin", "Le Courrier", "Nord Info",
           "Sud Matin", "Le Temps Libre", "Radio Lac")
SECTIONS = ("International", "Politique", "Economie", "Société", "Culture", "Sport")
# A sentence: ends at . ! ? (possibly before a closing quote) followed by a space and a capital.
SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[«A-ZÀ-Ý])")


def load_sentences() -> list[str]:
    """Real sentences of 5 to 60 words; datelines ("22 mai 2012. -") dropped."""
    texts = [json.loads(line)["text"] for line in WIKINEWS.open(encoding="utf-8") if line.strip()]
    texts.append(SEED.read_text(encoding="utf-8"))
    sentences = []
    for text in texts:
        for paragraph in text.split("\n"):
            paragraph = re.sub(r"^\d{1,2} \w+ \d{4}\. - ", "", paragraph.strip())
            sentences += [s for s in SENTENCE_END.split(paragraph) if 5 <= len(s.split()) <= 60]
    return sentences


def make_article(index: int, rng: random.Random, sentences: list[str], words: int) -> dict:
    title = rng.choice(sentences).rstrip(".")
    while len(title.split()) > 18:  # titles are short
        title = rng.choice(sentences).rstrip(".")
    body, count = [], 0
    while count < words:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
        body.append(paragraph)
        count += len(paragraph.split())
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
    return {"id": f"bench-{index}", "title": title, "lead": rng.choice(sentences),
            "text": "\n\n".join(body), "date": day.isoformat(), "outlet": rng.choice(OUTLETS),
            "section": rng.choice(SECTIONS), "url": f"https://example.org/bench/{index}"}


def build(n: int, seed: int = 1, words: int = 600) -> Iterator[dict]:
    rng = random.Random(seed)
    sentences = load_sentences()
    for index in range(n):
        yield make_article(index, rng, sentences, words)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--words", type=int, default=600, help="body words per article (about)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with open(args.output, "w", encoding="utf-8") as out:
        for article in build(args.n, args.seed, args.words):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
