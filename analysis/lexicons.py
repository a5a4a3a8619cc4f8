"""Word lists for the tone analyzer: the only module here that reads files.

Lists live in `analysis/data/tone/` (see its README for origin and licence); the Pattern French
sentiment lexicon is read from the installed `textblob-fr` package, never copied. Everything is
normalised with `match_key` so that a lexicon entry and a token compare equal when they differ
only by case, accents ("Etat" / "État") or the shape of the apostrophe.
"""
from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

TONE_DIR = Path(__file__).parent / "data" / "tone"

# Pattern entries below this |polarity| are too weak to count as a positive or negative word:
# 0.3 keeps clear evaluative adjectives ("bon" 0.7, "mauvais" -0.71, "incroyable" 0.6) and drops
# the near-neutral bulk ("seul" -0.1, "dernier" -0.29, "plein" 0.29). All confidence levels are
# kept: the lowest (0.7, "inferred") entries read as sound on inspection.
POLARITY_THRESHOLD = 0.3

# An entry is a tuple of token keys: "coup d'état" -> ("coup", "d'", "etat"), the way spaCy's
# French tokenizer splits it (elided words keep their apostrophe, hyphenated words stay whole).
_ENTRY_TOKEN = re.compile(r"[^\s']+'|[^\s']+")

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class LexiconEntry:
    """One word or phrase of a category, as written in its list, with its polarity."""

    text: str
    category: str  # "positive", "negative" or "loaded"
    polarity: float  # signed strength for positive/negative; 0.0 for loaded
    # Universal POS tags a token must carry to match, when the doc is tagged; None: any but PROPN.
    # Pattern's adjectives must not match function words or proper nouns ("Maison Blanche").
    upos: frozenset[str] | None = None


@dataclass(frozen=True)
class ToneLexicon:
    """All the word lists tone needs, keyed by normalised phrase."""

    entries: dict[str, dict[Phrase, LexiconEntry]]  # category -> phrase -> entry
    negators: frozenset[str]
    intensifiers: frozenset[str]

    # cached: both are read at every token of every article
    @cached_property
    def longest_phrase(self) -> int:
        return max((len(p) for by_phrase in self.entries.values() for p in by_phrase), default=1)

    @cached_property
    def first_words(self) -> dict[str, frozenset[str]]:
        """category -> the first word of each of its phrases: most tokens start none."""
        return {c: frozenset(p[0] for p in by_phrase) for c, by_phrase in self.entries.items()}


def match_key(text: str) -> str:
    """Lowercase, accents removed, typographic apostrophe made straight."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("\u2019", "'"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def phrase_key(text: str) -> Phrase:
    return tuple(_ENTRY_TOKEN.findall(match_key(text)))


def read_list(name: str) -> list[str]:
    """Non-empty, non-comment lines of a list in analysis/data/tone/."""
    lines = (TONE_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


# Pattern's Penn Treebank tags -> the Universal POS tags spaCy gives the same words. Adjectives
# accept NOUN and VERB too: fr_core_news_sm often tags "les meilleurs", "une douce farandole" as
# nouns and participles as verbs; adjective forms that are also common news nouns ("vague") are in
# neutral_in_news.txt instead. Interjections ("hélas") match any POS.
_PATTERN_UPOS = {
    "JJ": frozenset({"ADJ", "NOUN", "VERB"}),
    "NN": frozenset({"NOUN"}),
    "VB": frozenset({"VERB", "AUX"}),
    "RB": frozenset({"ADV"}),
}


def pattern_entries() -> dict[str, tuple[float, frozenset[str] | None]]:
    """Form -> (polarity, allowed POS) from textblob-fr's fr-sentiment.xml (PDDL).

    The three forms listed twice (as adjective and adverb) get the mean polarity and either POS.
    """
    source = resources.files("textblob_fr").joinpath("fr-sentiment.xml")
    scores: dict[str, list[float]] = {}
    tags: dict[str, set[str]] = {}
    for word in ET.fromstring(source.read_bytes()).iter("word"):
        form = word.get("form", "")
        scores.setdefault(form, []).append(float(word.get("polarity", "0")))
        tags.setdefault(form, set()).add(word.get("pos", ""))
    return {
        form: (sum(values) / len(values), _allowed_upos(tags[form]))
        for form, values in scores.items()
        if form
    }


def _allowed_upos(pattern_tags: set[str]) -> frozenset[str] | None:
    if not pattern_tags <= _PATTERN_UPOS.keys():
        return None
    return frozenset().union(*(_PATTERN_UPOS[tag] for tag in pattern_tags))


def sentiment_entries(threshold: float = POLARITY_THRESHOLD) -> list[LexiconEntry]:
    """Pattern entries strong enough, minus news-neutral adjectives, then the hand list on top."""
    neutral = {form for line in read_list("neutral_in_news.txt") for form in line.split()}
    entries = {
        form: _polar_entry(form, value, upos)
        for form, (value, upos) in pattern_entries().items()
        if abs(value) >= threshold and form not in neutral
    }
    for line in read_list("news_terms.tsv"):
        term, value = line.split("\t")
        entries[term] = _polar_entry(term, float(value), None)
    return list(entries.values())


def _polar_entry(text: str, polarity: float, upos: frozenset[str] | None) -> LexiconEntry:
    return LexiconEntry(text, "positive" if polarity > 0 else "negative", polarity, upos)


def load_tone_lexicon(language: str = "fr") -> ToneLexicon:
    """The tone word lists for a language (only French exists)."""
    if language != "fr":
        raise ValueError(f"no tone lexicon for language {language!r}")
    by_category: dict[str, dict[Phrase, LexiconEntry]] = {"positive": {}, "negative": {}, "loaded": {}}
    for entry in sentiment_entries():
        by_category[entry.category][phrase_key(entry.text)] = entry
    for text in read_list("loaded.txt"):
        by_category["loaded"][phrase_key(text)] = LexiconEntry(text, "loaded", 0.0)
    return ToneLexicon(
        entries=by_category,
        negators=frozenset(match_key(w) for w in read_list("negators.txt")),
        intensifiers=frozenset(match_key(w) for w in read_list("intensifiers.txt")),
    )
