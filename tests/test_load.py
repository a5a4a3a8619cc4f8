"""Issue 6, load: eight real browser sessions at once on one `streamlit run dashboard/app.py`, each on
its own page with its own filters (person, outlet, date range, typed search, an opened article,
the People page), two rounds each, then the same load again. Every page must show what its own
filters select (counts computed from the store with plain SQL), and the server's memory must stay
bounded: the second, identical load adds little, and the peak stays far under 1.5 GB.

No timing assertion (the machine is shared); bench/bench_load.py measures latencies under load.
"""
from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from browser_support import ROOT, require_chromium, streamlit_server
from dashboard_fixtures import fixture_store  # noqa: F401
from load_support import (
    MB,
    PeakRss,
    StoreFacts,
    Visit,
    most_at_once,
    plan_sessions,
    problems_of,
    run_sessions,
    tree_rss,
)

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots of pages found wrong
SESSIONS = 8
ROUNDS = 2
# Generous: the second load repeats the first, whose results are cached, so it should add only the
# state of its own (already disconnected) sessions; a cache or session state growing with every
# visit would exceed this.
GROWTH_LIMIT = 150 * MB
PEAK_LIMIT = 1536 * MB


@dataclass
class Load:
    url: str
    plans: list
    first: list[Visit]
    second: list[Visit]
    rss_start: int
    rss_after_first: int
    rss_after_second: int
    rss_peak: int


@pytest.fixture(scope="module")
def load(fixture_store, tmp_path_factory) -> Iterator[Load]:  # noqa: F811
    require_chromium()
    log = tmp_path_factory.mktemp("streamlit-load") / "streamlit.log"
    plans = plan_sessions(fixture_store, SESSIONS)
    with streamlit_server(fixture_store, log) as (url, proc):
        rss_start = tree_rss(proc.pid)
        with PeakRss(proc.pid) as memory:
            first = run_sessions(url, plans, ROUNDS, shots=ARTIFACTS)
            rss_after_first = tree_rss(proc.pid)
            second = run_sessions(url, plans, ROUNDS, shots=ARTIFACTS)
            rss_after_second = tree_rss(proc.pid)
        print(f"\nserver RSS: start {rss_start / MB:.0f} MB, after the first load {rss_after_first / MB:.0f} MB, "
              f"after the second {rss_after_second / MB:.0f} MB, peak {memory.peak / MB:.0f} MB")
        yield Load(url, plans, first, second, rss_start, rss_after_first, rss_after_second, memory.peak)


def test_the_sessions_look_at_different_restricted_views(load, fixture_store):  # noqa: F811
    """Otherwise a leak could go unseen: a session shown the whole corpus, or another session's
    filters, must read a different count, phrase or title than its own."""
    facts = StoreFacts(fixture_store)
    total = facts.total
    facts.close()
    states = {(view.page, frozenset(view.query)): (view.articles, view.phrases, view.heading)
              for plan in load.plans for view in plan}
    assert all(0 < articles < total for articles, _, _ in states.values())
    assert len(set(states.values())) == len(states)
    steps = {view.step for plan in load.plans for view in plan[:ROUNDS]}
    assert {"overview (page load)", "overview (typed search)", "search (page load)", "article (page load)",
            "people (page load)", "articles (page load)"} <= steps


def test_the_sessions_ran_at_once(load):
    assert most_at_once(load.first) >= SESSIONS // 2
    assert most_at_once(load.second) >= SESSIONS // 2


def test_every_session_sees_what_its_own_filters_select(load):
    visits = load.first + load.second
    assert len(visits) == 2 * SESSIONS * ROUNDS
    assert problems_of(visits) == []


def test_server_memory_stays_bounded(load):
    growth = load.rss_after_second - load.rss_after_first
    assert growth < GROWTH_LIMIT, f"the second identical load added {growth / MB:.0f} MB"
    assert load.rss_peak < PEAK_LIMIT, f"peak RSS {load.rss_peak / MB:.0f} MB"


def test_the_server_still_answers_after_the_load(load):
    with urllib.request.urlopen(f"{load.url}/_stcore/health", timeout=10) as response:
        assert response.status == 200
