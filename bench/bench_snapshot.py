"""What publishing the dashboard's snapshot costs a writer (analysis/snapshot.py).

    python bench/bench_snapshot.py STORE.duckdb [--repeat 3]

Works on a copy of STORE (the original is left alone). Baseline, measured in the same run: a
plain copy of the same file by this process (shutil.copyfile), i.e. what the disk allows. Then
snapshot.publish() on an open read-write connection: checkpoint, copy in a child process (so the
writer keeps its lock), atomic rename. Prints wall seconds (best of --repeat), the ratio to the
baseline, and the share of a run that copying takes with snapshot_seconds = 30.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from analysis import snapshot  # noqa: E402


def best_of(repeat: int, call) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.store.parent) as folder:
        db = Path(folder) / "store.duckdb"
        shutil.copyfile(args.store, db)
        size_mb = db.stat().st_size / 1e6
        baseline = best_of(args.repeat, lambda: shutil.copyfile(db, Path(folder) / "plain-copy"))
        con = duckdb.connect(str(db))
        published = best_of(args.repeat, lambda: snapshot.publish(con, db))
        con.close()
    interval = max(30.0, published / snapshot.COPY_SHARE_LIMIT)
    print(f"store {args.store.name}: {size_mb:.1f} MB")
    print(f"plain copy (baseline): {baseline:.3f} s")
    print(f"snapshot.publish:      {published:.3f} s  ({published / baseline:.2f}x the plain copy)")
    print(f"with snapshot_seconds=30: one copy every {interval:.0f} s of run, "
          f"{100 * published / (interval + published):.1f} % of the writer's time")


if __name__ == "__main__":
    main()
