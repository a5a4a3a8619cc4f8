"""analysis/quotes/ranker.py: the speaker guess for quotes no rule attributes."""
from __future__ import annotations

import json
import math

import pytest
import spacy

from analysis import quotes
from analysis.models import Article
from analysis.quotes import attribution, rule_quotes
from analysis.quotes.ranker import FEATURES, SpeakerRanker, candidate_features
from analysis.quotes.rules import DATA_DIR, Quote, QuoteRules
from analysis.settings import Settings, from_env


def test_the_shipped_weights_fit_the_features_and_their_threshold_helped_in_cross_validation():
    ranker = SpeakerRanker.from_file()
    assert len(ranker.weights) == len(FEATURES)
    stored = json.loads((DATA_DIR / "speaker_ranker.json").read_text(encoding="utf-8"))
    row = stored["cross_validation"][str(ranker.threshold)]
    # speakers right among the quotes the rules leave unattributed: with the guesses, and without them
    # (no guess is right exactly where the source is unnamed)
    assert row["right"] + row["unnamed_kept"] > row["unnamed_kept"] + row["unnamed_given_speaker"]


def test_a_weights_file_for_other_features_is_refused(tmp_path):
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps({"features": list(reversed(FEATURES)), "weights": [0.0] * len(FEATURES),
                                "threshold": 0.5}))
    with pytest.raises(ValueError, match="features"):
        SpeakerRanker.from_file(path)


def test_probability_is_the_logistic_of_the_weighted_features():
    ranker = SpeakerRanker(weights=(1.0, 2.0), threshold=0.5)
    assert ranker.probability([1.0, 0.5]) == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert ranker.probability([1.0, -1000.0]) == pytest.approx(0.0, abs=1e-12)  # no overflow


@pytest.mark.parametrize("speaker, rule, expected", [
    ("Paul Durand", "incise", "stated"), ("Paul Durand", "verb", "stated"), ("Paul Durand", "continuation", "context"),
    ("Paul Durand", "repeat", "context"), ("Paul Durand", "guess", "guess"), (None, "unnamed", "unnamed"),
    (None, None, None)])
def test_attribution_tells_how_the_speaker_was_found(speaker, rule, expected):
    assert attribution(Quote(0, 3, "oui", kind="speech", speaker=speaker, rule=rule)) == expected


def test_the_setting_turns_guesses_off():
    assert from_env({"PRESSLENS_GUESS_SPEAKERS": "false"}).guess_speakers is False
    assert from_env({"PRESSLENS_GUESS_SPEAKERS": "1"}).guess_speakers is True
    assert quotes.create(Settings(guess_speakers=False)).ranker is None


# ---------------------------------------------------------------- with the real model

@pytest.fixture(scope="module")
def nlp(default_nlp):
    return default_nlp


def analyze(nlp, text: str, **settings) -> list[dict]:
    analyzer = quotes.create(Settings(**settings))
    return analyzer.analyze(Article("t", "t", "", text), nlp(text)).tables["quotes"]


LONE_QUOTE = ("Marc a 54 ans et habite à Lyon. Pendant la canicule, il dort dans sa cave. "
              "Température : 38 degrés. « J'ai cru étouffer. » Les autorités n'ont rien dit.")


@pytest.mark.slow
def test_a_quote_no_rule_attributes_gets_the_likely_speaker_marked_as_a_guess(nlp):
    [q] = analyze(nlp, LONE_QUOTE)
    assert (q["speaker"], q["attribution"]) == ("Marc", "guess")
    [q] = analyze(nlp, LONE_QUOTE, guess_speakers=False)
    assert (q["speaker"], q["attribution"]) == (None, None)


@pytest.mark.slow
def test_an_unnamed_source_and_its_continuation_get_no_guess(nlp):
    text = ("Le feu a pris vers 3 heures. « On a vu la mort en face », a témoigné une habitante. "
            "« On était pris par une fumée toxique. »\n\nLe ministre Gérald Darmanin s'est rendu sur place.")
    assert [(q["speaker"], q["attribution"]) for q in analyze(nlp, text)] == [(None, "unnamed"), (None, None)]


@pytest.mark.slow
def test_a_group_subject_is_an_unnamed_source(nlp):
    text = ("Donald Trump a reçu Elon Musk. Les deux hommes ont échangé des théories, en comparant les "
            "immigrés à des « zombies ».")
    [q] = analyze(nlp, text)
    assert (q["speaker"], q["attribution"]) == (None, "unnamed")


@pytest.mark.slow
def test_candidate_features_say_where_and_how_each_name_stands(nlp):
    text = ("Claire Fontanel a quitté la salle.\n\n"
            "Le débat a repris. « Nous voterons contre », a déclaré Paul Durand, selon qui rien n'est joué.")
    doc = nlp(text)
    ctx, found = rule_quotes(Article("t", "t", "", text), doc, QuoteRules.from_dir())
    rows = {name: dict(zip(FEATURES, f)) for name, _, f in candidate_features(ctx, found, 0)}
    assert set(rows) == {"Claire Fontanel", "Paul Durand"}
    durand, fontanel = rows["Paul Durand"], rows["Claire Fontanel"]
    assert (durand["incise_after"], durand["same_sentence"], durand["has_before"]) == (1.0, 1.0, 0.0)
    assert (fontanel["previous_paragraph"], fontanel["same_paragraph"], fontanel["subject_before"]) == (1.0, 0.0, 1.0)


def test_turning_guesses_off_or_other_weights_change_the_analyzer_version_so_stored_articles_are_redone():
    rules_only, guessing = quotes.create(Settings(guess_speakers=False)), quotes.create(Settings())
    assert rules_only.version != guessing.version
    other = quotes.QuotesAnalyzer(guessing.rules, SpeakerRanker(guessing.ranker.weights, 0.6))
    assert other.version not in (rules_only.version, guessing.version)
