"""Stage 5: a second look at the speakers the context, a guess or no rule gave, from a model over
the names around each quote, the rules' own answer and "no one".

The rules of `speaker.py` (and the ranker's guesses) decide each quote by the first pattern that
fits; on unseen news about one reported quote in four then gets the wrong speaker or none
(bench/FRESH.md), most often where no pattern of the quote's own sentence applied and the speaker
was carried over from the context, guessed, or left out. For each such quote whose speaker is not
an organisation (`revisable`), this stage scores every candidate:
- each person or organisation named in the quote's paragraph, the one before or the one after (the
  ranker's candidates, with its 25 features);
- the rules' speaker, wherever it is named;
- "no one" (the text leaves the source unnamed).
A conditional logit (one softmax over a quote's candidates) adds to the ranker's features how the
nearest mention before the quote is built (its dependency, the word before it, the lemma of its
head: "a déclaré", "selon", "pour"), how many sentences and other people stand between it and
the quote, whether the name spoke the previous or the next quote, and which rule gave the rules'
answer. The best-scoring candidate becomes the speaker when it beats the rules' answer by the
model's margin; the quote's `rule` is then "rerank" and its attribution "guess", so users can tell
it apart.

The weights are data (`data/quotes/speaker_reranker.json`), fitted by
`bench/train_speaker_reranker.py`; this module only computes features and scores.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from spacy.tokens import Token

from analysis.quotes.context import Context
from analysis.quotes.ranker import FEATURES, candidate_features, paragraph_of, paragraph_starts, token_at
from analysis.quotes.rules import DATA_DIR, STATED_RULES, Quote

REPORTED = ("speech", "partial")
NO_ONE = None  # the candidate that stands for "the text names no source"


@dataclass(frozen=True)
class SpeakerReranker:
    weights: Mapping[str, float]  # feature name -> weight; a feature the file does not name weighs 0
    margin: float = 0.0  # how much more than the rules' answer a candidate must score to replace it

    @classmethod
    def from_file(cls, path: Path = DATA_DIR / "speaker_reranker.json") -> SpeakerReranker:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(MappingProxyType({str(k): float(v) for k, v in data["weights"].items()}), float(data.get("margin", 0.0)))

    @property
    def digest(self) -> str:
        """Eight hex digits naming these weights: part of the quotes analyzer's version."""
        return hashlib.sha256(repr((sorted(self.weights.items()), self.margin)).encode()).hexdigest()[:8]

    def score(self, features: Mapping[str, float]) -> float:
        return sum(self.weights.get(name, 0.0) * value for name, value in features.items())


@dataclass(frozen=True)
class Candidate:
    name: str | None  # NO_ONE for "the text names no source"
    type: str | None  # "person" | "organisation" | None
    features: dict[str, float]


def word_feature(token: Token, lemma: bool = False) -> str:
    """A word (or its lemma) as a feature value: lower-case words and punctuation as they are,
    anything else (a capitalised word, a number) as its shape, so that no name of the training texts
    becomes a feature."""
    if token.is_lower or token.is_punct:
        text = token.lemma_.lower() if lemma and token.is_lower else token.lower_
    else:
        text = token.shape_[:4]
    return text.replace("’", "'")


def named_before_features(ctx: Context, quote: Quote, name: str, at: int, starts: list[int],
                          f: dict[str, float]) -> None:
    """How the nearest mention of `name` before the quote (at offset `at`) stands: sentences and
    other people between it and the quote, its dependency, the word before it, the lemma of its head."""
    f[f"sentences_between={min(sum(at < b <= quote.open_mark for b in ctx.bounds), 6)}"] = 1.0
    others = {m.name for m in ctx.mentions
              if at < m.start < quote.open_mark and m.name != name and not ctx.inside_quote(m.start)}
    f[f"others_between={min(len(others), 3)}"] = 1.0
    home = paragraph_of(starts, quote.open_mark)
    f[f"paragraphs_back={min(home - paragraph_of(starts, at), 4)}"] = 1.0
    f["first_in_paragraph"] = float(paragraph_of(starts, at) == home and not any(
        paragraph_of(starts, m.start) == home and m.start < at and not ctx.inside_quote(m.start) for m in ctx.mentions))
    token = token_at(ctx, at)
    if token is None:
        return
    head = token.head
    if head.dep_.startswith("flat") or head.dep_ == "appos":  # "Emmanuel Macron, le président": the phrase's head
        head = head.head
    f["dep_before=" + token.dep_.split(":")[0]] = 1.0
    f["head_before=" + word_feature(head, lemma=True)] = 1.0
    f["head_pos_before=" + head.pos_] = 1.0
    f["head_reports_before"] = float(ctx.rules.is_reporting(head))
    if token.i > 0:
        f["word_before=" + word_feature(ctx.doc[token.i - 1])] = 1.0


def named_after_features(ctx: Context, quote: Quote, at: int, f: dict[str, float]) -> None:
    """The nearest mention of the name after the quote: its dependency, the word before it."""
    f["named_right_after"] = float(at - quote.close_mark < 60)
    token = token_at(ctx, at)
    if token is None:
        return
    f["dep_after=" + token.dep_.split(":")[0]] = 1.0
    if token.i > 0:
        f["word_after=" + word_feature(ctx.doc[token.i - 1])] = 1.0


def story_features(quotes: list[Quote], i: int, name: str, f: dict[str, float]) -> None:
    """Whether the name spoke the quote before, the one before that, any earlier one, or the next."""
    spoken = [q.speaker for q in quotes[:i] if q.speaker and q.kind != "other"]
    if spoken:
        f["spoke_previous"] = float(spoken[-1] == name)
        f["spoke_second_previous"] = float(len(spoken) > 1 and spoken[-2] == name)
        f["spoke_earlier"] = float(name in spoken)
    following = [q.speaker for q in quotes[i + 1:] if q.speaker and q.kind != "other"]
    if following:
        f["spoke_next"] = float(following[0] == name)


def name_features(ctx: Context, quotes: list[Quote], i: int, name: str, kind: str, base: dict[str, float],
                  offsets: list[int], starts: list[int]) -> dict[str, float]:
    quote = quotes[i]
    f = {k: v for k, v in base.items() if v}
    f["bias"], f["organisation"] = 1.0, float(kind == "organisation")
    outside = [at for at in offsets if not ctx.inside_quote(at)]
    before = [at for at in outside if at < quote.open_mark]
    after = [at for at in outside if at > quote.close_mark]
    if before:
        named_before_features(ctx, quote, name, before[-1], starts, f)
        f[f"mentions_before={min(len(before), 5)}"] = 1.0
    else:
        f["not_named_before"] = 1.0
    if after:
        named_after_features(ctx, quote, after[0], f)
    story_features(quotes, i, name, f)
    if name == quote.speaker:  # how far the rules are trusted depends on the rule and on what they named
        f["rules_answer"], f[f"rules_answer&{quote.rule}"] = 1.0, 1.0
        f["rules_answer&organisation"] = float(kind == "organisation")
    return f


def no_one_features(quote: Quote, named_candidates: int) -> dict[str, float]:
    f = {"no_one": 1.0, f"no_one&rule={quote.rule}": 1.0, f"no_one&{quote.kind}": 1.0,
         f"no_one&candidates={min(named_candidates, 4)}": 1.0}
    if quote.speaker is None:
        f["rules_answer"], f["no_one&rules_answer"] = 1.0, 1.0
    return f


def name_offsets(ctx: Context) -> dict[str, list[int]]:
    """Every person and organisation name of the article -> the offsets of its mentions, in order."""
    offsets: dict[str, list[int]] = {}
    for m in ctx.mentions:
        offsets.setdefault(m.name, []).append(m.start)
    for start, _, name in ctx.orgs:
        offsets.setdefault(ctx.org_name(name), []).append(start)
    return {name: sorted(found) for name, found in offsets.items()}


def candidates(ctx: Context, quotes: list[Quote], i: int, offsets: dict[str, list[int]],
               starts: list[int]) -> list[Candidate]:
    """Quote i's candidates: the names around it, the rules' speaker, no one."""
    quote = quotes[i]
    nearby = {name: (kind, dict(zip(FEATURES, values))) for name, kind, values in candidate_features(ctx, quotes, i)}
    if quote.speaker is not None and quote.speaker not in nearby:
        nearby[quote.speaker] = (quote.speaker_type or "person", {})
    found = [Candidate(name, kind, name_features(ctx, quotes, i, name, kind, base, offsets.get(name, []), starts))
             for name, (kind, base) in nearby.items()]
    return found + [Candidate(NO_ONE, None, no_one_features(quote, len(nearby)))]


def revisable(quote: Quote) -> bool:
    """A reported quote whose speaker came from the context, a guess or no rule, and is not an
    organisation. Where the quote's own sentence names its speaker, or the rules named an
    organisation, the model's overrides broke more than they fixed on Wikinews (bench/FRESH.md)."""
    return quote.kind in REPORTED and quote.rule not in STATED_RULES and quote.speaker_type != "organisation"


def rerank_speakers(ctx: Context, quotes: list[Quote], reranker: SpeakerReranker) -> list[Quote]:
    """The quotes with each revisable quote's speaker set to its best-scoring candidate, when that
    beats the rules' answer by the reranker's margin. Features read the quotes as the earlier
    stages left them, not as this one changes them."""
    offsets, starts = name_offsets(ctx), paragraph_starts(ctx.text)
    found = list(quotes)
    for i, quote in enumerate(quotes):
        if not revisable(quote):
            continue
        scored = [(reranker.score(c.features), c) for c in candidates(ctx, quotes, i, offsets, starts)]
        rules_score = max(score for score, c in scored if c.features.get("rules_answer"))
        best_score, best = max(scored, key=lambda pair: pair[0])
        if best.name != quote.speaker and best_score > rules_score + reranker.margin:
            found[i] = replace(quote, speaker=best.name, speaker_type=best.type, cue=None, rule="rerank")
    return found
