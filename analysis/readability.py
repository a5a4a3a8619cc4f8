"""French readability of the article body: Kandel–Moles (French Flesch) and LIX.

What is read: the segments of kind "body" (the whole text when the article has no segments).
Titles, leads, subheads, pull quotes and attributions are not running prose.

Counting rules (the formulas only mean something if these are stable):
- A word is a run of letters, with inner apostrophes and hyphens kept inside it, as the published
  French Flesch studies count words: "l'homme", "c'est", "Etats-Unis", "a-t-il" are one word each.
  Numbers ("44", "2022") and punctuation are not words. (The tone analyzer counts tokens instead,
  where "l'homme" is two; see the report on that choice.)
- Sentences come from a rule splitter, not the parser, so tests without a model and runs with it
  give the same counts: a sentence ends at . ! ? … (plus closing quotes or brackets) followed by
  a space and a character that is not a lowercase letter, at every line break, and at the end of
  each body segment. Abbreviations ("M.", "Mme.", "Dr.") and initials ("J. Biden") do not end
  sentences. Only sentences holding a word count.
- Syllables are spoken syllables (see `count_syllables`), not hyphenation points: a final mute e
  ("arbres" 1, "nuages" 2) and the verb ending -ent ("chantent" 1) are not syllables.
- A long word (LIX) has more than 6 letters; apostrophes and hyphens are not letters.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc

from analysis.fingerprint import source_digest
from analysis.models import AnalyzerResult, Article
from analysis.settings import Settings

_LETTERS = r"[^\W\d_]"
# Inner apostrophe may be followed by spaces: tokenised corpora write "l' homme".
WORD_RE = re.compile(rf"{_LETTERS}+(?:(?:['’]\s*|-){_LETTERS}+)*")
_SENTENCE_END = re.compile(r"[.!?…]+[»”\"')\]]*(?=\s+\S)")
_ABBREVIATIONS = frozenset(
    {"m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "mgr", "st", "ste", "av", "bd",
     "cf", "etc", "ex", "env", "p", "no", "vol", "art", "chap", "fig", "c"}
)
METRICS = ("kandel_moles", "lix", "words_per_sentence", "syllables_per_word", "words", "sentences",
           "syllables")
VOWELS = frozenset("aeiouyàâäéèêëîïôöûüùœæ")


def create(settings: Settings) -> "ReadabilityAnalyzer":
    return ReadabilityAnalyzer()


class ReadabilityAnalyzer:
    name = "readability"
    version = "1"
    components: tuple[str, ...] = ()  # text rules only: the tokenizer is all it gets

    def __init__(self) -> None:
        self.version = f"{ReadabilityAnalyzer.version}-{source_digest('readability.py')}"

    def analyze(self, article: Article, doc: Doc) -> AnalyzerResult:
        bodies = [article.text[start:end] for start, end in article.spans_of("body")]
        return AnalyzerResult(metrics=measure(bodies))


def measure(texts: Iterable[str]) -> dict[str, float | int | None]:
    """Readability metrics over these texts (each one ends its last sentence)."""
    sentences = [words_in(s) for text in texts for s in split_sentences(text)]
    words = [w for sentence in sentences for w in sentence]
    n_sentences = sum(1 for sentence in sentences if sentence)
    measured = [word_measures(w) for w in words]
    syllables = sum(count for count, _ in measured)
    long_words = sum(1 for _, long in measured if long)
    if not words:  # empty body: the counts are 0, the ratios are not computable
        return dict.fromkeys(METRICS) | {"words": 0, "sentences": 0, "syllables": 0}
    words_per_sentence = len(words) / n_sentences
    syllables_per_word = syllables / len(words)
    return {
        "kandel_moles": 207 - 1.015 * words_per_sentence - 73.6 * syllables_per_word,
        "lix": words_per_sentence + 100 * long_words / len(words),
        "words_per_sentence": words_per_sentence,
        "syllables_per_word": syllables_per_word,
        "words": len(words),
        "sentences": n_sentences,
        "syllables": syllables,
    }


@lru_cache(maxsize=1 << 17)
def word_measures(word: str) -> tuple[int, bool]:
    """(syllables, more than 6 letters) of a word, remembered: news repeats its words."""
    return count_syllables(word), letter_count(word) > 6


def words_in(text: str) -> list[str]:
    return WORD_RE.findall(text)


def letter_count(word: str) -> int:
    return sum(1 for c in word if c.isalpha())


def split_sentences(text: str) -> list[str]:
    """Sentences of a text: by line, then at sentence-final punctuation (see module doc)."""
    return [s for line in text.splitlines() for s in _split_line(line) if s.strip()]


def _split_line(line: str) -> list[str]:
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        if _ends_sentence(line, match):
            pieces.append(line[start:match.end()])
            start = match.end()
    pieces.append(line[start:])
    return pieces


def _ends_sentence(line: str, match: re.Match) -> bool:
    following = line[match.end():].lstrip()
    if following[:1].islower():
        return False  # "(...) apocalypse", "etc. et": the sentence goes on
    if match.group().startswith(".") and len(match.group().rstrip("»”\"')]")) == 1:
        previous = re.search(rf"({_LETTERS}+)$", line[:match.start()])
        if previous and _is_abbreviation(previous.group(1)):
            return False
    return True


def _is_abbreviation(word: str) -> bool:
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


# --- syllables ---------------------------------------------------------------------------------

# Polysyllabic words whose final -ent is spoken (nouns, adjectives, adverbs), where the rule
# "-ent after a consonant is the mute verb ending" would be wrong. -ment words are handled by
# rule (see _ent_is_mute); this list holds the common others.
_SPOKEN_ENT = frozenset(
    """absent accident adjacent adolescent agent apparent ardent argent cohérent compétent
    concurrent confident content continent couvent décent différent équivalent évident excellent
    fervent fragment fréquent imminent impatient incident indulgent innocent insolent intelligent
    latent négligent occident parent patent permanent pertinent précédent présent président
    prudent récent régent résident segment sergent serment souvent strident talent torrent
    transparent urgent violent adhérent inhérent référent conscient client patient orient
    ingrédient inconvénient expédient coefficient gradient pigment""".split()
)


def count_syllables(word: str) -> int:
    """Spoken syllables of a French word (at least 1), summed over its apostrophe/hyphen parts.

    Vowel groups are nuclei ("oiseaux" = oi + eau = 2), with these splits: é and letters with a
    diaeresis (ï, ë, ü) start their own nucleus ("été", "naïf", "idée" before its mute e); u
    before a vowel is a nucleus of its own ("nuages", "tuer") unless it follows q or g ("quel",
    "guerre"); i before a vowel after consonant + r/l is one too ("ouvrier", "client"); y before
    a vowel is a consonant ("crayon"). A final e, es or (verb) ent that is its own nucleus after a
    consonant or in hiatus is mute when the part has another nucleus ("arbres" 1, "idée" 2,
    "chantent" 1, but "le" 1).
    """
    parts = re.split(r"['’\s-]+", word.lower())
    return max(1, sum(_part_syllables(part) for part in parts if part))


def _part_syllables(part: str) -> int:
    nuclei = _nuclei(part)
    if len(nuclei) > 1 and _has_mute_ending(part, nuclei[-1]):
        return len(nuclei) - 1
    return len(nuclei)


def _nuclei(part: str) -> list[tuple[int, int]]:
    """[start, end) of each spoken vowel nucleus in a lowercase word part."""
    nuclei: list[tuple[int, int]] = []
    for i, char in enumerate(part):
        if not _is_vowel_here(part, i):
            continue
        if nuclei and nuclei[-1][1] == i and not _starts_nucleus(part, i):
            nuclei[-1] = (nuclei[-1][0], i + 1)
        else:
            nuclei.append((i, i + 1))
    return nuclei


def _is_vowel_here(part: str, i: int) -> bool:
    char = part[i]
    if char not in VOWELS:
        return False
    following = part[i + 1:i + 2]
    if char == "y" and following in VOWELS and following:
        return False  # "crayon", "yeux": y is a consonant before a vowel
    if char == "u" and i > 0 and part[i - 1] in "qg" and following in VOWELS and following:
        return False  # "quel", "guerre", "langue": u only marks the consonant
    if char == "u" and i > 0 and part[i - 1] == "q":
        return False  # "qu'il", "presqu'île"
    return True


def _starts_nucleus(part: str, i: int) -> bool:
    """Whether the vowel at i is in hiatus with the vowel before it."""
    char, previous = part[i], part[i - 1]
    if char in "ïëü" or previous == "é":
        return True  # "naïf", "Noël", "réunion", "créer"
    if char in "éèê" and previous != "i":
        return True  # "aéroport", "poésie", "tué" (but "pitié": i is a glide)
    if previous == "u" and char not in "i" and not (i > 1 and part[i - 2] in "qg"):
        return True  # "nuage", "tuer", "duo" (but "nuit", "lui": u is a glide)
    if previous == "i" and i > 2 and part[i - 2] in "rl" and part[i - 3] not in VOWELS:
        return True  # "ouvrier", "client", "crier"
    return False


def _has_mute_ending(part: str, last: tuple[int, int]) -> bool:
    """A final e / es / ent that is a nucleus of its own is not pronounced ("arbres", "idée")."""
    start, end = last
    if end - start != 1 or part[start] != "e":
        return False  # "e" inside a group ("joue", "vie") is already no nucleus of its own
    ending = part[start:]
    if ending in ("e", "es"):
        return True
    return ending == "ent" and _ent_is_mute(part)


def _ent_is_mute(part: str) -> bool:
    """-ent is the mute verb ending except in -ment nouns/adverbs and the listed words."""
    if part in _SPOKEN_ENT:
        return False
    if part.endswith("ment") and len(part) > 5:
        # "moment", "vraiment", "évidemment": vowel or m before -ment; "dorment", "calment": verbs
        return part[-5] not in VOWELS and part[-5] != "m"
    return True
