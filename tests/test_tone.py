"""Tone: lexicon hits, negation, intensifiers, multi-word loaded terms, offsets, densities."""
from __future__ import annotations

import pytest
import spacy

from analysis.lexicons import load_tone_lexicon, match_key, phrase_key, read_list
from analysis.models import Article
from analysis.settings import Settings
from analysis.tone import ToneAnalyzer, WordKeys, count_words, create, token_keys


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("fr")


@pytest.fixture(scope="module")
def analyzer() -> ToneAnalyzer:
    return create(Settings())


def analyze(analyzer, blank, text: str, lemmas: dict[str, str] | None = None):
    """Analyze `text` with an untagged doc; `lemmas` sets lemmas by hand (form -> lemma)."""
    doc = blank(text)
    for token in doc:
        token.lemma_ = (lemmas or {}).get(token.text, "")
    return analyzer.analyze(Article("t", "t", "", text), doc)


def hits_of(result, category: str) -> list[dict]:
    return [h for h in result.tables["tone_hits"] if h["category"] == category]


def test_pattern_adjective_is_positive(analyzer, blank):
    result = analyze(analyzer, blank, "Un résultat incroyable.")
    assert [h["text"] for h in hits_of(result, "positive")] == ["incroyable"]
    assert result.metrics["positive"] == 1.0


def test_weak_pattern_entries_are_left_out(analyzer, blank):
    # "dernier" is -0.29 in Pattern: under the 0.3 threshold
    assert analyze(analyzer, blank, "Le dernier jour.").metrics["negative"] == 0


def test_news_neutral_adjectives_are_left_out(analyzer, blank):
    result = analyze(analyzer, blank, "Le premier ministre et la nouvelle loi à l'extrême droite.")
    assert result.tables["tone_hits"] == []


def test_hand_written_news_noun_matches_on_lemma(analyzer, blank):
    result = analyze(analyzer, blank, "Des attentats.", {"attentats": "attentat"})
    assert [(h["lemma"], h["category"]) for h in result.tables["tone_hits"]] == [("attentat", "negative")]


def test_lemma_falls_back_to_lowercased_form(analyzer, blank):
    result = analyze(analyzer, blank, "HEUREUX")
    assert hits_of(result, "positive")[0]["text"] == "HEUREUX"


def test_negation_neutralises_within_the_window(analyzer, blank):
    result = analyze(analyzer, blank, "Ce n'est pas incroyable.")
    (hit,) = hits_of(result, "positive")
    assert hit["negated"] is True and hit["weight"] == 0.0
    assert result.metrics["positive"] == 0 and result.metrics["negative"] == 0


@pytest.mark.parametrize(
    "text",
    ["Il n'est jamais heureux.", "Un bilan sans succès.", "Il n'est plus heureux."],
)
def test_negation_cues(analyzer, blank, text):
    (hit,) = analyze(analyzer, blank, text, {"succès": "succès"}).tables["tone_hits"]
    assert hit["negated"] is True


def test_plus_alone_is_a_comparative_not_a_negation(analyzer, blank):
    (hit,) = analyze(analyzer, blank, "Il est plus heureux.").tables["tone_hits"]
    assert hit["negated"] is False


def test_negation_does_not_cross_punctuation_or_reach_far(analyzer, blank):
    far = analyze(analyzer, blank, "Pas de chance pour ce très long et heureux voyage.")
    assert hits_of(far, "positive")[0]["negated"] is False
    comma = analyze(analyzer, blank, "Pas ici, heureux.")
    assert hits_of(comma, "positive")[0]["negated"] is False


def test_intensifier_weighs_more(analyzer, blank):
    result = analyze(analyzer, blank, "Il est extrêmement heureux.")
    assert hits_of(result, "positive")[0]["weight"] == 1.5
    assert result.metrics["positive"] == 1.5


def test_multi_word_loaded_term_on_lowercased_tokens_accents_ignored(analyzer, blank):
    text = "Il parle de coup d'Etat."
    (hit,) = hits_of(analyze(analyzer, blank, text), "loaded")
    assert hit["text"] == "coup d'Etat" and text[hit["start"]:hit["end"]] == "coup d'Etat"
    assert hit["lemma"] == "coup d'état"


def test_multi_word_loaded_term_on_lemmas(analyzer, blank):
    text = "Des coups d'État en série."
    (hit,) = hits_of(analyze(analyzer, blank, text, {"coups": "coup"}), "loaded")
    assert hit["text"] == "coups d'État"


def test_loaded_is_counted_even_when_negated(analyzer, blank):
    result = analyze(analyzer, blank, "Ce n'est pas un fiasco.")
    (hit,) = hits_of(result, "loaded")
    assert hit["negated"] is True and hit["weight"] == 1.0 and result.metrics["loaded"] == 1


def test_a_word_can_be_loaded_and_negative(analyzer, blank):
    result = analyze(analyzer, blank, "Une catastrophe.")
    assert {h["category"] for h in result.tables["tone_hits"]} == {"loaded", "negative"}


def test_offsets_are_exact_in_article_text(analyzer, blank):
    text = "Titre\n\nUne «déferlante» de migrants, un chaos total, un  scandale."
    result = analyze(analyzer, blank, text)
    assert [h["text"] for h in hits_of(result, "loaded")] == ["déferlante", "chaos", "scandale"]
    for hit in result.tables["tone_hits"]:
        assert text[hit["start"]:hit["end"]] == hit["text"]


def test_words_count_letters_tokens_so_elisions_are_two(blank):
    assert count_words(blank("L'homme a 44 ans, 2022.")) == 4  # L' homme a ans


def test_densities_and_net(analyzer, blank):
    # 10 words, 1 positive, 2 negative (catastrophe is negative and loaded)
    text = "Un homme heureux voit une catastrophe et un grave problème."
    metrics = analyze(analyzer, blank, text, {"grave": "grave"}).metrics
    assert metrics["words"] == 10
    assert (metrics["positive"], metrics["negative"], metrics["loaded"]) == (1.0, 3.0, 1)
    assert metrics["positive_per_1000"] == pytest.approx(100.0)
    assert metrics["negative_per_1000"] == pytest.approx(300.0)
    assert metrics["loaded_per_1000"] == pytest.approx(100.0)
    assert metrics["net"] == pytest.approx((1 - 3) / 10 * 100)


def test_empty_text_has_no_densities(analyzer, blank):
    metrics = analyze(analyzer, blank, "").metrics
    assert metrics["words"] == 0 and metrics["positive"] == 0
    assert metrics["net"] is None and metrics["positive_per_1000"] is None


def test_match_key_folds_case_accents_and_apostrophes():
    assert match_key("d’État") == "d'etat"
    assert phrase_key("coup d'État") == ("coup", "d'", "etat")


def test_loaded_entries_tokenise_like_spacy(blank):
    for entry in read_list("loaded.txt"):
        assert tuple(match_key(t.text) for t in blank(entry)) == phrase_key(entry), entry


def test_lexicon_comes_from_the_installed_pattern_package():
    lexicon = load_tone_lexicon("fr")
    assert len(lexicon.entries["positive"]) > 500 and len(lexicon.entries["negative"]) > 500
    assert lexicon.entries["positive"][("bon",)].polarity == pytest.approx(0.7)
    with pytest.raises(ValueError):
        load_tone_lexicon("de")


def test_analyzer_interface(analyzer):
    assert analyzer.name == "tone" and analyzer.version.startswith("1-")
    assert "lemmatizer" in analyzer.components


# --- with the real model -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp(default_nlp):
    return default_nlp


@pytest.mark.slow
def test_model_lemmas_find_inflected_forms(analyzer, nlp):
    text = "Les putschistes ont tenté deux coups d'État et des attentats."
    hits = analyzer.analyze(Article("t", "t", "", text), nlp(text)).tables["tone_hits"]
    assert {(h["lemma"], h["category"]) for h in hits} >= {("coup d'état", "loaded"), ("attentat", "negative")}


@pytest.mark.slow
def test_model_proper_nouns_are_not_tone_words(analyzer, nlp):
    text = "Joe Biden est arrivé à la Maison Blanche avec Marie Heureux."
    hits = analyzer.analyze(Article("t", "t", "", text), nlp(text)).tables["tone_hits"]
    assert [h for h in hits if h["text"] == "Heureux"] == []


@pytest.mark.slow
def test_seed_article_loaded_terms(analyzer, nlp, seed_text):
    result = analyzer.analyze(Article("s", "s", "", seed_text), nlp(seed_text))
    loaded = [h["lemma"] for h in hits_of(result, "loaded")]
    assert loaded.count("coup d'état") == 2 and loaded.count("zombie") == 2
    assert {"apocalypse", "fiasco", "invasion"} <= set(loaded)
    for hit in result.tables["tone_hits"]:
        assert seed_text[hit["start"]:hit["end"]] == hit["text"]


@pytest.fixture(scope="module")
def seed_text() -> str:
    from pathlib import Path

    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("000_*.txt"))
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    seeds = seeds or sorted(shared.glob("000_*.txt"))
    if not seeds:
        pytest.skip("no seed article in seeds/ or ../shared/seeds")
    return seeds[0].read_text(encoding="utf-8")


@pytest.mark.slow
def test_remembered_word_keys_are_each_tokens_keys(nlp, seed_text):
    """The per-(form, lemma) memo gives every token the keys and the word count that
    `token_keys` and `count_words` give it, on a real article read twice."""
    word_keys = WordKeys()
    doc = nlp(seed_text)
    for _ in range(2):
        keys, words = word_keys.of(doc)
        assert keys == [token_keys(token) for token in doc]
        assert words == count_words(doc) > 500


def test_remembered_keys_follow_a_lemma_set_by_hand(blank):
    word_keys = WordKeys()
    plain = blank("Les attentats")
    lemmatised = blank("Les attentats")
    lemmatised[1].lemma_ = "attentat"
    assert word_keys.of(plain)[0][1] == ("attentats",)
    assert word_keys.of(lemmatised)[0][1] == ("attentat", "attentats")
