"""Time the dashboard on stores of several sizes: every page, after a filter change, cold start, memory.

    python bench/bench_dashboard.py /tmp/store-1k.duckdb /tmp/store-10k.duckdb /tmp/store-100k.duckdb
    python bench/bench_dashboard.py STORES... --no-browser      # AppTest page timings only
    python bench/bench_dashboard.py STORES... --baseline /tmp/orig  # before/after, in one run

With --baseline (a copy of the repository before a change: its dashboard/ and analysis/), every
measurement is made for both trees, one after the other, store by store, so both see the same
machine load; each tree's page timings run in a subprocess of their own.

Stores come from bench/scale_store.py (real analysed rows, replicated). Three measurements:

1. Page build times, in this process, with streamlit's AppTest running dashboard/app.py (the whole
   script: sidebar, queries, charts, tables; not the browser's drawing). For every page and every
   scenario the data cache (st.cache_data) is emptied, the page is run once with no filter (the
   "first" column: what a first visitor of the page waits for, filter options included), then one
   filter is changed through session state, as the sidebar widget does, and the rerun is timed:
     person  the sidebar's person filter set to the most mentioned person
     dates   a one-month date range
     search  a word searched in titles and texts
     outlet  one outlet (People page: the side-by-side comparison of two outlets)
     article (Articles page) an article opened in the drill-down
   The People page is run with its most mentioned person picked (?who=), so every section of it is
   built. Each time is the best of --repeat runs (default 1) and the table gives, per page and
   scenario, the time per store and the ratio of the largest store to the smallest. Two tables:
   wall-clock seconds, and CPU seconds of the process (every thread: the script's and DuckDB's).
   On a shared machine the wall clock also counts the time other jobs hold the cores; the CPU
   time does not, and is an upper bound of the wall time on an idle machine (a page's work is
   done on at most its own CPU time; DuckDB's parallel parts take less wall time than CPU).
   With --baseline, a last table divides the largest store's times after by before.
2. Cold start (unless --no-browser), on the largest store: from launching `streamlit run` in a
   subprocess to the overview rendered in headless Chromium (playwright: 7 charts drawn and the
   "running" indicator gone); the time until /_stcore/health answers is shown too.
3. Server memory, same server: the peak RSS of the streamlit process (sampled every 50 ms) while
   the browser visits every page with and without filters, and its RSS at the end.

Timings are noisy on a shared machine: compare runs made one after the other, not across days.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import duckdb

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
CHROMIUM = "/usr/bin/chromium"
PAGES = {"overview": "views/overview.py", "people": "views/people.py", "articles": "views/articles.py",
         "corpus": "views/corpus.py"}
SEARCH_WORD = "gouvernement"
TIMEOUT = 600


# ------------------------------------------------------------------ store facts
def store_facts(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        articles = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        person = con.execute("SELECT person FROM people_corpus GROUP BY 1 "
                             "ORDER BY SUM(mentions) DESC, 1 LIMIT 1").fetchone()[0]
        outlets = [r[0] for r in con.execute(
            "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 2").fetchall()]
        first = con.execute("SELECT MIN(published)::DATE FROM articles").fetchone()[0]
        article = con.execute("SELECT a.id FROM articles a JOIN people_corpus p ON p.article_id = a.id "
                              "WHERE p.person = ? ORDER BY a.published DESC, a.id LIMIT 1", [person]).fetchone()[0]
    finally:
        con.close()
    start = (first or date(2024, 1, 1)) + timedelta(days=60)
    return {"articles": articles, "person": person, "outlets": outlets, "from": start,
            "to": start + timedelta(days=30), "article": article, "bytes": path.stat().st_size}


def label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# ------------------------------------------------------------------ AppTest page timings
def scenarios(page: str, facts: dict) -> dict[str, tuple[dict, dict]]:
    """scenario -> (session state to set, query parameters to set) for the timed rerun."""
    out = {
        "person": ({"person": [facts["person"]]}, {}),
        "dates": ({"from": facts["from"], "to": facts["to"]}, {}),
        "search": ({"q": SEARCH_WORD}, {}),
        "outlet": ({"outlet": facts["outlets"][:1]}, {}),
    }
    if page == "people" and len(facts["outlets"]) == 2:
        out["outlet"] = ({"cmp": "outlets", "left-outlets": facts["outlets"][0],
                          "right-outlets": facts["outlets"][1]}, {})
    if page == "articles":
        out["article"] = ({}, {"article": facts["article"]})
    return out


def _timed(run) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process) of run()."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def time_page(page: str, facts: dict, state: dict, params: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    """(first run of the page with an empty data cache, rerun after the change), each as
    (wall-clock seconds, CPU seconds)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page == "people":
        at.query_params["who"] = facts["person"]
    at.switch_page(PAGES[page])
    first = _timed(at.run)
    _check(at, page, "first")
    first_caption = at.caption[0].value if at.caption else ""
    for key, value in state.items():
        if key == "cmp":  # a segmented control bound to the URL holds its label
            from dashboard.i18n import t
            value = t(f"compare_{value}")
        at.session_state[key] = value
    for key, value in params.items():
        at.query_params[key] = value
    changed = _timed(at.run)
    _check(at, page, str(state or params))
    if state and page != "corpus" and not (page == "people" and "cmp" in state):
        caption = at.caption[0].value if at.caption else ""
        if "·" not in caption or caption == first_caption:
            raise RuntimeError(f"{page}: the filter {state} did not change the view: {caption!r}")
    return first, changed


def _check(at, page: str, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{page} ({what}): {at.exception[0].message}\n{at.exception[0].stack_trace}")
    titles = [t.value for t in at.title]
    if not titles:
        raise RuntimeError(f"{page} ({what}): no title, the page did not render: {at}")


def page_timings(stores: list[Path], repeat: int) -> tuple[list[str], dict]:
    """{(page, scenario): [(wall, cpu) seconds per store]} and the store labels; each the best
    of `repeat` runs (wall and CPU minimised apart)."""
    results: dict[tuple[str, str], list[float]] = {}
    labels = []
    for index, path in enumerate(stores):
        facts = store_facts(path)
        labels.append(label(facts["articles"]))
        os.environ["PRESSLENS_DB"] = str(path)
        print(f"# {path} ({facts['articles']:,} articles, {facts['bytes'] / 1e6:.0f} MB); "
              f"person {facts['person']!r}, outlets {facts['outlets']}", file=sys.stderr, flush=True)
        for page in PAGES:
            for scenario, (state, params) in scenarios(page, facts).items():
                runs = [time_page(page, facts, state, params) for _ in range(repeat)]
                first, changed = _best([r[0] for r in runs]), _best([r[1] for r in runs])
                # the first run is the same in every scenario: keep the best
                results.setdefault((page, "first"), [(float("inf"),) * 2] * len(stores))
                results[(page, "first")][index] = _best([results[(page, "first")][index], first])
                results.setdefault((page, scenario), [(0.0, 0.0)] * len(stores))[index] = changed
                print(f"  {page:9} {scenario:8} first {first[0]:6.2f} s ({first[1]:5.2f} cpu)  "
                      f"changed {changed[0]:6.2f} s ({changed[1]:5.2f} cpu)", file=sys.stderr, flush=True)
    return labels, results


def _best(times: list[tuple[float, float]]) -> tuple[float, float]:
    return min(t[0] for t in times), min(t[1] for t in times)


MEASURES = {"wall": 0, "cpu": 1}  # name -> index in a (wall, cpu) pair


def print_table(labels: list[str], results: dict, measure: str = "wall") -> None:
    which = MEASURES[measure]
    unit = "s" if measure == "wall" else "cpu s"
    print(f"| page | after | {' | '.join(labels)} | ratio {labels[-1]}/{labels[0]} |")
    print("|" + "---|" * (len(labels) + 3))
    for (page, scenario), pairs in results.items():
        times = [pair[which] for pair in pairs]
        ratio = times[-1] / times[0] if times[0] else float("nan")
        cells = " | ".join(f"{t:.2f} {unit}" for t in times)
        print(f"| {page} | {scenario} | {cells} | {ratio:.1f}x |")
    worst = [max(pairs[i][which] for (p, s), pairs in results.items() if s != "first") for i in range(len(labels))]
    print(f"| **worst** | filter change | {' | '.join(f'{t:.2f} {unit}' for t in worst)} | "
          f"{worst[-1] / worst[0]:.1f}x |")


def print_comparison(before: tuple[list[str], dict], after: tuple[list[str], dict]) -> None:
    """The largest store's times, before and after, wall and CPU, and their ratios."""
    label = after[0][-1]
    print(f"| page | after | {label} before | {label} after | after/before | cpu before | cpu after | after/before |")
    print("|" + "---|" * 8)
    for key, pairs in after[1].items():
        old, new = before[1].get(key, [(float("nan"),) * 2])[-1], pairs[-1]
        cells = [f"{old[0]:.2f} s", f"{new[0]:.2f} s", f"{new[0] / old[0]:.2f}",
                 f"{old[1]:.2f} s", f"{new[1]:.2f} s", f"{new[1] / old[1]:.2f}"]
        print(f"| {key[0]} | {key[1]} | {' | '.join(cells)} |")


# ------------------------------------------------------------------ cold start and memory
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RssSampler(threading.Thread):
    """Peak resident memory of a process and its children, sampled every 50 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil
        self.process = psutil.Process(pid)
        self.peak = 0
        self.stop = threading.Event()

    def rss(self) -> int:
        import psutil
        total = 0
        for proc in [self.process, *self.process.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total

    def cpu(self) -> float:
        """CPU seconds the process has used so far (user and system)."""
        times = self.process.cpu_times()
        return times.user + times.system

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.05)


def serve_and_browse(path: Path, root: Path = ROOT) -> dict:
    from playwright.sync_api import sync_playwright

    facts = store_facts(path)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = Path(f"/tmp/bench-dashboard-{port}.log")
    out: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        page = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-CH").new_page()
        page.set_default_timeout(TIMEOUT * 1000)
        command = [sys.executable, "-m", "streamlit", "run", str(root / "dashboard" / "app.py"),
                   "--server.headless", "true",
                   "--server.port", str(port), "--browser.gatherUsageStats", "false",
                   "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
        started = time.perf_counter()
        with open(log, "w") as stream:
            proc = subprocess.Popen(command, cwd=root, env={**os.environ, "PRESSLENS_DB": str(path)},
                                    stdout=stream, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = RssSampler(proc.pid)
        sampler.start()
        try:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited:\n{log.read_text()}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.05)
            out["health"] = time.perf_counter() - started
            page.goto(url + "/")
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 7")
            _wait_idle(page)
            out["cold"] = time.perf_counter() - started
            out["cold_cpu"] = sampler.cpu()
            who = quote(facts["person"])
            visits = ["/people", f"/people?who={who}", "/articles", f"/articles?article={facts['article']}",
                      "/corpus", f"/?person={who}", f"/people?who={who}&person={who}",
                      f"/articles?person={who}", f"/?q={SEARCH_WORD}", f"/articles?q={SEARCH_WORD}",
                      f"/?from={facts['from']}&to={facts['to']}"]
            out["visits"] = {}
            for visit in visits:
                begin = time.perf_counter()
                page.goto(url + visit)
                page.wait_for_selector('[data-testid="stMain"] h1')
                _wait_idle(page)
                out["visits"][visit] = time.perf_counter() - begin
            out["rss_end"] = sampler.rss()
            out["rss_peak"] = max(sampler.peak, out["rss_end"])
        finally:
            sampler.stop.set()
            _stop(proc)
            browser.close()
    return out


def _wait_idle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def worker(root: Path, store: Path, repeat: int) -> dict:
    """The page timings of one store with the dashboard in `root` (run in a subprocess)."""
    global APP
    APP = str(root / "dashboard" / "app.py")
    sys.path.insert(0, str(root))
    from streamlit import logger
    logger.set_log_level("error")  # AppTest's "missing ScriptRunContext" warnings
    labels, results = page_timings([store], repeat)
    return {"label": labels[0], "results": [[page, scenario, *pairs[0]] for (page, scenario), pairs in results.items()]}


def run_worker(root: Path, store: Path, repeat: int) -> tuple[str, dict]:
    out = subprocess.run([sys.executable, __file__, "--worker", str(root), "--repeat", str(repeat), str(store)],
                         capture_output=True, text=True, cwd=root, check=False)
    if out.returncode:
        raise RuntimeError(f"worker failed on {store} with {root}:\n{out.stderr[-4000:]}")
    sys.stderr.write("\n".join(line for line in out.stderr.splitlines() if line.startswith(("#", "  "))) + "\n")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["label"], {(page, scenario): (wall, cpu) for page, scenario, wall, cpu in data["results"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path, help="stores, smallest first")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per measurement")
    parser.add_argument("--baseline", type=Path,
                        help="a copy of the repository to compare with (e.g. the last commit's dashboard/ "
                             "and analysis/ copied to /tmp/orig): measured in the same run, store by store")
    parser.add_argument("--no-browser", action="store_true", help="skip cold start and memory")
    parser.add_argument("--no-pages", action="store_true", help="skip the AppTest page timings")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.stores[0], args.repeat), default=str))
        return 0
    trees = {"before": args.baseline, "after": ROOT} if args.baseline else {"": ROOT}
    if not args.no_pages:
        tables: dict[str, tuple[list[str], dict]] = {name: ([], {}) for name in trees}
        for index, store in enumerate(args.stores):
            for name, root in trees.items():  # alternate, so both see the same machine load
                label_, results = run_worker(root, store, args.repeat)
                labels, table = tables[name]
                labels.append(label_)
                for key, seconds in results.items():
                    table.setdefault(key, [(float("nan"),) * 2] * len(args.stores))[index] = seconds
        for name, (labels, table) in tables.items():
            for measure in MEASURES:
                print(f"\n{name + ' ' if name else ''}({trees[name]}), {measure}:")
                print_table(labels, table, measure)
        if args.baseline:
            print("\nafter / before:")
            print_comparison(tables["before"], tables["after"])
    if not args.no_browser:
        largest = args.stores[-1]
        for name, root in trees.items():
            result = serve_and_browse(largest, root)
            print(f"\n{name + ': ' if name else ''}server on {largest} "
                  f"({label(store_facts(largest)['articles'])} articles), dashboard in {root}:")
            print(f"  cold start (launch -> overview rendered in Chromium): {result['cold']:.1f} s "
                  f"(health answered after {result['health']:.1f} s; server CPU {result['cold_cpu']:.1f} s)")
            for visit, seconds in result["visits"].items():
                print(f"  {seconds:5.2f} s  {visit}")
            print(f"  server RSS: peak {result['rss_peak'] / 2**20:.0f} MiB, "
                  f"after every page {result['rss_end'] / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
