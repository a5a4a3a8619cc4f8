"""Adding articles from the Corpus page in a real headless Chromium: the upload is analysed by the
real pipeline (the default spaCy model) and the analysis status says, in sight, how many
articles are done and, once the batches give a pace, about how long the rest takes."""
from __future__ import annotations

import json

import duckdb
import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, require_chromium, streamlit_server, wait_idle

pytestmark = pytest.mark.browser

ARTICLES = 12
BATCH = 2  # six batches: the label is updated after each (the browser may skip some)

# Collects every title the analysis status shows, however briefly (a batch of short articles is
# quick); innerText, so only text a reader can see counts.
RECORD_LABELS = """() => {
    window.__labels = [];
    const seen = () => document.querySelectorAll('[data-testid="stExpander"] summary').forEach(title => {
        const label = title.innerText.trim();
        if (label && !window.__labels.includes(label)) window.__labels.push(label);
    });
    new MutationObserver(seen).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def corpus_file(path) -> None:
    lines = [{"id": f"up-{i}", "title": f"Le Conseil fédéral débat du budget {i}",
              "published": f"2024-05-{i + 1:02d}T08:00:00",
              "text": f"Alain Berset a présenté le budget numéro {i} à Berne. « Les finances sont saines », "
                      f"a déclaré Alain Berset devant la presse, mardi. Les cantons saluent une bonne nouvelle."}
             for i in range(ARTICLES)]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")


@pytest.fixture
def upload_server(tmp_path, monkeypatch):
    require_chromium()
    monkeypatch.setenv("PRESSLENS_BATCH_SIZE", str(BATCH))
    monkeypatch.setenv("PRESSLENS_UPLOAD_DIR", str(tmp_path / "uploads"))
    db = tmp_path / "store.duckdb"
    with streamlit_server(db, tmp_path / "streamlit.log") as (url, _process):
        yield url, db


def test_upload_progress_shows_articles_done_and_time_left(upload_server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, db = upload_server
    corpus = tmp_path / "budget.jsonl"
    corpus_file(corpus)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="fr-CH")
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url + "/corpus")
            wait_idle(page)
            page.evaluate(RECORD_LABELS)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(corpus))
            page.get_by_role("button", name="Analyser ces fichiers").click()
            page.get_by_text(f"Terminé : {ARTICLES} article(s) analysé(s)").wait_for(timeout=180_000)
            labels = page.evaluate("window.__labels")
        finally:
            browser.close()
    shown = {}  # articles done -> the label shown for them
    for label in labels:
        if label.startswith("Analyse : "):
            shown[int(label.split()[2])] = label
    assert shown.get(0) == f"Analyse : 0 / {ARTICLES} articles", labels
    # no estimate before a pace (the first batch includes the startup) nor once all are done;
    # one for every batch in between that the browser showed, and it showed at least one
    for done, label in shown.items():
        count = f"Analyse : {done} / {ARTICLES} articles"
        assert label == count if done in (0, BATCH, ARTICLES) else label.startswith(count + " · encore "), labels
    assert set(shown) - {0, BATCH, ARTICLES}, labels
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == ARTICLES
