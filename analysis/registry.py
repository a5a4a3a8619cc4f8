"""Which analyzers run, in one place, and how every analyzer is run the same way.

The order matters only for reading: each analyzer gets the same (article, doc) and returns its own
AnalyzerResult; none reads another's result (quotes re-uses people's pure `find_people`, memoised
on the doc).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module

from spacy.language import Language

from analysis.models import Analyzer, AnalyzerResult, Article
from analysis.settings import Settings

# module names under analysis/; each module has `create(settings) -> Analyzer`
ANALYZER_MODULES = ("people", "quotes", "tone", "readability")


def create_analyzers(settings: Settings, names: Iterable[str] = ANALYZER_MODULES) -> list[Analyzer]:
    """Build the analyzers; each reads its own word lists here, never while analysing."""
    return [import_module(f"analysis.{name}").create(settings) for name in names]


def analyzer_versions(analyzers: Iterable[Analyzer]) -> dict[str, str]:
    return {a.name: a.version for a in analyzers}


def components_needed(analyzers: Iterable[Analyzer]) -> set[str]:
    return {c for a in analyzers for c in a.components}


def analyze_one(article: Article, doc, analyzers: Iterable[Analyzer]) -> dict[str, AnalyzerResult]:
    """Every analyzer on one parsed article: {analyzer name: result}."""
    return {a.name: a.analyze(article, doc) for a in analyzers}


def analyze_articles(
    articles: Iterable[Article], nlp: Language, analyzers: list[Analyzer], batch_size: int = 32
) -> Iterator[tuple[Article, dict[str, AnalyzerResult]]]:
    """One spaCy pass per article (nlp.pipe), then every analyzer on its doc."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, analyze_one(article, doc, analyzers)
