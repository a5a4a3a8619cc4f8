"""Article text -> safe HTML with people, quotes and tone words highlighted. Pure, no streamlit.

Article text is untrusted (scraped pages): every character of it goes through `html.escape`, and
so do the tooltips. Spans may overlap (a name inside a quote, a tone word inside both): the text
is cut at every span boundary and each piece is wrapped in the marks of every span covering it,
outermost (longest) first, so the output is always well-nested HTML.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import NamedTuple

import pandas as pd


class Span(NamedTuple):
    start: int
    end: int
    kind: str  # a CSS class suffix, one of KINDS
    label: str  # tooltip: the speaker, the person, the tone category


# kind -> (legend label, background colour, text colour); colours chosen to stay readable on
# screen and projected, and to differ for colour-blind readers (blue / amber / green / red / purple).
KINDS: dict[str, tuple[str, str, str]] = {
    "quote-speech": ("Citation directe", "#dbeafe", "#1e3a8a"),
    "quote-partial": ("Citation partielle", "#e0f2fe", "#0c4a6e"),
    "quote-other": ("Autre citation", "#f1f5f9", "#334155"),
    "person": ("Personne mentionnée", "#fde68a", "#78350f"),
    "tone-positive": ("Mot positif", "#bbf7d0", "#14532d"),
    "tone-negative": ("Mot négatif", "#fecaca", "#7f1d1d"),
    "tone-loaded": ("Mot connoté", "#e9d5ff", "#581c87"),
}
QUOTE_KINDS = {"speech": "directe", "partial": "partielle", "other": "autre"}
TONE_LABELS = {"positive": "positif", "negative": "négatif", "loaded": "connoté"}
_NEWLINES = re.compile(r"(?:\r?\n)+")


def highlight(text: str, spans: Iterable[tuple[int, int, str, str]]) -> str:
    """The article as <p> paragraphs (blank line) and <br> (single newline), spans as <mark>."""
    clean = _clean_spans(spans, len(text))
    cuts = {0, len(text)}
    cuts.update(p for s in clean for p in (s.start, s.end))
    newline_runs = [m.span() for m in _NEWLINES.finditer(text)]
    cuts.update(p for run in newline_runs for p in run)
    breaks = dict(newline_runs)
    out = ['<div class="presslens-article"><p>']
    bounds = sorted(cuts)
    for start, end in zip(bounds, bounds[1:]):
        if start in breaks and breaks[start] == end:
            out.append("</p>\n<p>" if text.count("\n", start, end) > 1 else "<br>")
        else:
            out.append(_wrap(html.escape(text[start:end]), [s for s in clean if s.start <= start and end <= s.end]))
    out.append("</p></div>")
    return "".join(out)


def _clean_spans(spans: Iterable[tuple[int, int, str, str]], length: int) -> list[Span]:
    """Spans clamped to the text, empty ones dropped, unknown kinds refused (they become CSS
    classes), sorted outermost first."""
    clean = []
    for start, end, kind, label in spans:
        if kind not in KINDS:
            raise ValueError(f"unknown highlight kind {kind!r}")
        start, end = max(0, int(start)), min(length, int(end))
        if start < end:
            clean.append(Span(start, end, kind, str(label or "")))
    return sorted(clean, key=lambda s: (s.start, -s.end))


def _wrap(escaped: str, covering: list[Span]) -> str:
    for span in reversed(covering):  # innermost first, so the outermost ends up outside
        title = html.escape(span.label, quote=True)
        escaped = f'<mark class="hl hl-{span.kind}" title="{title}">{escaped}</mark>'
    return escaped


def article_spans(mentions: pd.DataFrame, quotes: pd.DataFrame, tone_hits: pd.DataFrame) -> list[Span]:
    """Highlight spans from the drill-down tables (columns as `dashboard.data.ArticleDetail`)."""
    spans = [Span(r.start, r.end, f"quote-{r.kind}" if r.kind in QUOTE_KINDS else "quote-other",
                  _quote_label(r.kind, r.speaker)) for r in quotes.itertuples()]
    spans += [Span(r.start, r.end, "person", r.person) for r in mentions.itertuples()]
    spans += [Span(r.start, r.end, f"tone-{r.category}", _tone_label(r.category, r.lemma, r.negated))
              for r in tone_hits.itertuples() if r.category in TONE_LABELS]
    return spans


def _quote_label(kind: str, speaker: str | None) -> str:
    who = speaker if isinstance(speaker, str) and speaker else "locuteur non identifié"
    return f"Citation {QUOTE_KINDS.get(kind, 'autre')} : {who}"


def _tone_label(category: str, lemma: str | None, negated: bool | None) -> str:
    label = f"Mot {TONE_LABELS[category]}"
    if isinstance(lemma, str) and lemma:
        label += f" ({lemma})"
    return label + (", nié" if negated is True else "")


def stylesheet() -> str:
    """CSS for the article and its marks."""
    marks = "\n".join(f".hl-{kind} {{ background: {bg}; color: {fg}; }}"
                      for kind, (_, bg, fg) in KINDS.items())
    return f"""<style>
.presslens-article {{ font-family: Georgia, 'Times New Roman', serif; font-size: 1.06rem;
  line-height: 1.7; max-width: 46rem; color: #1f2937; }}
.presslens-article p {{ margin: 0 0 0.9em 0; }}
mark.hl {{ padding: 0; border-radius: 2px; }}
.hl-person {{ font-weight: 600; }}
{marks}
.presslens-legend {{ display: flex; flex-wrap: wrap; gap: 0.4rem 0.9rem; font-size: 0.85rem;
  margin: 0.2rem 0 1rem 0; }}
.presslens-legend mark.hl {{ padding: 0.1em 0.4em; }}
</style>"""


def legend() -> str:
    items = "".join(f'<mark class="hl hl-{kind}">{html.escape(label)}</mark>'
                    for kind, (label, _, _) in KINDS.items())
    return f'<div class="presslens-legend">{items}</div>'
