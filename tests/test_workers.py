"""Analysis in worker processes gives exactly what one process gives."""
import json
import os

import pytest

from analysis.pipeline import run_analysis
from analysis.settings import Settings
from analysis import workers
from analysis.store import Store
from analysis.workers import batched, worker_count


def test_worker_count_stays_at_one_for_small_runs():
    settings = Settings(workers=2, batch_size=10)
    assert worker_count(settings, 5) == 1      # one batch: not worth two model loads
    assert worker_count(settings, 30) == 1     # fewer than two batches per worker
    assert worker_count(settings, 40) == 2
    assert worker_count(Settings(workers=1, batch_size=10), 1000) == 1


def test_batched_keeps_order_and_the_last_short_batch():
    assert list(batched(range(5), 2)) == [[0, 1], [2, 3], [4]]


def export(db):
    with Store(db, read_only=True) as store:
        return [{k: v for k, v in r.items() if k != "source_path"} for r in store.export_records()]


@pytest.mark.slow
def test_two_workers_store_the_same_results_as_one(tmp_path, shared_dir):
    corpus = tmp_path / "corpus.jsonl"
    lines = (shared_dir / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl").read_text(
        encoding="utf-8").splitlines()[:8]
    corpus.write_text("\n".join(lines), encoding="utf-8")
    one = run_analysis([corpus], Settings(db=tmp_path / "one.duckdb", workers=1, batch_size=2))
    two = run_analysis([corpus], Settings(db=tmp_path / "two.duckdb", workers=2, batch_size=2))
    assert one.analysed == two.analysed == 8
    first, second = export(tmp_path / "one.duckdb"), export(tmp_path / "two.duckdb")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


@pytest.mark.slow
def test_a_dask_cluster_stores_the_same_results_as_one_process(tmp_path, shared_dir):
    distributed = pytest.importorskip("distributed")
    corpus = tmp_path / "corpus.jsonl"
    lines = (shared_dir / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl").read_text(
        encoding="utf-8").splitlines()[:6]
    corpus.write_text("\n".join(lines), encoding="utf-8")
    one = run_analysis([corpus], Settings(db=tmp_path / "one.duckdb", workers=1, batch_size=2))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        on_dask = run_analysis([corpus], Settings(db=tmp_path / "dask.duckdb", batch_size=2,
                                                  dask_address=cluster.scheduler_address))
    assert one.analysed == on_dask.analysed == 6
    first, second = export(tmp_path / "one.duckdb"), export(tmp_path / "dask.duckdb")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_worker_processes_start_with_one_blas_thread_and_a_users_choice_is_kept(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    with workers._one_blas_thread_per_process():
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
        assert os.environ["OMP_NUM_THREADS"] == "3"
    assert "OPENBLAS_NUM_THREADS" not in os.environ and os.environ["OMP_NUM_THREADS"] == "3"


def test_workers_started_under_streamlit_do_not_run_the_page(tmp_path, blank_model, monkeypatch):
    """Streamlit installs the page it runs as `__main__`; an upload analysed by the dashboard with
    worker processes must not have them import (and run) that page."""
    import sys
    import types

    from analysis.models import Article

    marker = tmp_path / "page-ran"
    page = tmp_path / "page.py"
    page.write_text(f"open({str(marker)!r}, 'w').close()\nraise SystemExit('the page ran in a worker')\n")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    articles = [Article(f"a{i}", "t", f"Titre {i}", f"Titre {i}\n\nPaul Martin a parlé {i} fois.") for i in range(8)]
    settings = Settings(model=blank_model, batch_size=2)
    done = list(workers.analyse_in_workers(articles, settings, 2))
    assert [a.id for a, _ in done] == [a.id for a in articles]
    assert not marker.exists()
    assert sys.modules["__main__"] is fake_main  # put back
