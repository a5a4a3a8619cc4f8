"""analysis/quotes/reranker.py: a second look at the speaker of quotes the context attributed."""
from __future__ import annotations

import json
import re
import sys
from dataclasses import replace

import pytest

from analysis import quotes
from analysis.ingest import ingest_paths
from analysis.models import Article
from analysis.quotes import attribution, rule_quotes
from analysis.quotes.reranker import SpeakerReranker, rerank_speakers, revisable
from analysis.quotes.rules import DATA_DIR, Quote
from analysis.settings import Settings

SHAPE = re.compile(r"[Xxd]{1,4}[.']?")  # spaCy's word shapes, cut at four characters as word_feature does


def test_a_score_is_the_weighted_sum_and_a_feature_the_file_does_not_name_weighs_nothing():
    reranker = SpeakerReranker({"bias": 0.5, "spoke_previous": 2.0})
    assert reranker.score({"bias": 1.0, "spoke_previous": 1.0, "unheard_of": 7.0}) == pytest.approx(2.5)


def test_other_weights_or_another_margin_give_another_digest():
    base = SpeakerReranker({"bias": 0.5})
    assert base.digest != SpeakerReranker({"bias": 0.6}).digest
    assert base.digest != replace(base, margin=1.0).digest


def test_the_shipped_weights_name_no_word_of_the_training_texts_but_lower_case_words_and_shapes():
    weights = SpeakerReranker.from_file().weights
    words = [name.split("=", 1)[1] for name in weights if name.startswith(("word_", "head_before="))]
    assert words, "the lexical features are part of the model"
    capitalised = [w for w in words if w != w.lower() and not SHAPE.fullmatch(w)]
    assert not capitalised


def test_the_shipped_margin_gained_in_cross_validation_and_broke_at_most_one_wikinews_speaker():
    stored = json.loads((DATA_DIR / "speaker_reranker.json").read_text(encoding="utf-8"))
    fresh = stored["cross_validation"][f"margin {stored['margin']}, fresh"]
    wikinews = stored["cross_validation"][f"margin {stored['margin']}, wikinews"]
    assert fresh["right_after"] > fresh["right_before"] and fresh["fixed"] > 2 * fresh["broken"]
    assert wikinews["broken"] - wikinews["fixed"] <= 1


@pytest.mark.parametrize("rule, speaker_type, kind, expected", [
    ("continuation", "person", "speech", True), ("guess", "person", "partial", True), (None, None, "speech", True),
    ("unnamed", None, "speech", True), ("incise", "person", "speech", False), ("verb", "person", "partial", False),
    ("continuation", "organisation", "speech", False), ("continuation", "person", "other", False)])
def test_only_quotes_attributed_from_the_context_to_no_organisation_are_revised(rule, speaker_type, kind, expected):
    quote = Quote(0, 3, "oui", kind=kind, speaker="X" if speaker_type else None, speaker_type=speaker_type, rule=rule)
    assert revisable(quote) is expected


def test_a_revised_speaker_is_shown_as_a_guess():
    assert attribution(Quote(0, 3, "oui", kind="speech", speaker="Paul Durand", rule="rerank")) == "guess"
    assert attribution(Quote(0, 3, "oui", kind="speech", speaker=None, rule="rerank")) is None


def test_rules_only_has_no_reranker_and_the_reranker_is_part_of_the_analyzer_version():
    assert quotes.create(Settings(guess_speakers=False)).reranker is None
    default = quotes.create(Settings())
    assert default.reranker is not None and default.reranker.digest in default.version


# ---------------------------------------------------------------- with the real model

@pytest.fixture(scope="module")
def nlp(default_nlp):
    return default_nlp


CONTINUED = ("Le maire Paul Durand a inauguré la salle. « C'est un grand jour », a déclaré Paul Durand.\n\n"
             "« Nous l'attendions depuis dix ans. »")


def rule_found(nlp, text: str):
    ctx, found = rule_quotes(Article("t", "t", "", text), nlp(text), quotes.create(Settings()).rules)
    return ctx, found


@pytest.mark.slow
def test_a_candidate_replaces_the_rules_answer_only_by_more_than_the_margin(nlp):
    ctx, found = rule_found(nlp, CONTINUED)
    assert [q.speaker for q in found] == ["Paul Durand", "Paul Durand"]
    assert found[0].rule == "incise" and revisable(found[1])  # the second carried over from the first
    # "no one" scores 0.4 and every name 0: under a margin of 0.5 the rules' answer stays
    assert rerank_speakers(ctx, found, SpeakerReranker({"no_one": 0.4}, margin=0.5)) == found
    stated, continued = rerank_speakers(ctx, found, SpeakerReranker({"no_one": 0.4}, margin=0.3))
    assert stated == found[0]  # said in its own sentence: never revised
    assert (continued.speaker, continued.rule, continued.cue) == (None, "rerank", None)


@pytest.mark.slow
def test_with_no_weights_every_tie_keeps_the_rules_answer(nlp):
    ctx, found = rule_found(nlp, CONTINUED)
    assert rerank_speakers(ctx, found, SpeakerReranker({})) == found


@pytest.mark.slow
def test_a_quote_the_rules_left_unnamed_gets_its_named_speaker(shared_dir, repo_root, nlp):
    """Wikinews 45789 (held-out gold of ours): "De Pavant à indiqué par téléphone :« ... »" (a typo,
    "à" for "a") reads to the rules as no stated source; the re-ranker gives it to Kito de Pavant,
    as the gold does."""
    sys.path.insert(0, str(shared_dir / "eval"))
    import score

    gold = next(json.loads(line) for line in (repo_root / "bench" / "gold_heldout2.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip() and json.loads(line)["id"] == "45789")
    expected = next(q for q in gold["quotes"] if q["text"].startswith("Le système de détection"))
    settings = Settings()
    article = next(a for a in ingest_paths([shared_dir / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl"], settings)
                   if isinstance(a, Article) and a.source_id == "45789")
    doc = nlp(article.text)

    def quote_of(analyzer):
        found = quotes.find_quotes(article, doc, analyzer.rules, analyzer.ranker, analyzer.reranker)
        return next(q for q in found if q.text.startswith("Le système de détection"))

    assert quote_of(quotes.create(Settings(guess_speakers=False))).speaker is None
    revised = quote_of(quotes.create(settings))
    assert score.speakers_match(expected["speaker"], revised.speaker), (expected["speaker"], revised.speaker)
    assert attribution(revised) == "guess"
