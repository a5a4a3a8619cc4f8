"""Issue 6, property-based: ingest and the analyzers raise on no input hypothesis can make.

Budget: ingest properties 150 examples each, the analyzers 100 (a spaCy blank French pipeline with a
sentencizer, so that the analyzers, not the model, are what is fuzzed), no deadline (the first
examples pay for loading word lists); PRESSLENS_FUZZ_SCALE=20 multiplies the examples."""
from __future__ import annotations

import json
import os
from pathlib import Path, PurePath

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest import read_bytes
from analysis.ingest.dates import parse_date
from analysis.ingest.normalize import normalize_text
from analysis.models import Article, Rejection
from analysis.registry import analyze_one, create_analyzers
from analysis.settings import Settings

SCALE = float(os.environ.get("PRESSLENS_FUZZ_SCALE", "1"))  # e.g. 20 for a long fuzzing session
INGEST = settings(max_examples=int(150 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANALYZERS = settings(max_examples=int(100 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS = Settings(max_article_chars=20_000)
EXTENSIONS = [".txt", ".html", ".json", ".jsonl", ".csv", ".md", ".dat", ".zip"]

# text that looks like news, with the characters that break readers: quotes, guillemets, dates,
# controls, bidi marks, line ends of every kind
PIECES = st.sampled_from(list("abcdeéèàçôœ ABCÉ.,;:!?«»“”\"'’-—()0123456789/\n\r\t")
                        + ["\u202e", "\u200f", "\x07", "\ufeff", " mai ", " 2012", "31 février 2012", "M. ",
                           "Emmanuel Macron", " a déclaré ", "selon ", "\n\n", "<p>", "</p>", "<script>"])
NEWSY = st.lists(PIECES, max_size=120).map("".join)
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | NEWSY,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                               st.sampled_from(["title", "text", "body", "date", "author", "id", "lead",
                                                "section", "url", "x"]), inner, max_size=6), max_leaves=12)


def _check(items: list, path: PurePath) -> None:
    assert items, "a file must end as at least one article or rejection"
    for item in items:
        assert isinstance(item, (Article, Rejection))
        if isinstance(item, Rejection):
            assert item.reason and "could not be read" not in item.reason, item.reason
            continue
        assert item.text and len(item.text) <= SETTINGS.max_article_chars
        for segment in item.segments:
            assert 0 <= segment.start <= segment.end <= len(item.text)


@INGEST
@given(data=st.binary(max_size=2000), extension=st.sampled_from(EXTENSIONS))
def test_any_bytes_end_as_articles_or_rejections(data, extension):
    path = PurePath(f"/corpus/fuzz{extension}")
    _check(read_bytes(data, path, SETTINGS), path)


@INGEST
@given(text=NEWSY, extension=st.sampled_from(EXTENSIONS), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_text_ends_as_articles_or_rejections(text, extension, encoding):
    path = PurePath(f"/corpus/fuzz{extension}")
    _check(read_bytes(text.encode(encoding, errors="replace"), path, SETTINGS), path)


@INGEST
@given(records=st.lists(JSON_VALUES, max_size=5), as_jsonl=st.booleans())
def test_any_json_records_end_as_articles_or_rejections(records, as_jsonl):
    if as_jsonl:
        path, content = PurePath("/corpus/fuzz.jsonl"), "\n".join(json.dumps(r) for r in records)
    else:
        path, content = PurePath("/corpus/fuzz.json"), json.dumps(records)
    items = read_bytes(content.encode(), path, SETTINGS)
    _check(items, path)
    if as_jsonl and any(line.strip() for line in content.split("\n")):
        assert len(items) == sum(1 for line in content.split("\n") if line.strip())  # one item per line


@INGEST
@given(raw=NEWSY)
def test_dates_and_normalisation_never_raise(raw):
    parsed = parse_date(raw)
    assert parsed is None or parsed[:4].isdigit()
    cleaned = normalize_text(raw)
    assert "\r" not in cleaned and "\u202e" not in cleaned and normalize_text(cleaned) == cleaned


@pytest.fixture(scope="module")
def nlp_and_analyzers():
    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    return nlp, create_analyzers(Settings())


@ANALYZERS
@given(title=NEWSY, body=NEWSY)
def test_analyzers_never_raise_and_offsets_point_into_the_text(nlp_and_analyzers, title, body):
    nlp, analyzers = nlp_and_analyzers
    items = read_bytes(f"{title}\n\n{body}".encode(), Path("/corpus/fuzz.txt"), SETTINGS)
    for article in (i for i in items if isinstance(i, Article)):
        results = analyze_one(article, nlp(article.text), analyzers)
        for result in results.values():
            for rows in result.tables.values():
                for row in rows:
                    if "start" in row and "end" in row:
                        assert 0 <= row["start"] <= row["end"] <= len(article.text), row
