"""person_filter.py: the features of a name the people rules keep, and the shipped model's decisions."""
from __future__ import annotations

import json
import math

import pytest
import spacy
from spacy.tokens import Doc, Span

from analysis import person_filter
from analysis.models import Article
from analysis.people import Mention, Person, default_rules, find_people
from analysis.person_filter import FEATURES, PersonFilter, default_filter, features, kept, lower_case_words


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("fr").vocab


def make_doc(vocab, words: str, pos: dict[int, str] | None = None,
             ents: list[tuple[int, int, str]] = ()) -> Doc:
    """A Doc from space-separated words, with parts of speech and entities by token index."""
    tokens = words.split(" ")
    doc = Doc(vocab, words=tokens, spaces=[True] * (len(tokens) - 1) + [False],
              pos=[(pos or {}).get(i, "X") for i in range(len(tokens))])
    doc.ents = [Span(doc, a, b, label=label) for a, b, label in ents]
    return doc


def person(doc: Doc, name: str, token_ranges: list[tuple[int, int]]) -> Person:
    mentions = []
    for a, b in token_ranges:
        span = doc[a:b]
        mentions.append(Mention(name, span.start_char, span.end_char, span.text))
    return Person(name, tuple(mentions))


def features_of(doc: Doc, people: list[Person], which: int = 0) -> dict[str, float]:
    return features(people[which], doc, default_rules(), lower_case_words(doc), people)


def test_features_are_shares_of_the_mentions_built_each_way(vocab):
    # "M. Durand a déclaré . Durand , le maire , part ."
    doc = make_doc(vocab, "M. Durand a déclaré . Durand , le maire , part .",
                   pos={2: "AUX", 3: "VERB", 10: "VERB"}, ents=[(1, 2, "PER"), (5, 6, "PER")])
    f = features_of(doc, [person(doc, "Durand", [(1, 2), (5, 6)])])
    assert f["before_civility"] == 0.5  # "M." before one mention of two
    assert f["before_start"] == 0.5  # the second opens a sentence
    assert f["after_verb"] == 0.5 and f["after_comma"] == 0.5
    assert f["ent_PER"] == 1.0 and f["ent_ORG"] == 0.0
    assert f["words_1"] == 1.0 and f["one_word_not_given"] == 1.0 and f["first_given"] == 0.0
    assert f["log_mentions"] == pytest.approx(math.log(3))
    assert set(f) <= FEATURES


def test_a_civility_glued_to_the_name_counts_as_one(vocab):
    doc = make_doc(vocab, "selon M.Houdré .", ents=[(1, 2, "ORG")])
    span = doc[1:2]
    houdre = Person("Houdré", (Mention("Houdré", span.start_char + 2, span.end_char, "Houdré"),))
    f = features_of(doc, [houdre])
    assert f["before_civility"] == 1.0 and f["before_speech"] == 1.0  # "selon" names a source
    assert kept([houdre], doc, default_rules(), default_filter()) == [houdre]


def test_a_word_the_text_also_writes_in_lower_case_and_a_name_in_a_list_of_persons(vocab):
    doc = make_doc(vocab, "Santé : la santé des Français . Étaient présents Louis Thorens , Olivier-Clottu et Marc Sunier .")
    sante = person(doc, "Santé", [(0, 1)])
    people = [sante, person(doc, "Louis Thorens", [(9, 11)]), person(doc, "Olivier-Clottu", [(12, 13)]),
              person(doc, "Marc Sunier", [(14, 16)])]
    assert features_of(doc, people, 0)["lower_elsewhere"] == 1.0
    listed = features_of(doc, people, 2)
    assert listed["in_a_list"] == 1.0
    # a hyphenated word opening on a given name reads as a given name
    assert listed["first_given"] == 1.0 and listed["hyphen"] == 1.0


def test_the_shipped_model_drops_a_common_word_and_keeps_a_titled_person(vocab):
    """The decisions a user sees, with the shipped weights: "Santé" opening a heading, which the text
    also writes in lower case, is no person; "M. Durand", who speaks, is one."""
    doc = make_doc(vocab, "Santé : la santé des Français inquiète . « Rien ne va » , a déclaré M. Durand .",
                   pos={6: "VERB", 14: "AUX", 15: "VERB"}, ents=[(0, 1, "LOC"), (16, 18, "PER")])
    sante, durand = person(doc, "Santé", [(0, 1)]), person(doc, "Durand", [(17, 18)])
    assert kept([sante, durand], doc, default_rules(), default_filter()) == [durand]


def test_the_threshold_decides_and_every_weight_names_a_feature(repo_root):
    data = json.loads((repo_root / "analysis" / "data" / "people" / "person_filter.json").read_text(encoding="utf-8"))
    assert 0.0 < data["threshold"] < 1.0
    assert set(data["weights"]) - {"bias"} <= FEATURES
    model = default_filter()
    assert model.threshold == data["threshold"]
    assert model.probability({}) == pytest.approx(1 / (1 + math.exp(-data["weights"]["bias"])))
    # a model that keeps nobody but titled names, and one that keeps everybody
    strict = PersonFilter({"bias": -10.0}, threshold=0.5)
    assert not strict.keeps({"words_2": 1.0}) and strict.keeps({"before_civility": 0.5})
    assert PersonFilter({"bias": 10.0}, threshold=0.5).keeps({})


def test_find_people_applies_the_filter_last_and_can_skip_it(vocab, monkeypatch):
    doc = make_doc(vocab, "Michel Durand parle .", ents=[(0, 2, "PER")])
    article = Article("t", "t", "", doc.text)
    assert [p.name for p in find_people(article, doc, filtered=False)] == ["Michel Durand"]
    monkeypatch.setattr(person_filter, "default_filter", lambda: PersonFilter({"bias": -10.0}, threshold=0.5))
    assert find_people(article, doc) == []
    assert [p.name for p in find_people(article, doc, filtered=False)] == ["Michel Durand"]


@pytest.mark.slow
def test_a_club_the_rules_keep_is_no_person_with_the_default_model(default_nlp):
    text = "Les joueurs de Mamelodi Sundowns ont gagné samedi. « Nous sommes prêts », a dit l'entraîneur Rhulani Mokwena."
    doc = default_nlp(text)
    article = Article("t", "t", "", text)
    unfiltered = {p.name for p in find_people(article, doc, filtered=False)}
    assert "Mamelodi" in unfiltered  # what the rules alone keep
    assert [p.name for p in find_people(article, default_nlp(text))] == ["Rhulani Mokwena"]


def test_the_people_analyzer_applies_the_filter_it_was_created_with(vocab):
    from analysis.people import PeopleAnalyzer, create
    from analysis.settings import Settings

    doc = make_doc(vocab, "Michel Durand parle .", ents=[(0, 2, "PER")])
    article = Article("t", "t", "", doc.text)
    assert create(Settings()).person_filter == default_filter()  # the shipped weights, read by create
    keeps_nobody = PeopleAnalyzer(default_rules(), PersonFilter({"bias": -10.0}, threshold=0.5))
    result = keeps_nobody.analyze(article, doc)
    assert result.tables["people"] == [] and result.metrics["count"] == 0
