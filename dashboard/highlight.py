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

from dashboard.i18n import t


class Span(NamedTuple):
    start: int
    end: int
    kind: str  # a CSS class suffix, one of KINDS
    label: str  # tooltip: the speaker, the person, the tone category


# kind -> (i18n key of the legend label, background colour, text colour); colours chosen to stay
# readable on screen and projected, and to differ for colour-blind readers.
KINDS: dict[str, tuple[str, str, str]] = {
    "quote-speech": ("hl_quote_speech", "#e5e7eb", "#1f2937"),
    "quote-partial": ("hl_quote_partial", "#f1f5f9", "#334155"),
    "quote-other": ("hl_quote_other", "#f1f5f9", "#334155"),
    "person": ("hl_person", "#fde68a", "#78350f"),
    "tone-positive": ("hl_tone_positive", "#bbf7d0", "#14532d"),
    "tone-negative": ("hl_tone_negative", "#fecaca", "#7f1d1d"),
    "tone-loaded": ("hl_tone_loaded", "#e9d5ff", "#581c87"),
}
# Attributed quotes get one colour per speaker (in order of first quote): a pale background, so
# names and tone words inside stay visible, and a strong underline that tells speakers apart.
SPEAKER_COLORS: tuple[tuple[str, str], ...] = (
    ("#dbeafe", "#0072B2"), ("#ffedd5", "#E69F00"), ("#ccfbf1", "#009E73"), ("#fce7f3", "#CC79A7"),
    ("#e0f2fe", "#56B4E9"), ("#fee2e2", "#D55E00"), ("#fef9c3", "#a16207"), ("#e5e7eb", "#111827"),
)
for _i, (_bg, _line) in enumerate(SPEAKER_COLORS):
    KINDS[f"speaker-{_i}"] = ("", _bg, "#111827")
QUOTE_KINDS = ("speech", "partial", "other")
TONE_CATEGORIES = ("positive", "negative", "loaded")
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


def speakers_in_order(quotes: pd.DataFrame) -> list[str]:
    """The identified speakers of an article's quotes, in the order they first speak."""
    names = [r.speaker for r in quotes.sort_values("start").itertuples()
             if isinstance(r.speaker, str) and r.speaker] if not quotes.empty else []
    return list(dict.fromkeys(names))


def article_spans(mentions: pd.DataFrame, quotes: pd.DataFrame, tone_hits: pd.DataFrame) -> list[Span]:
    """Highlight spans from the drill-down tables (columns as `dashboard.data.ArticleDetail`):
    an attributed quote is coloured by its speaker, an unattributed one by its kind."""
    colour = {name: i % len(SPEAKER_COLORS) for i, name in enumerate(speakers_in_order(quotes))}
    spans = []
    for r in quotes.itertuples():
        kind = r.kind if r.kind in QUOTE_KINDS else "other"
        css = f"speaker-{colour[r.speaker]}" if r.speaker in colour else f"quote-{kind}"
        spans.append(Span(r.start, r.end, css, _quote_label(kind, r.speaker, getattr(r, "attribution", None))))
    spans += [Span(r.start, r.end, "person", r.person) for r in mentions.itertuples()]
    spans += [Span(r.start, r.end, f"tone-{r.category}", _tone_label(r.category, r.lemma, r.negated))
              for r in tone_hits.itertuples() if r.category in TONE_CATEGORIES]
    return spans


def _quote_label(kind: str, speaker: str | None, attribution: str | None = None) -> str:
    who = speaker if isinstance(speaker, str) and speaker else t("speaker_unknown_long")
    if attribution == "guess" and isinstance(speaker, str):
        who = f"{who} {t('speaker_guessed')}"  # the ranker's guess, not an attribution the text states
    return t("quote_label", kind=t(f"kind_{kind}"), who=who)


def _tone_label(category: str, lemma: str | None, negated: bool | None) -> str:
    label = t("tone_label", category=t(f"tone_word_{category}"))
    if isinstance(lemma, str) and lemma:
        label += f" ({lemma})"
    return label + (t("negated") if negated is True else "")


def stylesheet() -> str:
    """CSS for the article and its marks."""
    marks = "\n".join(f".hl-{kind} {{ background: {bg}; color: {fg}; }}"
                      for kind, (_, bg, fg) in KINDS.items())
    lines = "\n".join(f".hl-speaker-{i} {{ box-shadow: inset 0 -2px 0 {line}; }}"
                      for i, (_, line) in enumerate(SPEAKER_COLORS))
    return f"""<style>
.presslens-article {{ font-family: Georgia, 'Times New Roman', serif; font-size: 1.06rem;
  line-height: 1.75; max-width: 46rem; color: #1f2937; }}
.presslens-article p {{ margin: 0 0 0.9em 0; }}
mark.hl {{ padding: 0; border-radius: 2px; }}
.hl-person {{ font-weight: 600; }}
{marks}
{lines}
.presslens-article mark.hl-person, .presslens-article mark[class*="hl-tone-"] {{ box-shadow: none; }}
.presslens-legend {{ display: flex; flex-wrap: wrap; gap: 0.4rem 0.9rem; font-size: 0.85rem;
  margin: 0.2rem 0 0.5rem 0; align-items: center; }}
.presslens-legend mark.hl {{ padding: 0.1em 0.4em; }}
</style>"""


def legend(speakers: list[str] | tuple[str, ...] = ()) -> str:
    """The marks' legend; with `speakers`, a second line gives each speaker's colour."""
    items = "".join(f'<mark class="hl hl-{kind}">{html.escape(t(label))}</mark>'
                    for kind, (label, _, _) in KINDS.items() if label)
    out = f'<div class="presslens-legend">{items}</div>'
    if speakers:
        names = "".join(f'<mark class="hl hl-speaker-{i % len(SPEAKER_COLORS)}">{html.escape(name)}</mark>'
                        for i, name in enumerate(speakers))
        out += f'<div class="presslens-legend"><span>{html.escape(t("hl_speakers"))}</span>{names}</div>'
    return out
