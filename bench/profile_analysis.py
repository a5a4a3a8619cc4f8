"""Where analysis time goes, in CPU seconds of one process (robust to other jobs on the machine).

For N articles of a corpus: each spaCy component in turn, each analyzer, pickling the results
(what crosses from a worker to the parent) and writing them to a fresh store (what the parent
does). CPU time (time.process_time) is used, not wall time, so the shares hold on a shared
machine. `--warmup W` first runs W other articles through everything untimed, so the memos
(lemmas, tone keys, syllables) are as warm as in the middle of a long run.

    python bench/profile_analysis.py /tmp/pl-speed/corpus-1000.jsonl --articles 200 --warmup 200
"""
from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.settings import Settings  # noqa: E402


def timed(table: dict[str, float], name: str, call, *args):
    started = time.process_time()
    result = call(*args)
    table[name] = table.get(name, 0.0) + time.process_time() - started
    return result


def profile(corpus: Path, n: int, model: str, batch_size: int, warmup: int = 0) -> dict[str, float]:
    from analysis.ingest import read_file
    from analysis.pipeline import checked_nlp
    from analysis.registry import create_analyzers
    from analysis.settings import Settings
    from analysis.store import Store

    settings = Settings(model=model)
    cpu: dict[str, float] = {}
    articles = timed(cpu, "ingest (read_file, whole corpus)", read_file, corpus, settings)
    articles, warming = articles[warmup:warmup + n], articles[:warmup]
    nlp = checked_nlp(model)
    analyzers = create_analyzers(settings)
    for doc, article in nlp.pipe(((a.text, a) for a in warming), as_tuples=True, batch_size=batch_size):
        for analyzer in analyzers:
            analyzer.analyze(article, doc)
    pairs = []
    for start in range(0, len(articles), batch_size):
        batch = articles[start:start + batch_size]
        docs = timed(cpu, "spacy: tokenizer", lambda: [nlp.make_doc(a.text) for a in batch])
        for name, pipe in nlp.pipeline:
            docs = timed(cpu, f"spacy: {name}", lambda p=pipe, d=docs: list(p.pipe(d, batch_size=batch_size)))
        for article, doc in zip(batch, docs):
            results = {a.name: timed(cpu, f"analyzer: {a.name}", a.analyze, article, doc) for a in analyzers}
            pairs.append((article, results))
    payload = timed(cpu, "pickle results (worker -> parent)", pickle.dumps, pairs)
    cpu["pickle size (MB, not seconds)"] = len(payload) / 2**20
    timed(cpu, "unpickle results", pickle.loads, payload)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "p.duckdb") as store:
        for start in range(0, len(pairs), batch_size):
            timed(cpu, "store: save_batch", store.save_batch, 1, model, {"x": "1"}, pairs[start:start + batch_size])
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=0, help="articles run untimed first")
    args = parser.parse_args()
    cpu = profile(args.corpus, args.articles, args.model, args.batch_size, args.warmup)
    work = sum(v for k, v in cpu.items() if not k.startswith(("ingest", "pickle size")))
    for name, value in cpu.items():
        share = "" if name.startswith(("ingest", "pickle size")) else f"{value / work:6.1%}"
        print(f"{name:40s} {value:8.2f} {share}")
    print(f"{'total (without ingest)':40s} {work:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
