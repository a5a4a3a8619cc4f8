"""Analysis throughput against bare spaCy, measured in the same run.

For each size: build the scale corpus (bench/make_corpus.py), time bare `nlp.pipe` of the same
model's full pipeline on the same article texts (one process: the baseline the targets name),
then `presslens analyze` as a user runs it (ingest, spaCy, four analyzers, store), its peak
memory (the process and its workers), the store's size, and a second run on unchanged input.

    python bench/bench_analysis.py 1000 10000 [--baseline-sample 300] [--workdir /tmp/presslens-bench]

Figures vary on a shared machine; the ratios, measured minutes apart on the same texts, hold
better. When other jobs load the machine, wall-clock ratios swing too (a 2-process run suffers
more than a 1-process baseline), so CPU seconds are reported as well: the baseline's own, and the
presslens run's (parent and worker processes, from getrusage). `cpu_ratio` compares tokens per
CPU-second; `cpu_bound_tokens_per_s` is what the run's CPU cost allows on the machine's cores if
nothing else runs (an upper bound: the wall-clock figure on an idle machine comes close to it).
This is a measurement, not a test: nothing here fails on a slow run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from make_corpus import build  # noqa: E402

from analysis.settings import Settings  # noqa: E402


def corpus_file(workdir: Path, n: int) -> Path:
    path = workdir / f"corpus-{n}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            for article in build(n):
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def article_texts(path: Path, limit: int | None) -> list[str]:
    """The texts presslens analyses (title, lead and body, as its reader builds them)."""
    from analysis.ingest import read_file

    articles = read_file(path)
    return [a.text for a in articles[:limit]]


def bare_spacy(texts: list[str], model: str) -> dict:
    import spacy

    nlp = spacy.load(model)
    started, cpu_started = time.perf_counter(), time.process_time()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"articles": len(texts), "words": words, "seconds": seconds, "words_per_s": words / seconds,
            "words_per_cpu_s": words / cpu}


def children_cpu_s() -> float:
    """User + system CPU seconds of every finished child process (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (from /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS"))
            with open(f"/proc/{current}/task/{current}/children") as fh:
                stack += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total / 1024


def run_measured(cmd: list[str]) -> tuple[float, float, str, float]:
    """(seconds, peak MB of the process tree, stdout, CPU seconds of the process tree)."""
    started, cpu_started = time.perf_counter(), children_cpu_s()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{cmd} failed with {process.returncode}")
    return seconds, peak[0], out, children_cpu_s() - cpu_started


def bench_size(n: int, workdir: Path, model: str, sample: int) -> dict:
    corpus = corpus_file(workdir, n)
    db = workdir / f"store-{n}.duckdb"
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    texts = article_texts(corpus, None)
    words = sum(len(t.split()) for t in texts)
    baseline = bare_spacy(texts[:sample], model)
    # whole-corpus spaCy time at the baseline's rate, in spaCy tokens
    tokens_per_word = baseline["words"] / sum(len(t.split()) for t in texts[:sample])
    cmd = [sys.executable, "-m", "analysis.cli", "analyze", str(corpus), "--db", str(db), "--model", model]
    first_s, peak_mb, first_out, first_cpu = run_measured(cmd)
    second_s, _, second_out, _ = run_measured(cmd)
    analysed_tokens = words * tokens_per_word
    ours = analysed_tokens / first_s
    cores = os.cpu_count() or 1
    return {
        "articles": n, "words": words, "cores": os.cpu_count(),
        "baseline_sample": baseline["articles"],
        "baseline_tokens_per_s": round(baseline["words_per_s"]),
        "presslens_tokens_per_s": round(ours),
        "presslens_articles_per_s": round(n / first_s, 2),
        "ratio_vs_bare_spacy": round(ours / baseline["words_per_s"], 2),
        "baseline_tokens_per_cpu_s": round(baseline["words_per_cpu_s"]),
        "presslens_cpu_s": round(first_cpu, 1),
        "presslens_tokens_per_cpu_s": round(analysed_tokens / first_cpu),
        "cpu_ratio": round(analysed_tokens / first_cpu / baseline["words_per_cpu_s"], 3),
        "cpu_bound_tokens_per_s": round(analysed_tokens / first_cpu * cores),
        "cpu_bound_words_per_s": round(words / first_cpu * cores),
        "words_per_s": round(words / first_s),
        "first_run_s": round(first_s, 1), "peak_memory_mb": round(peak_mb),
        "store_mb": round(db.stat().st_size / 2**20, 1),
        "second_run_s": round(second_s, 2), "second_run_share": round(second_s / first_s, 4),
        "first_summary": first_out.splitlines()[0], "second_summary": second_out.splitlines()[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--baseline-sample", type=int, default=300,
                        help="articles the bare-spaCy baseline parses (its rate is per token)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/presslens-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        print(json.dumps(bench_size(n, args.workdir, args.model, args.baseline_sample)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
