"""The dashboard in a real headless Chromium (Debian's, driven by playwright): charts render, the URL
carries the filters both ways, untrusted article text stays text. Screenshots go to tests/artifacts/
(and to docs/screenshot-<page>.png when PRESSLENS_SAVE_DOCS=1)."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    TIMEOUT_MS,
    require_chromium,
    streamlit_server,
    wait_idle,
)
from dashboard_fixtures import XSS_SNIPPET, article_id, fixture_store  # noqa: F401

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def server(fixture_store, tmp_path_factory) -> Iterator[str]:
    require_chromium()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with streamlit_server(fixture_store, log) as (url, _process):
        yield url


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-CH")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def test_deep_link_article_with_script_stays_text(page, server):
    """First request of the fresh server (tests run in file order): a deep link to an article."""
    page.goto(f"{server}/articles?article={article_id('a6')}&section=Suisse")
    article = page.locator(".presslens-article")
    article.wait_for()
    wait_idle(page)
    assert XSS_SNIPPET in article.inner_text()
    assert article.locator("script, img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert article.locator("mark.hl-person").first.get_attribute("title") == "Alain Berset"
    # the app's sidebar, not the page run on its own (waits: under load it can follow the article)
    page.get_by_label("Médias").wait_for(state="visible")
    assert "2 articles" in page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
    _screenshot(page, "article-xss", docs=False)


def _article_count(page) -> str:
    """The value of the "Articles" card on the overview, once the app has settled."""
    card = page.locator('[data-testid="stMetric"]').filter(has_text="Articles").first
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _open_overview(page, server: str, query: str = "") -> None:
    page.goto(f"{server}/{query}")
    page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT_MS)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 7", timeout=TIMEOUT_MS)
    wait_idle(page)


def test_overview_renders_and_screenshot(page, server):
    page.set_viewport_size({"width": 1440, "height": 1700})  # the whole overview in one image
    _open_overview(page, server)
    page.wait_for_timeout(1000)  # plotly's transitions
    assert _article_count(page) == "6"
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()  # SVG text
    assert "Personnes les plus mentionnées" in titles
    _screenshot(page, "overview")


def _screenshot(page, name: str, docs: bool = True) -> None:
    """tests/artifacts/<name>.png, and docs/screenshot-<name>.png when PRESSLENS_SAVE_DOCS=1."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(shot))
    if docs and os.environ.get("PRESSLENS_SAVE_DOCS") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / f"screenshot-{name}.png")


def test_filters_in_the_url_are_applied(page, server):
    """The articles page (no charts: quick to load) reads the same URL filters as the others."""
    def caption(query: str) -> str:
        page.goto(f"{server}/articles{query}")
        page.wait_for_selector('[data-testid="stDataFrame"]')
        wait_idle(page)
        return page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()

    assert caption(f"?person={quote('Joe Biden')}").startswith("1 article ·")
    assert caption("?from=2024-09-01&to=2024-09-30").startswith("2 articles ·")
    assert caption("?lang=de").startswith("1 article ·")


def test_a_widget_writes_the_url_and_pages_keep_it(page, server):
    _open_overview(page, server)
    page.get_by_label("Médias").click()  # the multiselect's input
    page.get_by_role("option", name="Le Temps").click()
    page.keyboard.press("Escape")
    page.wait_for_function("window.location.search.includes('outlet=Le')", timeout=TIMEOUT_MS)
    wait_idle(page)
    assert _article_count(page) == "2"
    page.get_by_label("Recherche dans le titre et le texte", exact=True).wait_for(state="visible")  # sidebar still there
    page.get_by_role("link", name="Articles").click()
    page.wait_for_selector('[data-testid="stDataFrame"]')
    wait_idle(page)
    assert "outlet=Le" in page.url
    assert "2 articles" in page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()


def _chart(page, title: str):
    return page.locator(".js-plotly-plot").filter(has=page.locator(".gtitle", has_text=title)).first


def _click_first_bar(page, title: str) -> None:
    """A real mouse click in the middle of the chart's first bar (plotly's drag layer lies on top
    of the bars, so the click goes through it as a reader's would)."""
    bar = _chart(page, title).locator(".barlayer .point path").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_click_on_a_person_bar_adds_them_to_the_filter(page, server):
    _open_overview(page, server)
    _click_first_bar(page, "Personnes les plus mentionnées")
    page.wait_for_function("window.location.search.includes('person=Donald')", timeout=TIMEOUT_MS)
    wait_idle(page)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 7", timeout=TIMEOUT_MS)
    assert _article_count(page) == "3"  # a1, a2 ("Trump", an alias) and a4
    assert "personne : Donald Trump" in page.locator(
        '[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()


def test_click_on_a_period_bar_sets_the_date_range(page, server):
    _open_overview(page, server, "?period=Mois")
    _click_first_bar(page, "Articles publiés par mois")
    page.wait_for_function("window.location.search.includes('to=2024-08-31')", timeout=TIMEOUT_MS)
    assert "from=2024-08-13" in page.url  # the month, clamped to the corpus' first day
    wait_idle(page)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 7", timeout=TIMEOUT_MS)
    assert _article_count(page) == "3"  # August: a1, a2, a3


def test_drill_down_highlights_land_on_the_right_words(page, server):
    page.goto(f"{server}/articles?article={article_id('a1')}")
    article = page.locator(".presslens-article")
    article.wait_for()
    wait_idle(page)
    people = article.locator("mark.hl-person")
    # title, then body: "Donald Trump a reçu Elon Musk. «…», a dit Donald Trump."
    assert people.all_inner_texts() == ["Donald Trump", "Elon Musk", "Donald Trump", "Elon Musk", "Donald Trump"]
    assert {people.nth(i).get_attribute("title") for i in range(people.count())} == {"Donald Trump", "Elon Musk"}
    tone = {m.inner_text(): m.get_attribute("class") for m in article.locator("mark[class*='hl-tone-']").all()}
    assert tone == {"gagner": "hl hl-tone-positive", "divertissant": "hl hl-tone-positive",
                    "désastre": "hl hl-tone-negative"}
    by_speaker = {}
    for mark in article.locator("mark[class*='hl-speaker-']").all():
        by_speaker[mark.get_attribute("title")] = by_speaker.get(mark.get_attribute("title"), "") + mark.inner_text()
    assert by_speaker == {"Citation directe : Donald Trump": "«Nous allons gagner»",
                          "Citation partielle : Elon Musk": "«très divertissant»"}
    colours = {m.get_attribute("class") for m in article.locator("mark[title='Citation directe : Donald Trump']").all()}
    assert colours == {"hl hl-speaker-0"}  # one colour per speaker, in order of speaking
    assert page.locator(".presslens-legend").last.inner_text().count("Donald Trump") == 1
    _screenshot(page, "articles")


def test_people_page_and_screenshot(page, server):
    page.set_viewport_size({"width": 1440, "height": 2200})
    page.goto(f"{server}/people?who=Donald+Trump&who=Elon+Musk")
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 7", timeout=TIMEOUT_MS)
    wait_idle(page)
    page.wait_for_timeout(800)
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert "Couverture de Donald Trump et Elon Musk : articles par semaine" in titles
    assert page.locator('[data-testid="stDataFrame"]').count() >= 2  # quotes and articles
    _screenshot(page, "people")


def test_corpus_page_and_screenshot(page, server):
    page.set_viewport_size({"width": 1440, "height": 1500})
    page.goto(f"{server}/corpus")
    page.get_by_text("Ajouter des articles").wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"]').wait_for(state="visible")
    _screenshot(page, "corpus")


def test_closing_an_article_takes_it_out_of_the_address(page, server):
    """A reader closes the drill-down, then copies the address: it must not reopen the article."""
    page.goto(f"{server}/articles?article={article_id('a1')}&section=Suisse")
    page.locator(".presslens-article").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Fermer l'article").click()
    page.wait_for_function("!window.location.search.includes('article=')", timeout=TIMEOUT_MS)
    wait_idle(page)
    assert page.locator(".presslens-article").count() == 0
    assert "section=Suisse" in page.url  # the filters stay
