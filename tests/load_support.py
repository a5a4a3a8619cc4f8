"""Many real browser sessions on one dashboard server at once (tests/test_load.py, bench/bench_load.py).

What each session looks at is planned from the store (`plan_sessions`), and what it must then see
is computed from the store with plain DuckDB SQL and Python, not through dashboard/: the number
of articles its filters select, how the caption names those filters, the open article's title.
Sessions differ in page and filters, so one session's state showing up in another's (a cache keyed
without a filter, state shared across sessions) shows as a wrong count or phrase in some session.

A session alternates two kinds of step: it opens a view by its URL (a new page load, so a new
Streamlit session), then types a word into the sidebar's search box (a rerun of that same
session, its filters narrowed by the word), then opens its next view, and so on.

The driver uses playwright's async API: one headless Chromium, one tab per session, all sessions at
once. Each tab is a Streamlit session of its own (its own websocket and session state); the tabs
share one browser context, so the app's scripts are fetched and compiled once, as a reader's
browser would have them cached: the load falls on the server rather than on the browser.
"""
from __future__ import annotations

import asyncio
import threading
import time
from calendar import monthrange
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Self
from urllib.parse import parse_qsl, urlencode, urlparse

import duckdb
import psutil
from browser_support import CHROMIUM, CHROMIUM_ARGS, NOT_RUNNING

MAIN = '[data-testid="stMain"]'
CAPTION = f'{MAIN} [data-testid="stCaptionContainer"]'
EXCEPTION = '[data-testid="stException"]'
CHARTS_DRAWN = "document.querySelectorAll('.js-plotly-plot').length >= 7"  # overview and People page
SEARCH_BOX = "Recherche dans le titre et le texte"
SEARCH_PHRASE = "recherche « {} »"
SEARCH_PREFIX = "recherche «"
CHECK_PATIENCE_S = 10  # how long a settled page may take to show the expected values


@dataclass(frozen=True)
class View:
    """One page with its URL parameters, and what a reader must see there."""

    label: str  # for latency tables: overview, people, articles, search, article
    page: str  # the URL path: "" (overview), "articles", "people"
    query: tuple[tuple[str, str], ...]
    articles: int  # articles the filters select, counted in the store
    phrases: tuple[str, ...]  # what the caption must say about the filters
    heading: str | None = None  # the open article's title, or the People page's coverage chart title
    typed: bool = False  # reached by typing query's "q" into the search box, not by opening the URL

    def url(self, base: str) -> str:
        return f"{base}/{self.page}?{urlencode(self.query)}"

    @property
    def step(self) -> str:
        return f"{self.label} ({'typed search' if self.typed else 'page load'})"

    @property
    def ready(self) -> str:
        """A JS condition true once the page's content is all there."""
        if self.page == "articles":
            element = ".presslens-article" if dict(self.query).get("article") else '[data-testid="stDataFrame"]'
            return f"!!document.querySelector('{element}')"
        return CHARTS_DRAWN


@dataclass
class Visit:
    session: int
    round: int
    view: View
    started: float  # time.perf_counter() when the navigation (or the typing) began
    seconds: float  # from then until the page is complete and the script idle
    problems: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ what to look at, what to see
def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _title_words(title: str | None, shortest: int = 7) -> set[str]:
    return {w.casefold() for w in (title or "").split() if w.isalpha() and len(w) >= shortest}


class StoreFacts:
    """Independent answers from the store: the articles each filter selects, with plain SQL, and
    the text search in Python (case-insensitive, in the title or the text)."""

    # people under their corpus-wide name: an alias ("Trump") counts for its canonical name
    PERSON_ARTICLES = """SELECT DISTINCT p.article_id AS id, COALESCE(al.canonical, p.name) AS person
                         FROM people p LEFT JOIN person_aliases al ON al.alias = p.name"""

    def __init__(self, db: Path):
        self.con = duckdb.connect(str(db), read_only=True)
        rows = self.con.execute("SELECT id, title, text FROM articles ORDER BY id").fetchall()
        self.titles = {i: title for i, title, _ in rows}
        self.haystacks = {i: f"{title or ''}\n{text or ''}".casefold() for i, title, text in rows}
        self.total = len(rows)

    def close(self) -> None:
        self.con.close()

    def column(self, sql: str, params: list | None = None) -> list:
        return [row[0] for row in self.con.execute(sql, params or []).fetchall()]

    def top(self, column: str, n: int = 2) -> list[str]:
        return self.column(f"SELECT {column} FROM articles WHERE {column} IS NOT NULL "
                           f"GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT {n}")

    def top_people(self, n: int = 2) -> list[str]:
        return self.column(f"SELECT person FROM ({self.PERSON_ARTICLES}) GROUP BY 1 "
                           f"ORDER BY COUNT(*) DESC, 1 LIMIT {n}")

    def ids(self, person: str | None = None, dates: tuple[date, date] | None = None,
            word: str | None = None, **equal: str) -> set[str]:
        """Articles naming the person, published within the dates (inclusive), containing the
        word, and with column = value for each of `equal` (outlet, section, language)."""
        clauses, params = [], []
        if person:
            clauses.append(f"id IN (SELECT id FROM ({self.PERSON_ARTICLES}) WHERE person = ?)")
            params.append(person)
        if dates:
            clauses.append("CAST(published AS DATE) BETWEEN ? AND ?")
            params += list(dates)
        for column, value in equal.items():
            clauses.append(f"{column} = ?")
            params.append(value)
        ids = set(self.column(f"SELECT id FROM articles WHERE {' AND '.join(clauses) or 'TRUE'}", params))
        return self.containing(ids, word) if word else ids

    def containing(self, ids: set[str], word: str) -> set[str]:
        needle = word.casefold()
        return {i for i in ids if needle in self.haystacks[i]}

    def busiest_months(self, n: int = 2) -> list[tuple[date, date]]:
        """The n months with most articles, clamped to the corpus' span (the date inputs refuse
        days outside it)."""
        first, last = self.con.execute("SELECT MIN(published)::DATE, MAX(published)::DATE FROM articles").fetchone()
        months = self.column("SELECT date_trunc('month', published)::DATE FROM articles "
                             f"WHERE published IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT {n}")
        return [(max(m, first), min(m.replace(day=monthrange(m.year, m.month)[1]), last)) for m in months]

    def narrowing_word(self, ids: set[str], exclude: str = "") -> str:
        """A word of these articles' titles that selects part of them (all of them if no word
        does): the one found in most of them, alphabetical among equals."""
        sample = sorted(ids)[:50]  # enough candidates; the counts are over all of `ids`
        words = set().union(*(_title_words(self.titles[i]) for i in sample)) - {exclude}
        words = words or set().union(*(_title_words(self.titles[i], 3) for i in sample))
        counted = sorted(((len(self.containing(ids, w)), w) for w in words), key=lambda c: (-c[0], c[1]))
        return next((w for n, w in counted if n < len(ids)), counted[0][1])

    def outlet_of(self, person: str) -> str:
        """The outlet that names `person` in most articles."""
        return self.con.execute(f"""SELECT outlet FROM articles WHERE outlet IS NOT NULL
            AND id IN (SELECT id FROM ({self.PERSON_ARTICLES}) WHERE person = ?)
            GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1""", [person]).fetchone()[0]

    def articles_to_open(self) -> list[tuple[str, str, str]]:
        """(id, title, outlet) of the newest and the oldest article that have an outlet."""
        return [self.con.execute(f"""SELECT id, title, outlet FROM articles
                    WHERE outlet IS NOT NULL AND title IS NOT NULL AND published IS NOT NULL
                    ORDER BY published {order}, id LIMIT 1""").fetchone() for order in ("DESC", "ASC")]


def plan_sessions(db: Path, sessions: int) -> list[list[View]]:
    """The steps of each session. Session i is of kind i % 8; a kind opens view A, types a word,
    opens view B, types a word; session i starts at A or B by i // 8, so two sessions of one
    kind look at different filters at the same time."""
    facts = StoreFacts(db)
    try:
        kinds = [_steps(facts, views) for views in _kinds(facts)]
    finally:
        facts.close()
    plans = []
    for i in range(sessions):
        steps = kinds[i % len(kinds)]
        shift = 2 * ((i // len(kinds)) % 2)
        plans.append(steps[shift:] + steps[:shift])
    return plans


def _steps(facts: StoreFacts, views: list[tuple[View, dict]]) -> list[View]:
    """Each view, then the same view narrowed by a word typed into the search box (which
    replaces the word searched before, if any)."""
    steps = []
    for view, filters in views:
        word = facts.narrowing_word(facts.ids(**filters), exclude=filters.get("word", ""))
        query = {**dict(view.query), "q": word}
        phrases = tuple(p for p in view.phrases if not p.startswith(SEARCH_PREFIX))
        steps += [view, replace(view, query=tuple(query.items()), articles=len(facts.ids(**{**filters, "word": word})),
                                phrases=(*phrases, SEARCH_PHRASE.format(word)), typed=True)]
    return steps


def _view(facts: StoreFacts, label: str, page: str, query: dict, phrases: tuple[str, ...],
          heading: str | None = None, **filters) -> tuple[View, dict]:
    """The view and the filters (StoreFacts.ids' arguments) that select its articles."""
    return View(label, page, tuple(query.items()), len(facts.ids(**filters)), phrases, heading), filters


def _kinds(f: StoreFacts) -> list[list[tuple[View, dict]]]:
    """Eight kinds of session, two views each."""
    people, outlets, sections = f.top_people(), f.top("outlet"), f.top("section")
    months, opened = f.busiest_months(), f.articles_to_open()
    everything = set(f.haystacks)
    first_word = f.narrowing_word(everything)
    words = [first_word, f.narrowing_word(everything - f.ids(word=first_word) or everything, exclude=first_word)]
    language, outlet = f.top("language", 1)[0], f.outlet_of(people[0])
    return [
        [_view(f, "overview", "", {"person": p}, (f"personne : {p}",), person=p) for p in people],
        [_view(f, "overview", "", {"outlet": o}, (f"média : {o}",), outlet=o) for o in outlets],
        [_view(f, "overview", "", {"from": a.isoformat(), "to": b.isoformat()}, (f"du {_day(a)} au {_day(b)}",),
               dates=(a, b)) for a, b in months],
        [_view(f, "search", "articles", {"q": w}, (SEARCH_PHRASE.format(w),), word=w) for w in words],
        [_view(f, "article", "articles", {"article": i, "outlet": o}, (f"média : {o}",), title, outlet=o)
         for i, title, o in opened],
        [_view(f, "people", "people", {"who": p, "section": s}, (f"rubrique : {s}",),
               f"Couverture de {p} : articles par semaine", section=s) for p, s in zip(people, sections)],
        [_view(f, "articles", "articles", {"section": sections[1]}, (f"rubrique : {sections[1]}",),
               section=sections[1]),
         _view(f, "articles", "articles", {"lang": language, "outlet": outlets[1]},
               (f"média : {outlets[1]}", f"langue : {language}"), language=language, outlet=outlets[1])],
        [_view(f, "overview", "", {"person": people[0], "outlet": outlet},
               (f"personne : {people[0]}", f"média : {outlet}"), person=people[0], outlet=outlet),
         _view(f, "overview", "", {"from": months[0][0].isoformat(), "to": months[0][1].isoformat(),
                                   "section": sections[0]},
               (f"du {_day(months[0][0])} au {_day(months[0][1])}", f"rubrique : {sections[0]}"),
               dates=months[0], section=sections[0])],
    ]


# ------------------------------------------------------------------ what a session checks
def _count_text(n: int) -> str:
    return f"{n} article{'' if n == 1 else 's'} ·"


async def _problems(page, view: View) -> list[str]:
    """What is wrong on the page for this view (empty when all is right)."""
    problems = []
    if await page.locator(EXCEPTION).count():
        problems.append("an exception is shown: " + await page.locator(EXCEPTION).first.inner_text())
    shown = dict(parse_qsl(urlparse(page.url).query))
    if any(shown.get(k) != v for k, v in view.query):
        problems.append(f"the address bar holds {shown}, not {dict(view.query)}")
    caption = await page.locator(CAPTION).first.inner_text() if await page.locator(CAPTION).count() else ""
    if not caption.startswith(_count_text(view.articles)):
        problems.append(f"caption {caption!r} does not start with {_count_text(view.articles)!r}")
    problems += [f"caption {caption!r} does not name {p!r}" for p in view.phrases if p not in caption]
    if view.label == "overview":
        card = page.locator('[data-testid="stMetric"]').filter(has_text="Articles").first
        value = (await card.locator('[data-testid="stMetricValue"]').inner_text()).strip() if await card.count() else None
        if value != str(view.articles):
            problems.append(f"the Articles card shows {value}, not {view.articles}")
    if view.label == "article":
        headings = [" ".join(h.split()) for h in await page.locator(f"{MAIN} h2").all_inner_texts()]
        if " ".join(view.heading.split()) not in headings:
            problems.append(f"the open article's title {view.heading!r} is not among {headings}")
    if view.label == "people":
        titles = await page.locator(".js-plotly-plot .gtitle").all_text_contents()
        if view.heading not in titles:
            problems.append(f"no chart titled {view.heading!r} among {titles}")
    return problems


async def check(page, view: View, patience_s: float = CHECK_PATIENCE_S) -> list[str]:
    """The page's problems once they are gone or `patience_s` has passed: a settled page can
    still be drawing (a chart's title, the article's header), but what stays wrong is reported."""
    deadline = time.monotonic() + patience_s
    while (problems := await _problems(page, view)) and time.monotonic() < deadline:
        await page.wait_for_timeout(250)
    return problems


async def _settle(page, view: View, timeout_ms: int) -> None:
    """Until the page is complete (or shows an error, which `check` then reports) and idle."""
    ready = f"({view.ready} || !!document.querySelector('{EXCEPTION}')) && {NOT_RUNNING}"
    await page.wait_for_function(ready, timeout=timeout_ms)


async def _open(page, base: str, view: View, timeout_ms: int) -> None:
    await page.goto(view.url(base), timeout=timeout_ms)
    await page.locator(f"{MAIN} h1").first.wait_for(timeout=timeout_ms)  # the script has started
    await _settle(page, view, timeout_ms)


async def _type_search(page, view: View, timeout_ms: int) -> None:
    """The view's word typed into the sidebar's search box: a rerun of the same Streamlit session.
    The old caption stays on screen until the rerun replaces it, so wait for the new phrase (or
    an error, which `check` then reports)."""
    word = dict(view.query)["q"]
    box = page.get_by_label(SEARCH_BOX, exact=True)
    await box.fill(word)
    await box.press("Enter")
    await page.wait_for_function("([selector, text, error]) => !!document.querySelector(error) || "
                                 "[...document.querySelectorAll(selector)].some(e => e.innerText.includes(text))",
                                 arg=[CAPTION, SEARCH_PHRASE.format(word), EXCEPTION], timeout=timeout_ms)
    await _settle(page, view, timeout_ms)


# ------------------------------------------------------------------ the driver
async def _state(page) -> str:
    """What the page showed when it failed to settle, for the report."""
    from playwright.async_api import Error as PlaywrightError

    try:
        captions = await page.locator(CAPTION).all_inner_texts()
        running = await page.locator('[data-testid="stStatusWidget"]').count()
        box = page.get_by_label(SEARCH_BOX, exact=True)
        typed = await box.input_value(timeout=1000) if await box.count() else None
        main = " ".join((await page.locator(MAIN).first.inner_text(timeout=1000)).split())[:300]
        return (f"url {page.url}, captions {captions[:1]}, running {bool(running)}, search box {typed!r}, "
                f"page text {main!r}")
    except PlaywrightError as exc:  # the page may be gone
        return f"(page state unavailable: {exc})"


async def _session(context, base: str, number: int, steps: list[View], rounds: int,
                   timeout_ms: int, shots: Path | None) -> list[Visit]:
    from playwright.async_api import Error as PlaywrightError

    page = await context.new_page()
    visits = []
    try:
        for r in range(rounds):
            view = steps[r % len(steps)]
            started = time.perf_counter()
            try:
                await (_type_search(page, view, timeout_ms) if view.typed else _open(page, base, view, timeout_ms))
                seconds = time.perf_counter() - started
                problems = await check(page, view)
            except PlaywrightError as exc:  # a timeout included: the page never settled
                seconds = time.perf_counter() - started
                problems = [f"{type(exc).__name__}: {str(exc).splitlines()[0]}; {await _state(page)}"]
            if problems and shots:
                shots.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(shots / f"load-session{number}-round{r}.png"))
            visits.append(Visit(number, r, view, started, seconds, problems))
    finally:
        await page.close()
    return visits


async def _drive(base: str, plans: list[list[View]], rounds: int, timeout_ms: int, serial: bool,
                 shots: Path | None) -> list[Visit]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-CH")
            sessions = [_session(context, base, i, steps, rounds, timeout_ms, shots) for i, steps in enumerate(plans)]
            results = [await s for s in sessions] if serial else await asyncio.gather(*sessions)
        finally:
            await browser.close()
    return [visit for visits in results for visit in visits]


def run_sessions(base: str, plans: list[list[View]], rounds: int, timeout_ms: int = 120_000,
                 serial: bool = False, shots: Path | None = None) -> list[Visit]:
    """Every session of `plans` at once (one after the other with `serial`: a single-session
    baseline), `rounds` steps each; the visits in session order. The first step of every session
    is a page load (a typed step needs the page it narrows). A page found wrong is saved as a
    screenshot in the folder `shots`, if given."""
    assert all(not steps[0].typed for steps in plans)
    return asyncio.run(_drive(base, plans, rounds, timeout_ms, serial, shots))


def most_at_once(visits: list[Visit]) -> int:
    """The largest number of visits in progress at the same instant."""
    edges = sorted([(v.started, 1) for v in visits] + [(v.started + v.seconds, -1) for v in visits])
    busy = peak = 0
    for _, step in edges:
        busy += step
        peak = max(peak, busy)
    return peak


def problems_of(visits: list[Visit]) -> list[str]:
    return [f"session {v.session} round {v.round} {v.view.step} {dict(v.view.query)}: {p}"
            for v in visits for p in v.problems]


# ------------------------------------------------------------------ the server's memory
def tree_rss(pid: int) -> int:
    """Resident memory of the process and its children, in bytes."""
    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


class Sampler:
    """Calls `sample()` every `every` seconds in a thread while active (a context manager)."""

    def __init__(self, every: float):
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.sample()
            except psutil.NoSuchProcess:  # the process sampled is gone: nothing more to see
                return

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


class PeakRss(Sampler):
    """Samples tree_rss(pid) while active; `peak` is the largest sample."""

    def __init__(self, pid: int, every: float = 0.05):
        super().__init__(every)
        self.pid, self.peak = pid, tree_rss(pid)

    def sample(self) -> None:
        self.peak = max(self.peak, tree_rss(self.pid))


MB = 1024 * 1024
