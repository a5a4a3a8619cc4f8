"""A small real store for dashboard tests, written through `Store.save_batch` (no spaCy model).

Six hand-made articles over three months, three outlets, three sections, two languages, five
people (one under an alias), quotes of every kind, tone hits of every category, and one article whose text carries
HTML and script that the dashboard must show as text. Offsets are computed on the stored text, as
the analyzers do, so highlights in the drill-down land on the right words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analysis.models import AnalyzerResult, Article
from analysis.store import Store

MODEL = "fixture"
ANALYZERS = {"people": "1", "quotes": "1", "tone": "1", "readability": "1"}
XSS_TITLE = "Un texte piégé"
XSS_SNIPPET = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


@dataclass
class Spec:
    """What one fixture article says, in words; offsets are found in the text."""

    source_id: str
    title: str
    body: str
    published: str
    outlet: str
    section: str
    people: dict[str, list[str]]  # canonical-or-article name -> surface forms found in the text
    quotes: list[tuple[str, str, str | None]] = field(default_factory=list)  # text, kind, speaker
    tone: list[tuple[str, str]] = field(default_factory=list)  # word, category
    readability: tuple[float, float] = (60.0, 40.0)  # kandel_moles, lix
    language: str = "fr"

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}"


SPECS: list[Spec] = [
    Spec("a1", "Donald Trump et Elon Musk ont échangé sur X",
         "Donald Trump a reçu Elon Musk. «Nous allons gagner», a dit Donald Trump. "
         "Musk a promis un moment «très divertissant». La discussion fut un désastre technique.",
         "2024-08-13T08:40:00", "Watson", "International",
         {"Donald Trump": ["Donald Trump", "Donald Trump", "Donald Trump"], "Elon Musk": ["Elon Musk", "Elon Musk"]},
         [("«Nous allons gagner»", "speech", "Donald Trump"), ("«très divertissant»", "partial", "Elon Musk")],
         [("gagner", "positive"), ("désastre", "negative"), ("divertissant", "positive")], (55.0, 42.0)),
    Spec("a2", "Joe Biden répond à Trump",
         "Joe Biden a critiqué Trump. «C'est une honte», a déclaré Joe Biden. Trump a ri.",
         "2024-08-14T10:00:00", "Le Temps", "International",
         {"Joe Biden": ["Joe Biden", "Joe Biden"], "Trump": ["Trump", "Trump", "Trump"]},
         [("«C'est une honte»", "speech", "Joe Biden")],
         [("honte", "negative"), ("critiqué", "loaded")], (62.0, 38.0)),
    Spec("a3", "Alain Berset présente le budget",
         "Alain Berset a présenté un budget prudent. «Les finances sont saines», selon Alain Berset. "
         "Une bonne nouvelle pour les cantons.",
         "2024-08-20T14:30:00", "24 heures", "Suisse",
         {"Alain Berset": ["Alain Berset", "Alain Berset"]},
         [("«Les finances sont saines»", "speech", "Alain Berset")],
         [("bonne", "positive"), ("saines", "positive")], (68.0, 35.0)),
    Spec("a4", "Kamala Harris face à Donald Trump",
         "Kamala Harris a débattu avec Donald Trump. «Un débat historique», a estimé un observateur. "
         "Kamala Harris a dénoncé une crise.",
         "2024-09-02T20:00:00", "Le Temps", "International",
         {"Kamala Harris": ["Kamala Harris", "Kamala Harris"], "Donald Trump": ["Donald Trump"]},
         [("«Un débat historique»", "other", None)],
         [("crise", "negative"), ("dénoncé", "loaded")], (58.0, 45.0)),
    Spec("a5", "Les marchés saluent Elon Musk",
         "Elon Musk a annoncé des bénéfices. «Une réussite», a dit Elon Musk. Les marchés progressent.",
         "2024-09-15T09:00:00", "24 heures", "Economie",
         {"Elon Musk": ["Elon Musk", "Elon Musk"]},
         [("«Une réussite»", "speech", "Elon Musk")],
         [("réussite", "positive"), ("progressent", "positive")], (64.0, 39.0), language="de"),
    Spec("a6", XSS_TITLE,
         f"Alain Berset a lu ce code: {XSS_SNIPPET} et a souri. «Rien de grave», a dit Alain Berset.",
         "2024-10-01T12:00:00", "Watson", "Suisse",
         {"Alain Berset": ["Alain Berset", "Alain Berset"]},
         [("«Rien de grave»", "speech", "Alain Berset")],
         [("grave", "negative")], (70.0, 33.0)),
]

ALIASES = {"Trump": "Donald Trump"}
REJECTED = [("rejected", "line 3", None, "texte vide"), ("rejected", "line 7", None, "langue: en")]


def _occurrences(text: str, needle: str, count: int) -> list[tuple[int, int]]:
    """The first `count` [start, end) of `needle` in `text`."""
    spans, start = [], 0
    for _ in range(count):
        start = text.index(needle, start)
        spans.append((start, start + len(needle)))
        start += len(needle)
    return spans


def _people(spec: Spec) -> AnalyzerResult:
    people, mentions = [], []
    for name, forms in spec.people.items():
        spans = _occurrences(spec.text, forms[0], len(forms))
        people.append({"name": name, "mentions": len(spans), "first_start": spans[0][0],
                       "first_segment": "body"})
        mentions += [{"name": name, "start": s, "end": e, "text": spec.text[s:e]} for s, e in spans]
    metrics = {"count": len(people), "mentions": len(mentions)}
    return AnalyzerResult(metrics, {"people": people, "mentions": mentions})


def _quotes(spec: Spec) -> AnalyzerResult:
    rows = []
    for quote, kind, speaker in spec.quotes:
        (start, end), = _occurrences(spec.text, quote, 1)
        rows.append({"text": quote, "kind": kind, "speaker": speaker,
                     "speaker_type": "person" if speaker else None, "start": start, "end": end,
                     "cue": "dire"})
    kinds = [r["kind"] for r in rows]
    metrics = {"count": len(rows), "speech": kinds.count("speech"), "partial": kinds.count("partial"),
               "other": kinds.count("other"), "attributed": sum(1 for r in rows if r["speaker"])}
    return AnalyzerResult(metrics, {"quotes": rows})


def _tone(spec: Spec) -> AnalyzerResult:
    rows = []
    for word, category in spec.tone:
        (start, end), = _occurrences(spec.text, word, 1)
        rows.append({"start": start, "end": end, "text": word, "lemma": word, "category": category,
                     "negated": False, "weight": 1.0})
    words = len(spec.text.split())
    counts = {c: sum(1 for _, k in spec.tone if k == c) for c in ("positive", "negative", "loaded")}
    per_1000 = {f"{c}_per_1000": n * 1000 / words for c, n in counts.items()}
    net = (counts["positive"] - counts["negative"]) * 1000 / words
    return AnalyzerResult({**counts, **per_1000, "net": net, "words": words}, {"tone_hits": rows})


def _readability(spec: Spec) -> AnalyzerResult:
    words, sentences = len(spec.body.split()), spec.body.count(".")
    kandel_moles, lix = spec.readability
    return AnalyzerResult({"kandel_moles": kandel_moles, "lix": lix,
                           "words_per_sentence": words / sentences, "syllables_per_word": 1.6,
                           "words": words, "sentences": sentences, "syllables": int(words * 1.6)})


def article_of(spec: Spec) -> Article:
    return Article(source_path=f"corpus/{spec.outlet}.jsonl", source_id=spec.source_id,
                   title=spec.title, text=spec.text, published=spec.published,
                   sections=(spec.section,), outlet=spec.outlet, authors=("Rédaction",),
                   language=spec.language)


def results_of(spec: Spec) -> dict[str, AnalyzerResult]:
    return {"people": _people(spec), "quotes": _quotes(spec), "tone": _tone(spec),
            "readability": _readability(spec)}


def build_store(path: Path, specs: list[Spec] | None = None) -> Path:
    """Write the fixture corpus to a DuckDB file at `path` and return the path."""
    specs = SPECS if specs is None else specs
    with Store(path) as store:
        run_id = store.begin_run(MODEL, ANALYZERS, ["corpus"])
        batch = [(article_of(s), results_of(s)) for s in specs]
        store.save_batch(run_id, MODEL, ANALYZERS, batch)
        for source_path in sorted({a.source_path for a, _ in batch}):
            items = [("article", a.source_id, a.id, None) for a, _ in batch if a.source_path == source_path]
            store.record_file(source_path, run_id, items)
        store.record_file("corpus/broken.jsonl", run_id, REJECTED)
        store.set_person_aliases(ALIASES)
        store.finish_run(run_id, analysed=len(batch), unchanged=0, rejected=len(REJECTED))
    return path


def article_id(source_id: str) -> str:
    """The stored id of the fixture article with this source id."""
    spec = next(s for s in SPECS if s.source_id == source_id)
    return article_of(spec).id


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus as a DuckDB file, built once per test session (tests only read it)."""
    return build_store(tmp_path_factory.mktemp("store") / "presslens.duckdb")
