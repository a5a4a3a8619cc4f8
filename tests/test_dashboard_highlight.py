"""Highlighting: untrusted text always escaped, spans exactly where the offsets say, overlaps nested."""
from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from dashboard.highlight import article_spans, highlight, legend, stylesheet

OPEN, CLOSE = '<div class="presslens-article"><p>', "</p></div>"


def body(rendered: str) -> str:
    assert rendered.startswith(OPEN) and rendered.endswith(CLOSE)
    return rendered[len(OPEN):-len(CLOSE)]


def visible_text(rendered: str) -> str:
    """What a reader sees: tags removed, entities decoded, paragraph breaks as newlines."""
    text = rendered.replace("</p>\n<p>", "\n\n").replace("<br>", "\n")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_plain_text_is_one_paragraph():
    assert highlight("Bonjour", []) == f"{OPEN}Bonjour{CLOSE}"


def test_script_and_event_handlers_come_out_as_text():
    text = '<script>window.__pwned=1</script><img src=x onerror="alert(1)"> & co'
    out = highlight(text, [(0, 8, "person", "x")])
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
    assert visible_text(out) == text


def test_span_exact_with_escaped_title():
    out = highlight("Joe Biden parle", [(0, 9, "person", 'Joe "<b>" Biden')])
    assert body(out) == ('<mark class="hl hl-person" title="Joe &quot;&lt;b&gt;&quot; Biden">Joe Biden</mark>'
                         " parle")


def test_nested_spans_outermost_first():
    text = "«Joe Biden a gagné» dit-il"
    spans = [(11, 18, "tone-positive", "positif"), (0, 19, "quote-speech", "Q"), (1, 10, "person", "P")]
    out = body(highlight(text, spans))
    q = '<mark class="hl hl-quote-speech" title="Q">'
    assert out == (f"{q}«</mark>"
                   f'{q}<mark class="hl hl-person" title="P">Joe Biden</mark></mark>'
                   f"{q} </mark>"
                   f'{q}<mark class="hl hl-tone-positive" title="positif">a gagné</mark></mark>'
                   f"{q}»</mark> dit-il")


def test_partly_overlapping_spans_are_split_and_well_nested():
    out = body(highlight("abcdefgh", [(0, 5, "person", "A"), (3, 8, "tone-negative", "B")]))
    assert out == ('<mark class="hl hl-person" title="A">abc</mark>'
                   '<mark class="hl hl-person" title="A"><mark class="hl hl-tone-negative" title="B">de</mark></mark>'
                   '<mark class="hl hl-tone-negative" title="B">fgh</mark>')
    assert out.count("<mark") == out.count("</mark>")


def test_newlines_become_paragraphs_and_breaks():
    assert body(highlight("Titre\n\nLigne 1\nLigne 2", [])) == "Titre</p>\n<p>Ligne 1<br>Ligne 2"


def test_span_across_paragraphs_is_closed_and_reopened():
    out = body(highlight("ab\n\ncd", [(1, 5, "person", "P")]))
    assert out == ('a<mark class="hl hl-person" title="P">b</mark></p>\n<p>'
                   '<mark class="hl hl-person" title="P">c</mark>d')


def test_bad_spans_are_clamped_or_dropped():
    assert body(highlight("abc", [(2, 99, "person", "P"), (1, 1, "person", "empty"), (-5, 1, "person", "Q")])) == (
        '<mark class="hl hl-person" title="Q">a</mark>b<mark class="hl hl-person" title="P">c</mark>')


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        highlight("abc", [(0, 1, 'x" onmouseover="alert(1)', "P")])


def test_visible_text_is_the_stored_text_with_many_spans():
    text = "Un «très <b>gros</b>» titre\n\nDonald Trump & Musk"
    spans = [(3, 21, "quote-partial", "M"), (4, 8, "tone-loaded", "t"), (29, 41, "person", "DT"),
             (36, 48, "person", "x")]
    assert visible_text(highlight(text, spans)) == text


def test_article_spans_from_the_drill_down_tables():
    mentions = pd.DataFrame({"person": ["Joe Biden"], "start": [0], "end": [9], "text": ["Joe Biden"]})
    quotes = pd.DataFrame({"text": ["«x»"], "kind": ["partial"], "speaker": [None], "speaker_type": [None],
                           "start": [20], "end": [23], "cue": [None]})
    tone = pd.DataFrame({"start": [12], "end": [17], "text": ["honte"], "lemma": ["honte"],
                         "category": ["negative"], "negated": [True]})
    assert sorted(article_spans(mentions, quotes, tone)) == [
        (0, 9, "person", "Joe Biden"), (12, 17, "tone-negative", "Mot négatif (honte), nié"),
        (20, 23, "quote-partial", "Citation partielle : locuteur non identifié")]


def test_a_guessed_speaker_is_labelled_as_a_guess():
    quotes = pd.DataFrame({"text": ["«x»", "«y»"], "kind": ["speech", "speech"], "speaker": ["Marc", "Marc"],
                           "speaker_type": ["person"] * 2, "start": [0, 10], "end": [3, 13], "cue": [None, "dire"],
                           "attribution": ["guess", "stated"]})
    labels = [s.label for s in article_spans(pd.DataFrame(columns=["person", "start", "end", "text"]), quotes,
                                             pd.DataFrame(columns=["start", "end", "text", "lemma", "category", "negated"]))]
    assert labels == ["Citation directe : Marc (deviné)", "Citation directe : Marc"]
    from dashboard.views._article_view import quotes_table
    assert quotes_table(quotes.assign(is_repeat=False))["Locuteur"].tolist() == ["Marc (deviné)", "Marc"]


def test_legend_and_stylesheet_cover_every_kind():
    for kind in ("person", "quote-speech", "quote-partial", "quote-other", "tone-positive",
                 "tone-negative", "tone-loaded"):
        assert f"hl-{kind}" in legend() and f".hl-{kind}" in stylesheet()
