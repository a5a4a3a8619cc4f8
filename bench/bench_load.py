"""Latency and memory of the dashboard under load: N real browser sessions at once against one session
at a time, measured in the same run, on the same server.

    python bench/bench_load.py /tmp/pl-load/store-1k.duckdb --sessions 16 --rounds 6

Starts `streamlit run dashboard/app.py` on the store (loopback, a free port; Debian's Chromium
driven by playwright), then, with the sessions and checks of tests/test_load.py
(tests/load_support.py: each session on its own page and filters, alternating a page load and a
word typed into the search box, every page checked against counts computed from the store):

1. warm-up: every step of every kind of session once, one session at a time (fills the caches;
   not reported), so that baseline and load both read warm caches;
2. baseline: the same steps again (twice by default), one session at a time: the latency of a
   reader alone;
3. load, --loads times: all --sessions sessions at once, --rounds steps each.

Prints, per step (page and kind of step), the latency percentiles alone and under load and their
ratio, how many pages were wrong, and the server's memory (RSS of the streamlit process and its
children: at start, after the baseline, after each load, peak sampled every 50 ms) and CPU time.
The machine is shared: compare the ratios, not the seconds, across runs.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser_support import streamlit_server
from load_support import (
    MB,
    PeakRss,
    Sampler,
    Visit,
    most_at_once,
    plan_sessions,
    problems_of,
    run_sessions,
    tree_rss,
)

KINDS = 8  # plan_sessions' kinds of session
STEPS = 4  # steps in one cycle of a kind: page A, typed search, page B, typed search


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def by_step(visits: list[Visit]) -> dict[str, list[float]]:
    seconds = defaultdict(list)
    for visit in visits:
        if not visit.problems:
            seconds[visit.view.step].append(visit.seconds)
    return seconds


HEADER = (f"{'step':<28} {'n':>4} {'alone p50':>9} {'p90':>6} {'n':>5} {'load p50':>9} {'p90':>6} "
          f"{'max':>6} {'x p50':>6} {'x p90':>6}")


def latency_row(name: str, alone: list[float], loaded: list[float]) -> str:
    if not (alone and loaded):
        return f"{name:<28} {len(alone):>4} {'':>16} {len(loaded):>5}  (nothing to compare)"
    a50, a90, b50, b90 = (percentile(alone, 50), percentile(alone, 90), percentile(loaded, 50),
                          percentile(loaded, 90))
    return (f"{name:<28} {len(alone):>4} {a50:>8.2f}s {a90:>5.2f}s {len(loaded):>5} {b50:>8.2f}s {b90:>5.2f}s "
            f"{max(loaded):>5.2f}s {b50 / a50:>5.1f}x {b90 / a90:>5.1f}x")


def latency_table(alone: list[Visit], loaded: list[Visit]) -> list[str]:
    """Per step, then over every step: percentiles alone, under load, and load / alone."""
    base, load = by_step(alone), by_step(loaded)
    rows = [latency_row(step, base.get(step, []), load.get(step, [])) for step in sorted(set(base) | set(load))]
    every = latency_row("every step", [s for v in base.values() for s in v], [s for v in load.values() for s in v])
    return [HEADER, *rows, every]


def cpu_seconds(pid: int) -> float:
    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        times = process.cpu_times()
        total += times.user + times.system
    return total


class BrowserCpu(Sampler):
    """CPU seconds of this process's descendants other than the server (playwright's driver and
    Chromium), sampled in a thread: a process's last sample counts once it has exited."""

    def __init__(self, server_pid: int, every: float = 0.2):
        super().__init__(every)
        self.server_pid, self.seen = server_pid, {}

    def sample(self) -> None:
        for process in psutil.Process().children(recursive=True):
            try:
                if process.pid == self.server_pid or self.server_pid in {p.pid for p in process.parents()}:
                    continue
                times = process.cpu_times()
                self.seen[(process.pid, process.create_time())] = times.user + times.system
            except psutil.NoSuchProcess:
                pass

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def report_problems(name: str, visits: list[Visit]) -> int:
    problems = problems_of(visits)
    print(f"{name}: {len(visits)} pages, {len(problems)} wrong")
    for line in problems[:10]:
        print("  " + line)
    return len(problems)


def under_load(url: str, pid: int, plans: list, rounds: int, loads: int) -> dict:
    """The loads, one after the other: their visits, wall times, the server's RSS after each and
    at its peak, the CPU seconds of the server and of the browser."""
    out = {"visits": [], "walls": [], "rss_after": [], "wrong": 0}
    cpu_before = cpu_seconds(pid)
    with PeakRss(pid) as memory, BrowserCpu(pid) as browser:
        for n in range(loads):
            began = time.perf_counter()
            visits = run_sessions(url, plans, rounds)
            out["walls"].append(time.perf_counter() - began)
            out["rss_after"].append(tree_rss(pid))
            out["wrong"] += report_problems(f"load {n + 1}: {len(plans)} sessions x {rounds} steps, up to "
                                            f"{most_at_once(visits)} at once, {out['walls'][-1]:.1f} s wall", visits)
            out["visits"] += visits
    out.update(peak=memory.peak, cpu=cpu_seconds(pid) - cpu_before, browser=browser.seconds)
    return out


def run(store: Path, sessions: int, rounds: int, loads: int, alone_rounds: int, log: Path) -> int:
    started = time.perf_counter()
    plans = plan_sessions(store, sessions)
    kinds = plan_sessions(store, KINDS)  # one session of each kind, for the warm-up and the baseline
    print(f"store {store}: planned in {time.perf_counter() - started:.1f} s")
    with streamlit_server(store, log) as (url, proc):
        rss_start = tree_rss(proc.pid)
        run_sessions(url, kinds, STEPS, serial=True)  # warm-up
        alone = run_sessions(url, kinds, alone_rounds, serial=True)
        rss_alone = tree_rss(proc.pid)
        wrong = report_problems("baseline, one session at a time", alone)
        load = under_load(url, proc.pid, plans, rounds, loads)
    pages = len(load["visits"])
    print()
    print("\n".join(latency_table(alone, load["visits"])))
    print()
    print(f"server RSS: start {rss_start / MB:.0f} MB, after the baseline {rss_alone / MB:.0f} MB, "
          + ", ".join(f"after load {i + 1} {rss / MB:.0f} MB" for i, rss in enumerate(load["rss_after"]))
          + f", peak {load['peak'] / MB:.0f} MB")
    print(f"CPU during the loads: server {load['cpu']:.1f} s ({load['cpu'] / pages:.2f} s a page), browser "
          f"{load['browser']:.1f} s ({load['browser'] / pages:.2f} s a page), in {sum(load['walls']):.0f} s wall "
          f"on {os.cpu_count()} cores")
    return 1 if wrong + load["wrong"] else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a presslens store (DuckDB file)")
    parser.add_argument("--sessions", type=int, default=16, help="sessions at once")
    parser.add_argument("--rounds", type=int, default=6, help="steps per session and load")
    parser.add_argument("--loads", type=int, default=2, help="how many times the load is repeated")
    parser.add_argument("--alone-rounds", type=int, default=2 * STEPS,
                        help="steps per kind of session in the baseline (default: every step twice)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        return run(args.store.resolve(), args.sessions, args.rounds, args.loads, args.alone_rounds,
                   Path(folder) / "streamlit.log")


if __name__ == "__main__":
    sys.exit(main())
