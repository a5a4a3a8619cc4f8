"""Analysis on several cores: each worker process loads the model and the analyzers once, then
parses and analyses whole batches; only articles and their small results cross processes.

spaCy's own `nlp.pipe(n_process=...)` would send every Doc back to the parent to be analysed
there, serialising the analyzers on one core; here the parent only writes to the store.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from analysis.models import AnalyzerResult, Article
from analysis.settings import Settings

Analysed = tuple[Article, dict[str, AnalyzerResult]]

# per worker process, set once by _init_worker (module globals are the only state a Pool keeps)
_worker_state: dict = {}
# numpy's BLAS does the model's matrix products (analysis.nlp.NumpyMatmulOps); with one process
# per core, a thread pool in each would only fight the other processes for the cores
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def worker_count(settings: Settings, n_articles: int) -> int:
    """How many processes: settings.workers (0 = one per core), never more than the batches,
    and 1 when the work is too small to pay for loading the model in each process."""
    wanted = settings.workers or os.cpu_count() or 1
    batches = -(-n_articles // max(1, settings.batch_size))
    if batches < 2 * wanted:
        return 1
    return max(1, min(wanted, batches))


def _init_worker(settings: Settings) -> None:
    """Load the model and analyzers; a failure is kept and raised by the first batch, since a
    Pool whose initializer raises restarts its workers forever instead of failing."""
    from analysis.pipeline import checked_nlp
    from analysis.registry import create_analyzers

    try:
        _worker_state["nlp"] = checked_nlp(settings.model)
        _worker_state["analyzers"] = create_analyzers(settings)
    except Exception as exc:  # noqa: BLE001 - re-raised in the parent by _analyse_batch
        _worker_state["error"] = RuntimeError(str(exc))
    _worker_state["batch_size"] = settings.batch_size


def _analyse_batch(batch: list[Article]) -> list[Analysed]:
    from analysis.registry import analyze_articles

    if "error" in _worker_state:
        raise _worker_state["error"]
    return list(analyze_articles(batch, _worker_state["nlp"], _worker_state["analyzers"],
                                 _worker_state["batch_size"]))


def batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def analyse_in_workers(articles: Iterable[Article], settings: Settings, workers: int) -> Iterator[Analysed]:
    """(article, results) in input order, computed by `workers` processes."""
    context = multiprocessing.get_context("spawn")  # no fork of a parent holding DuckDB handles
    with _one_blas_thread_per_process(), _plain_main_module(), \
            context.Pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
        for analysed in pool.imap(_analyse_batch, batched(articles, settings.batch_size)):
            yield from analysed


@contextmanager
def _plain_main_module() -> Iterator[None]:
    """Streamlit installs the page it runs as `__main__` (so does its AppTest), and "spawn" starts
    each worker by importing the parent's `__main__` from its file: the workers of an upload
    analysed by the dashboard would run the dashboard. They need nothing from `__main__`, so they
    are started while it is an empty module."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


@contextmanager
def _one_blas_thread_per_process() -> Iterator[None]:
    """Processes started inside inherit BLAS_THREAD_VARIABLES = 1 (BLAS reads them when it loads,
    before any code of ours runs in the child); a value the user set is kept."""
    added = [name for name in BLAS_THREAD_VARIABLES if name not in os.environ]
    os.environ.update({name: "1" for name in added})
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


# ----------------------------------------------------------------------------- Dask
IN_FLIGHT_PER_WORKER = 3  # batches queued per Dask worker: enough to keep it busy, not the corpus


def _analyse_batch_on_dask_worker(batch: list[Article], settings: Settings) -> list[Analysed]:
    """Runs on a Dask worker: loads the model and analyzers once per worker process."""
    if _worker_state.get("settings") != settings:
        _init_worker(settings)
        _worker_state["settings"] = settings
    return _analyse_batch(batch)


def analyse_on_dask(articles: Iterable[Article], settings: Settings, address: str) -> Iterator[Analysed]:
    """(article, results) computed on the Dask cluster at `address`, as batches complete.

    At most a few batches per worker are in flight, so a year of news never sits in the
    scheduler's memory at once; the caller writes each batch to the store as it arrives.
    """
    from distributed import Client, as_completed

    with Client(address) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        batches = batched(articles, settings.batch_size)
        first = [client.submit(_analyse_batch_on_dask_worker, b, settings, pure=False)
                 for b in islice(batches, workers * IN_FLIGHT_PER_WORKER)]
        pending = as_completed(first)
        for future in pending:
            yield from future.result()
            future.release()
            following = next(batches, None)
            if following is not None:
                pending.add(client.submit(_analyse_batch_on_dask_worker, following, settings, pure=False))
