"""Readability: syllables, words, sentences, Kandel–Moles and LIX on the body."""
from __future__ import annotations

import runpy
from pathlib import Path

import pytest
import spacy

from analysis.models import Article, Segment
from analysis.readability import count_syllables, create, measure, split_sentences, words_in
from analysis.settings import Settings

HAND_CHECKED = ("Le chat dort. Il fait beau. Les oiseaux chantent dans les arbres. C'est l'été. "
                "Il n'y a pas de nuages.")


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("fr")


def analyze(blank, article: Article) -> dict:
    return create(Settings()).analyze(article, blank(article.text)).metrics


@pytest.mark.parametrize(
    "word, syllables",
    [
        ("chat", 1), ("oiseaux", 2), ("été", 2), ("beau", 1),
        ("chantent", 1), ("arbres", 1), ("nuages", 2), ("idée", 2), ("rue", 1),  # mute e / -ent
        ("le", 1), ("les", 1), ("une", 1), ("être", 1),  # a lone e is spoken
        ("moment", 2), ("vraiment", 2), ("président", 3), ("dorment", 1),  # spoken -ent
        ("quel", 1), ("guerre", 1), ("langue", 1), ("aigu", 2),  # qu, gu
        ("ouvrier", 3), ("client", 2), ("nation", 2), ("pitié", 2),  # i + vowel
        ("naïf", 2), ("Noël", 2), ("aéroport", 4), ("réunion", 3), ("nuit", 1),  # hiatus
        ("crayon", 2), ("yeux", 1), ("y", 1),  # y
        ("c'est", 1), ("l'été", 2), ("aujourd'hui", 3), ("Etats-Unis", 4), ("a-t-il", 2),
        ("X", 1),  # every word has a syllable
    ],
)
def test_spoken_syllables(word, syllables):
    assert count_syllables(word) == syllables


def test_hand_checkable_sentence_from_sources():
    metrics = measure([HAND_CHECKED])
    assert (metrics["words"], metrics["sentences"], metrics["syllables"]) == (20, 5, 23)
    assert metrics["kandel_moles"] == pytest.approx(118.3, abs=0.05)
    assert metrics["words_per_sentence"] == pytest.approx(4.0)
    assert metrics["syllables_per_word"] == pytest.approx(1.15)
    assert metrics["lix"] == pytest.approx(4.0 + 100 * 2 / 20)  # "oiseaux", "chantent"


def test_lix_counts_words_over_six_letters():
    # 4 words, 1 sentence, "gouvernement" and "présente" are long
    assert measure(["Le gouvernement présente tout."])["lix"] == pytest.approx(4 + 100 * 2 / 4)


def test_words_ignore_numbers_and_punctuation_and_keep_elisions_whole():
    assert words_in("L'homme a 44 ans, en 2022 (vraiment) !") == ["L'homme", "a", "ans", "en", "vraiment"]
    assert words_in("l' homme") == ["l' homme"]  # tokenised corpora


def test_sentence_splitter():
    text = ("M. Dupont est là. Il dit «Bonjour!» Puis il part... et revient (...) apocalypse. "
            "J. Biden parle? Oui.\nEt quand:\nFin")
    assert [s.strip() for s in split_sentences(text)] == [
        "M. Dupont est là.", "Il dit «Bonjour!»", "Puis il part... et revient (...) apocalypse.",
        "J. Biden parle?", "Oui.", "Et quand:", "Fin",
    ]


def test_only_body_segments_are_read(blank):
    title = "Un titre extraordinairement interminable"
    text = f"{title}\n\n{HAND_CHECKED}\n\nUne intertitre"
    body_start = len(title) + 2
    segments = (
        Segment("title", 0, len(title)),
        Segment("body", body_start, body_start + len(HAND_CHECKED)),
        Segment("subhead", body_start + len(HAND_CHECKED) + 2, len(text)),
    )
    metrics = analyze(blank, Article("t", "t", title, text, segments))
    assert metrics["kandel_moles"] == pytest.approx(118.3, abs=0.05)


def test_body_segments_each_end_a_sentence(blank):
    text = "Premier paragraphe sans point\n\nSecond paragraphe"
    segments = (Segment("body", 0, 29), Segment("body", 31, len(text)))
    assert analyze(blank, Article("t", "t", "", text, segments))["sentences"] == 2


def test_no_segments_means_the_whole_text(blank):
    assert analyze(blank, Article("t", "t", "", HAND_CHECKED))["words"] == 20


@pytest.mark.parametrize("text, segments", [("", ()), ("Titre seul", (Segment("title", 0, 10),)), ("42 !", ())])
def test_empty_body_gives_none(blank, text, segments):
    metrics = analyze(blank, Article("t", "t", "", text, segments))
    assert metrics["kandel_moles"] is None and metrics["lix"] is None
    assert metrics["words_per_sentence"] is None and metrics["syllables_per_word"] is None
    assert metrics["words"] == 0


def test_analyzer_interface():
    analyzer = create(Settings())
    assert analyzer.name == "readability" and analyzer.version.startswith("1-") and analyzer.components == ()


@pytest.mark.slow
def test_same_result_with_the_real_model(default_nlp):
    nlp = default_nlp
    article = Article("t", "t", "", HAND_CHECKED)
    assert create(Settings()).analyze(article, nlp(article.text)).metrics["syllables"] == 23


# --- shared data -------------------------------------------------------------------------------

@pytest.mark.shared
def test_ljl_reading_levels_come_out_in_order(shared_dir):
    csv_path = shared_dir / "data" / "readability_fr" / "readi_ljl_hotvector.csv"
    bench = runpy.run_path(str(Path(__file__).resolve().parents[1] / "bench" / "readability_levels.py"))
    means = bench["level_means"](csv_path)
    kandel_moles = [means[level]["kandel_moles"] for level in bench["LEVELS"]]
    assert kandel_moles == sorted(kandel_moles, reverse=True)
    assert all(means[level]["texts"] > 200 for level in bench["LEVELS"])
