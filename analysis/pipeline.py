"""The way an article travels: files -> readers -> new or changed articles -> one spaCy pass ->
analyzers -> store. Shared by the CLI and the dashboard's Corpus page.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import duckdb

from analysis import people, snapshot
from analysis.aliases import apply_aliases, read_alias_file
from analysis.ingest import read_file
from analysis.models import Article, Rejection
from analysis.nlp import ModelNotFound, load_nlp, model_version
from analysis.registry import analyze_articles, analyzer_versions, create_analyzers
from analysis.settings import Settings
from analysis.store import Store, store_error
from analysis.workers import analyse_in_workers, analyse_on_dask, worker_count

Progress = Callable[[int, int], None]  # (articles done, articles to do)


@dataclass
class RunSummary:
    analysed: int = 0
    unchanged: int = 0
    removed: int = 0
    files: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        head = (f"{self.analysed} analysed, {self.unchanged} unchanged, "
                f"{len(self.rejected)} rejected ({self.files} files, {self.seconds:.1f} s)")
        return [head] + [f"  rejected {r.source_path}{' ' + r.record if r.record else ''}: {r.reason}"
                         for r in self.rejected]


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under the given files and folders, sorted, hidden files and folders skipped."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in parts):
                    yield child.resolve()
        elif path.exists():
            yield path.resolve()
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")


@dataclass
class _Plan:
    """What a run has to do, found by reading the changed files."""

    todo: dict[str, Article] = field(default_factory=dict)
    unchanged: int = 0
    files_done: list[tuple[str, int, int]] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)  # article id -> first source path this run


def _plan_file(store: Store, path: Path, settings: Settings, current: set[str], plan: _Plan, run_id: int) -> None:
    stat = path.stat()
    key = str(path)
    plan.files_done.append((key, stat.st_size, stat.st_mtime_ns))
    if store.file_unchanged(key, stat.st_size, stat.st_mtime_ns):
        plan.unchanged += len(store.articles_from(key))
        return
    items = []
    read = _read_with_ids(path, settings)
    stored_sources = store.article_sources([article_id for _, article_id in read if article_id is not None])
    for item, article_id in read:
        record = _record_label(item, key)
        if article_id is None:
            items.append(("rejected", record, None, item.reason))
            continue
        first = plan.seen.get(article_id)  # met earlier in this run, in this file or another
        stored = stored_sources.get(article_id)
        if first is None and stored is not None and not _from_input(stored, key):
            first = stored  # stored from another file by an earlier run
        if first is not None:
            items.append(("duplicate", record, article_id, f"same article as {first}"))
            continue
        plan.seen.setdefault(article_id, item.source_path)
        items.append(("article", record, article_id, None))
        if article_id in current:
            plan.unchanged += 1
        else:
            plan.todo[article_id] = item
    store.record_file(key, run_id, items)


def _read_with_ids(path: Path, settings: Settings) -> list[tuple[Article | Rejection, str | None]]:
    """The file's items, each with its article id (None for a rejection): Article.id hashes the
    whole text, so it is computed once here rather than at each use."""
    return [(item, None if isinstance(item, Rejection) else item.id) for item in read_file(path, settings)]


def _from_input(source_path: str, key: str) -> bool:
    """True when an article's source is this input file or a member of it (a zip)."""
    return source_path == key or source_path.startswith(key + "/")


def _record_label(item: Article | Rejection, key: str) -> str | None:
    """What the store calls the item within its input: the record, prefixed by the member's path
    inside a zip ("articles/a.jsonl, line 3")."""
    own = item.record if isinstance(item, Rejection) else item.source_id
    if not item.source_path.startswith(key + "/"):
        return own
    member = item.source_path[len(key) + 1:]
    if own is None or (isinstance(item, Article) and own == PurePosixPath(member).stem):
        return member
    return f"{member}, {own}"


def run_analysis(paths: Iterable[str | Path], settings: Settings, progress: Progress | None = None) -> RunSummary:
    """Ingest `paths` into the store and analyse every new, changed or stale article once.

    Faults come out as StoreError or ModelNotFound, whose messages say what to do."""
    started = time.perf_counter()
    files = list(iter_input_files(paths))
    user_aliases = read_alias_file(settings.alias_file)  # a bad alias file fails before any work
    analyzers = create_analyzers(settings)
    model, versions = checked_model_version(settings.model), analyzer_versions(analyzers)
    summary = RunSummary(files=len(files))
    opened = False
    try:
        with Store(settings.db) as store:
            opened = True
            publisher = snapshot.Publisher(store.con, store.path, settings.snapshot_seconds)
            _run(store, files, settings, analyzers, (model, versions), user_aliases, summary, progress, publisher)
    except duckdb.Error as exc:
        raise store_error(exc, settings.db) from exc
    finally:
        if opened:  # never another run's snapshot: only one that this run published
            snapshot.remove(settings.db)
    summary.seconds = time.perf_counter() - started
    return summary


def _run(store: Store, files: list[Path], settings: Settings, analyzers: list, produced_by: tuple,
         user_aliases: dict, summary: RunSummary, progress: Progress | None,
         publisher: snapshot.Publisher) -> None:
    model, versions = produced_by
    writer = _BatchWriter(store, store.begin_run(model, versions, [str(f) for f in files]), model, versions,
                          publisher)
    publisher.publish_now()  # the dashboard reads the store as the last run left it meanwhile
    current = store.current_ids(model, versions)
    plan = _Plan()
    with store.transaction():  # what each file became; its fingerprint only once it is analysed
        for path in files:
            _plan_file(store, path, settings, current, plan, writer.run_id)
    for article in store.stale_articles(model, versions):
        plan.todo.setdefault(article.id, article)
    if plan.todo:
        pairs = _analysed(list(plan.todo.values()), analyzers, settings)
        summary.analysed = writer.write(pairs, len(plan.todo), settings.batch_size, progress)
    with store.transaction():
        for key, size, mtime in plan.files_done:
            store.mark_file_done(key, size, mtime, writer.run_id)
        summary.removed = store.remove_orphans()
        automatic = people.merge_across_corpus(store.person_name_counts())
        store.set_person_aliases(apply_aliases(automatic, user_aliases))
        summary.unchanged = plan.unchanged
        summary.rejected = [Rejection(p, reason, record)
                            for p, record, _, reason in store.rejections([str(f) for f in files])]
        store.finish_run(writer.run_id, summary.analysed, summary.unchanged, len(summary.rejected))


def checked_model_version(name: str) -> str:
    """The model's version, or ModelNotFound saying what to do when it is missing or damaged."""
    return _explained_model_fault(name, model_version)


def checked_nlp(name: str):
    """The loaded model, or ModelNotFound saying what to do when it is missing or damaged."""
    return _explained_model_fault(name, load_nlp)


def _explained_model_fault(name: str, call: Callable):
    try:
        return call(name)
    except ModelNotFound as exc:
        if not Path(name).exists():
            raise
        raise _damaged_model(name, exc) from exc
    except Exception as exc:  # noqa: BLE001 - any failure to load is a damaged or incompatible model
        raise _damaged_model(name, exc) from exc


def _damaged_model(name: str, exc: Exception) -> ModelNotFound:
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    fix = (f"check or replace the model folder {name}" if Path(name).exists()
           else f"reinstall it with `pip install --force-reinstall {name.replace('_', '-')}`")
    return ModelNotFound(f"the spaCy model {name!r} is damaged or does not fit this spaCy version "
                         f"({type(exc).__name__}: {detail}): {fix}, or set PRESSLENS_MODEL (--model) "
                         "to another model")


def _analysed(articles: list[Article], analyzers: list, settings: Settings) -> Iterable:
    """(article, results) pairs, from worker processes when the run is big enough."""
    if settings.dask_address:
        return analyse_on_dask(articles, settings, settings.dask_address)
    workers = worker_count(settings, len(articles))
    if workers > 1:
        return analyse_in_workers(articles, settings, workers)
    nlp = checked_nlp(settings.model)  # loaded only when there is something to analyse
    return analyze_articles(articles, nlp, analyzers, settings.batch_size)


@dataclass
class _BatchWriter:
    """Saves analysed articles in batches, one transaction each, so a killed run loses at most
    the batch in flight and a rerun picks up where it stopped."""

    store: Store
    run_id: int
    model: str
    versions: dict[str, str]
    publisher: snapshot.Publisher  # the dashboard's readable copy, refreshed between batches

    def write(self, pairs: Iterable, total: int, batch_size: int, progress: Progress | None) -> int:
        done, batch = 0, []
        if progress:
            progress(0, total)
        for pair in pairs:
            batch.append(pair)
            if len(batch) >= batch_size:
                done += self._save(batch)
                batch = []
                if progress:
                    progress(done, total)
        done += self._save(batch)
        if progress:
            progress(done, total)
        return done

    def _save(self, batch: list) -> int:
        if not batch:
            return 0
        self.store.save_batch(self.run_id, self.model, self.versions, batch)
        self.publisher.publish_if_due()
        return len(batch)
