"""The last stage of `people.py`: a logistic model that drops the names the rules kept but that read
as no person ("Québec", "Santé", "Budget Primitif", "Orangina", "XV de France").

The people rules find names well (on unseen news they miss about 3 % of the persons) but keep too
many that are not persons: places, firms, events, common words at a sentence's start, each a
different pattern, and a rule written for one of them did not transfer to unseen articles
(bench/FRESH.md). This stage weighs what the whole article says about each name the rules kept:
how its mentions are built (a title or a speech verb before them, a verb, a comma or a colon after
them, "à"/"en" before them), what the NER model labelled them, whether it opens on a known given
name, whether the text also writes its words in lower case, and so on (`features`). A name whose
probability of being a person falls below the file's threshold is dropped, with its mentions,
from the people list; the quote rules still look at every name for speakers (a name dropped here
may be a speaker's, "De Pavant a indiqué", and dropping them there too cost speakers on held-out
gold: `find_people(..., filtered=False)`).

The features read only the article: no word vectors (they differ between models, and made the
historical HIPE persons worse) and no name of the training texts. The weights are data
(`data/people/person_filter.json`), fitted by `bench/train_person_filter.py`; this module only
computes features and scores.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from spacy.tokens import Doc, Span

from analysis.people import CIVILITIES, DATA_DIR, SENTENCE_END, OPENING_MARKS, PeopleRules, Person, fold

DETERMINERS = frozenset({"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "ce", "cette", "son", "sa", "ses"})
PLACE_WORDS = frozenset({"à", "au", "aux", "en", "dans", "vers", "depuis"})
PARTICLE_WORDS = frozenset({"de", "du", "des", "d'", "d’", "la", "le"})
ROMAN_NUMERALS = frozenset({"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
                            "XIV", "XV", "XVI"})
ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")
LIST_LINKS = frozenset({",", "et", "ou"})
# every feature `features` can give; the weights file may leave any out (a weight of 0)
FEATURES = frozenset(
    [f"ent_{label}" for label in (*ENTITY_LABELS, "none")]
    + [f"before_{where}" for where in ("start", "civility", "title", "place", "det", "de", "speech", "verb", "quote")]
    + [f"after_{what}" for what in ("verb", "comma", "propn", "colon", "paren")]
    + ["in_parens", "in_a_list", "org_next", "words_1", "words_2", "words_3", "first_given", "any_given",
       "one_word_not_given", "log_mentions", "chars", "hyphen", "capitals", "town", "particle", "roman",
       "common_word", "lower_elsewhere", "one_word_PER", "one_word_LOC"])


@dataclass(frozen=True)
class PersonFilter:
    weights: Mapping[str, float]  # feature name -> weight; "bias" is the intercept
    threshold: float = 0.0  # a name whose probability of being a person is below it is dropped

    @classmethod
    def from_file(cls, path: Path = DATA_DIR / "person_filter.json") -> PersonFilter:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(MappingProxyType({str(k): float(v) for k, v in data["weights"].items()}), float(data["threshold"]))

    def keeps(self, features: Mapping[str, float]) -> bool:
        """A name the text gives a civility ("M. Houdré", "Mme Diallo") is always a person's; any
        other is kept when the model finds it likely enough to be one."""
        return features.get("before_civility", 0.0) > 0 or self.probability(features) >= self.threshold

    def probability(self, features: Mapping[str, float]) -> float:
        score = self.weights.get("bias", 0.0) + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))


@lru_cache(maxsize=1)
def default_filter() -> PersonFilter:
    return PersonFilter.from_file()


def lower_case_words(doc: Doc) -> frozenset[str]:
    """Every word the text writes in lower case: "santé" there makes "Santé" a common word."""
    return frozenset(t.text for t in doc if t.is_lower)


def mention_spans(person: Person, doc: Doc) -> list[tuple[Span, int]]:
    """Each mention's tokens (widened to whole tokens) and the character where the name starts."""
    spans = ((doc.char_span(m.start, m.end, alignment_mode="expand"), m.start) for m in person.mentions)
    return [(s, start) for s, start in spans if s is not None and len(s)]


def opens_sentence(span: Span) -> bool:
    if span.start == 0 or span[0].is_sent_start:
        return True
    before = span.doc[span.start - 1]
    return before.is_space or before.text in SENTENCE_END


def entity_label(span: Span) -> str:
    """The label most of the span's tokens carry, "" for none; a tie goes to the first token's
    (never to a set's order, which changes from one run to the next)."""
    labels = [t.ent_type_ for t in span]
    return max(labels, key=labels.count)


def word_before(span: Span, start: int) -> str:
    """The word before a mention that starts at character `start`: a civility glued to it counts
    ("M.Durand" gives "M.")."""
    glued = span.doc.text[span.start_char:start]
    if glued.strip():
        return glued.strip()
    return span.doc[span.start - 1].text if span.start > 0 else ""


def next_to_a_person(span: Span, person_starts: set[int], person_ends: set[int]) -> bool:
    """In a list of persons: "Louis Thorens, Olivier-Clottu et Maurice Sunier"."""
    doc = span.doc
    after = span.end < len(doc) - 1 and doc[span.end].text in LIST_LINKS and doc[span.end + 1].idx in person_starts
    before = span.start > 1 and doc[span.start - 1].text in LIST_LINKS and doc[span.start - 2].idx + len(
        doc[span.start - 2]) in person_ends
    return after or before


def context_counts(mentions: Sequence[tuple[Span, int]], rules: PeopleRules,
                   person_starts: set[int], person_ends: set[int]) -> dict[str, float]:
    """What stands before and after the mentions (each a span and its start), as counts over them."""
    counts: dict[str, float] = {}

    def add(name: str, yes: bool) -> None:
        counts[name] = counts.get(name, 0.0) + float(yes)

    for span, start in mentions:
        doc = span.doc
        label = entity_label(span)
        for name in ENTITY_LABELS:
            add(f"ent_{name}", label == name)
        add("ent_none", label not in ENTITY_LABELS)
        add("before_start", opens_sentence(span))
        before = doc[span.start - 1] if span.start > 0 else None
        word = word_before(span, start)
        folded = fold(word)
        add("before_civility", word in CIVILITIES)
        add("before_title", folded in rules.titles or folded in rules.genitive_nouns)
        add("before_place", before is not None and before.lower_ in PLACE_WORDS)
        add("before_det", before is not None and before.lower_ in DETERMINERS)
        add("before_de", before is not None and before.lower_ in ("de", "d'", "d’"))
        spoken = fold(before.text) if before is not None else ""
        add("before_speech", spoken in rules.speech_verbs or spoken == "selon")
        add("in_a_list", next_to_a_person(span, person_starts, person_ends))
        add("before_verb", before is not None and before.pos_ == "VERB")
        add("before_quote", before is not None and before.text in OPENING_MARKS)
        add("in_parens", before is not None and before.text == "(")
        after = doc[span.end] if span.end < len(doc) else None
        add("after_verb", after is not None and after.pos_ in ("VERB", "AUX"))
        add("after_comma", after is not None and after.text == ",")
        add("after_propn", after is not None and after.pos_ == "PROPN")
        add("after_colon", after is not None and after.text == ":")
        add("after_paren", after is not None and after.text == "(")
        add("org_next", after is not None and fold(after.text) in rules.org_words)
    return counts


def features(person: Person, doc: Doc, rules: PeopleRules, lower_words: frozenset[str],
             others: Sequence[Person] = ()) -> dict[str, float]:
    """The person's features: the shares of its mentions built one way or another, and what its
    name is made of. All are 0 or 1 or a share, but the mention count (log) and length (tens of
    characters). `others`: the article's other names, for lists of persons."""
    words = person.name.split()
    spans = mention_spans(person, doc)
    starts = {m.start for p in others if p is not person for m in p.mentions}
    ends = {m.end for p in others if p is not person for m in p.mentions}
    counts = context_counts(spans, rules, starts, ends)
    shares = {name: count / max(len(spans), 1) for name, count in counts.items()}
    # a hyphenated word opening on a given name reads as one too: "Jean-Eudes", "Olivier-Clottu"
    given = [fold(w) in rules.first_names or fold(w.split("-")[0]) in rules.first_names for w in words]
    # the words that could be common ones: not a given name, not a particle ("Le" of "Marine Le Pen")
    plain = [w for w, g in zip(words, given) if not g and w.lower() not in PARTICLE_WORDS]
    one_word = float(len(words) == 1)
    return shares | {
        # what the NER model says weighs differently for one word ("de Macron", "de Marseille")
        "one_word_PER": one_word * shares.get("ent_PER", 0.0),
        "one_word_LOC": one_word * shares.get("ent_LOC", 0.0),
        f"words_{min(len(words), 3)}": 1.0,
        "first_given": float(given[0]),
        "any_given": float(any(given)),
        "one_word_not_given": float(len(words) == 1 and not given[0]),
        "log_mentions": math.log1p(len(person.mentions)),
        "chars": min(len(person.name), 30) / 10,
        "hyphen": float("-" in person.name),
        "capitals": float(any(w.isupper() and len(w) > 1 for w in words)),
        "town": float(fold(person.name) in rules.towns),
        "particle": float(any(w.lower() in PARTICLE_WORDS for w in words[1:])),
        "roman": float(any(w in ROMAN_NUMERALS for w in words[1:])),
        "common_word": float(any(w.lower() in rules.common_words for w in plain)),
        "lower_elsewhere": float(any(w.lower() in lower_words for w in plain)),
    }


def kept(people: Sequence[Person], doc: Doc, rules: PeopleRules, person_filter: PersonFilter) -> list[Person]:
    lower_words = lower_case_words(doc)
    return [p for p in people if person_filter.keeps(features(p, doc, rules, lower_words, people))]
