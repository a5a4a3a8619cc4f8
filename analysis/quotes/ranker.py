"""Stage 4: a guess for the quotes no rule attributes, from a small logistic model over the people
and organisations named around the quote.

The rules of `speaker.py` leave a quote without speaker when none of their patterns fits; on
unseen news that is one reported quote in five (bench/FRESH.md). For those quotes only, every
person or organisation named in the quote's paragraph, the one before or the one after is scored
by a logistic regression over features that say where and how it is named (distance, same
sentence, subject, after "selon", right after the quote with a reporting verb, already quoted,
gender of an "il"/"elle" in the sentence ...). The best candidate becomes the speaker when its
probability reaches the threshold; the quote is marked `attribution = "guess"` so that users can
tell a guess from a stated attribution. The weights are data (`data/quotes/speaker_ranker.json`),
fitted by `bench/train_speaker_ranker.py`; this module only computes features and scores.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Span, Token

from analysis.quotes.context import Context, in_parentheses
from analysis.quotes.rules import DATA_DIR, Quote
from analysis.quotes.speaker import pronoun_gender

SOURCE_WORDS = frozenset({"selon", "d'après", "d’après"})
FEATURES = ("bias", "has_before", "log_before", "has_after", "log_after", "same_sentence", "same_paragraph",
            "previous_paragraph", "next_paragraph", "subject_before", "object_before", "verb_between",
            "incise_after", "source_phrase", "salient_before", "last_salient", "log_mentions", "log_quoted",
            "previous_speaker", "organisation", "media", "in_parentheses", "pronoun_agrees",
            "pronoun_disagrees", "partial")


@dataclass(frozen=True)
class SpeakerRanker:
    weights: tuple[float, ...]  # one per name of FEATURES, in that order
    threshold: float  # the least probability that makes a candidate the speaker

    @classmethod
    def from_file(cls, path: Path = DATA_DIR / "speaker_ranker.json") -> SpeakerRanker:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: its features {data['features']} are not this code's {FEATURES}")
        return cls(tuple(float(w) for w in data["weights"]), float(data["threshold"]))

    @property
    def digest(self) -> str:
        """Eight hex digits naming these weights: part of the quotes analyzer's version."""
        return hashlib.sha256(repr((self.weights, self.threshold)).encode()).hexdigest()[:8]

    def probability(self, features: list[float]) -> float:
        z = sum(w * x for w, x in zip(self.weights, features))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class Candidate:
    """One name near a quote: its nearest mentions before and after the quote, where it is named."""
    type: str
    before: int | None = None  # offset of the nearest mention before the opening mark
    after: int | None = None  # offset of the nearest mention after the closing mark
    same_sentence: bool = False
    same_paragraph: bool = False
    previous_paragraph: bool = False
    next_paragraph: bool = False


def paragraph_starts(text: str) -> list[int]:
    starts, at = [0], text.find("\n\n")
    while at >= 0:
        starts.append(at + 2)
        at = text.find("\n\n", at + 2)
    return starts


def paragraph_of(starts: list[int], offset: int) -> int:
    return max(k for k, start in enumerate(starts) if start <= offset)


def token_at(ctx: Context, offset: int) -> Token | None:
    span = ctx.doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def subject_pronoun_gender(ctx: Context, quote: Quote, sentence: Span | None) -> str | None:
    """The gender an "il" or "elle" subject of the quote's sentence (outside quotes) asks of its speaker."""
    for tok in sentence or ():
        if ctx.inside_quote(tok.idx) or quote.open_mark <= tok.idx <= quote.close_mark:
            continue
        if tok.lower_.split("-")[-1] in ("il", "elle") and (tok.dep_.startswith("nsubj") or tok.lower_.startswith("-")):
            return pronoun_gender(tok)
    return None


def nearby_names(ctx: Context, quote: Quote) -> dict[str, Candidate]:
    """The people and organisations named, outside quotes, from the paragraph before the quote's to
    the one after it, with their nearest mentions on either side."""
    text = ctx.text
    starts = paragraph_starts(text)
    home = paragraph_of(starts, quote.open_mark)
    sentence = ctx.sentence_at(quote.open_mark)
    sentence_start, sentence_end = (sentence.start_char, sentence.end_char) if sentence is not None else (0, 0)
    named = [(m.start, m.name, "person") for m in ctx.mentions]
    named += [(start, ctx.org_name(name), "organisation") for start, _, name in ctx.orgs]
    found: dict[str, Candidate] = {}
    for start, name, kind in named:
        paragraph = paragraph_of(starts, start)
        if ctx.inside_quote(start) or not home - 1 <= paragraph <= home + 1:
            continue
        c = found.setdefault(name, Candidate(kind))
        if start < quote.open_mark and (c.before is None or start > c.before):
            c.before = start
        if start > quote.close_mark and (c.after is None or start < c.after):
            c.after = start
        c.same_sentence |= sentence_start <= start < sentence_end
        c.same_paragraph |= paragraph == home
        c.previous_paragraph |= paragraph == home - 1
        c.next_paragraph |= paragraph == home + 1
    return found


def before_features(ctx: Context, quote: Quote, at: int, f: dict[str, float]) -> None:
    """How the nearest mention before the quote is named: subject, object, "selon X", then a verb."""
    f["has_before"], f["log_before"] = 1.0, math.log1p(quote.open_mark - at) / 8
    f["in_parentheses"] = float(in_parentheses(ctx.text, at))
    tok = token_at(ctx, at)
    if tok is None:
        return
    f["subject_before"] = float(tok.dep_.startswith("nsubj") or (tok.dep_ == "flat:name" and tok.head.dep_.startswith("nsubj")))
    prev = ctx.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None:
        f["source_phrase"] = float(prev.lower_ in SOURCE_WORDS)
        f["object_before"] = float(prev.pos_ == "ADP" and prev.lower_ not in SOURCE_WORDS)
    sentence = ctx.sentence_at(quote.open_mark)
    if sentence is not None and sentence.start_char <= at:
        f["verb_between"] = float(any(ctx.rules.is_reporting(t) for t in ctx.doc[tok.i + 1:sentence.end]
                                      if t.idx < quote.open_mark))


def after_features(ctx: Context, quote: Quote, at: int, f: dict[str, float]) -> None:
    """The nearest mention after the quote, and whether a reporting verb stands between (an incise)."""
    f["has_after"], f["log_after"] = 1.0, math.log1p(at - quote.close_mark) / 8
    if at - quote.close_mark < 80 and "\n" not in ctx.text[quote.close_mark:at]:
        f["incise_after"] = float(any(ctx.rules.is_reporting(t) for t in ctx.doc
                                      if quote.close_mark < t.idx < at))


@dataclass
class Discourse:
    """What the article says around one quote, shared by all its candidates."""
    gender: str | None  # asked by an "il"/"elle" of the quote's sentence
    salient: set[tuple[int, str]]  # (offset, name) of the subjects "il" can refer to
    last: str | None  # the latest of them before the quote
    spoken: list[str]  # speakers of the earlier quotes, in order
    counts: dict[str, int]  # name -> mentions outside quotes


def discourse(ctx: Context, quotes: list[Quote], i: int) -> Discourse:
    quote = quotes[i]
    before = [(start, s.name) for start, s in ctx.salient if start < quote.open_mark]  # no side effect
    counts: dict[str, int] = {}
    named = [(m.start, m.name) for m in ctx.mentions] + [(start, ctx.org_name(name)) for start, _, name in ctx.orgs]
    for start, name in named:
        if not ctx.inside_quote(start):
            counts[name] = counts.get(name, 0) + 1
    return Discourse(subject_pronoun_gender(ctx, quote, ctx.sentence_at(quote.open_mark)),
                     {(start, s.name) for start, s in ctx.salient}, max(before)[1] if before else None,
                     [q.speaker for q in quotes[:i] if q.speaker], counts)


def discourse_features(ctx: Context, name: str, d: Discourse, f: dict[str, float]) -> None:
    """Where the name stands in the article's story: last subject, mentions, quoted before, gender."""
    f["last_salient"] = float(d.last == name)
    f["log_mentions"] = math.log1p(d.counts.get(name, 1)) / 3
    f["log_quoted"] = math.log1p(d.spoken.count(name)) / 2
    f["previous_speaker"] = float(bool(d.spoken) and d.spoken[-1] == name)
    f["media"] = float(ctx.rules.is_media(name))
    known = ctx.genders.get(name)
    f["pronoun_agrees"] = float(d.gender is not None and known == d.gender)
    f["pronoun_disagrees"] = float(d.gender is not None and known is not None and known != d.gender)


def candidate_features(ctx: Context, quotes: list[Quote], i: int) -> list[tuple[str, str, list[float]]]:
    """(name, type, features in FEATURES order) for each name near quote i; `quotes` are the
    quotes of the article as the rules left them (earlier speakers are features)."""
    quote, d = quotes[i], discourse(ctx, quotes, i)
    rows = []
    for name, c in nearby_names(ctx, quote).items():
        f = dict.fromkeys(FEATURES, 0.0)
        f["bias"], f["organisation"], f["partial"] = 1.0, float(c.type == "organisation"), float(quote.kind == "partial")
        if c.before is not None:
            before_features(ctx, quote, c.before, f)
            f["salient_before"] = float((c.before, name) in d.salient)
        if c.after is not None:
            after_features(ctx, quote, c.after, f)
        for key in ("same_sentence", "same_paragraph", "previous_paragraph", "next_paragraph"):
            f[key] = float(getattr(c, key))
        discourse_features(ctx, name, d, f)
        rows.append((name, c.type, [f[k] for k in FEATURES]))
    return rows


def guessable(ctx: Context, quotes: list[Quote], i: int) -> bool:
    """A reported quote the rules left without speaker, and not one whose source the text leaves
    unnamed ("selon des sources", "a révélé son avocate"), nor its continuation."""
    quote = quotes[i]
    return (quote.kind != "other" and quote.speaker is None and quote.rule != "unnamed"
            and not continues_unnamed(ctx, quotes, i))


def continues_unnamed(ctx: Context, quotes: list[Quote], i: int) -> bool:
    """The quote goes on from one whose source the text leaves unnamed, with no one named between
    them and at most a paragraph break: '« ... », a témoigné une habitante. « ... »'."""
    if i == 0 or quotes[i - 1].rule != "unnamed":
        return False
    before, quote = quotes[i - 1], quotes[i]
    gap = ctx.text[before.close_mark:quote.open_mark]
    named = [m.start for m in ctx.mentions] + [start for start, _, _ in ctx.orgs]
    return gap.count("\n\n") <= 1 and not any(before.close_mark < at < quote.open_mark for at in named)


def guess_speakers(ctx: Context, quotes: list[Quote], ranker: SpeakerRanker) -> list[Quote]:
    """The quotes with a guessed speaker where the rules found none and the best candidate's
    probability reaches the ranker's threshold."""
    found = list(quotes)
    for i, quote in enumerate(quotes):
        if not guessable(ctx, quotes, i):
            continue
        scored = [(ranker.probability(f), name, kind) for name, kind, f in candidate_features(ctx, quotes, i)]
        if not scored:
            continue
        probability, name, kind = max(scored)
        if probability >= ranker.threshold:
            found[i] = replace(quote, speaker=name, speaker_type=kind, rule="guess")
    return found
