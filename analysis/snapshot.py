"""A readable copy of the store while an analysis writes it.

DuckDB lets no other process open a file, even read-only, while one process writes it, so during
`presslens analyze` (or an upload analysed by the dashboard) the dashboard could only serve the
views it had cached before. The writer therefore publishes a snapshot beside the store,
`<store>.snapshot`: the store checkpointed (its write-ahead log merged into the file, so the file
alone holds every committed batch) and copied, then renamed into place, so a reader opens either
the previous snapshot or the new one, never half of one. It is published when the run starts
(the store as the last run left it) and again between batches, at most every
`Settings.snapshot_seconds` and never so often that copying takes more than a twentieth of the
run; the writer removes it when the run ends and frees the store. The dashboard reads it only
while the store itself is locked (dashboard/data.py).

Cost: the disk space of a second store while a run lasts, and one file copy per publication
(0.14 s for a 450 MB store from the page cache on these machines; bench/RESULTS.md).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# Copying must not take more than this share of the run: the next snapshot waits at least
# COPY_SHARE_LIMIT⁻¹ times as long as the last copy took.
COPY_SHARE_LIMIT = 1 / 20


def snapshot_path(db: Path | str) -> Path:
    """Where the snapshot of the store `db` is published."""
    db = Path(db)
    return db.with_name(db.name + ".snapshot")


def publish(con: duckdb.DuckDBPyConnection, db: Path | str) -> None:
    """Checkpoint the store and publish a copy of it (call between transactions)."""
    db = Path(db)
    con.execute("CHECKPOINT")
    target = snapshot_path(db)
    partial = target.with_name(target.name + ".partial")
    _copy_in_another_process(db, partial)
    os.replace(partial, target)  # atomic: readers see the old snapshot or the new one


# DuckDB guards the store with a POSIX record lock, which the kernel drops as soon as the process
# closes ANY descriptor of that file: copying it here (open, read, close) would silently unlock
# the store for other writers. A child process's descriptors do not touch the writer's lock.
_COPY = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"


def _copy_in_another_process(source: Path, target: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _COPY, str(source), str(target)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise OSError(f"could not copy {source} to {target}: {done.stderr.strip().splitlines()[-1:]}")


def remove(db: Path | str) -> None:
    """Remove the snapshot (the run has ended and the store is readable again)."""
    target = snapshot_path(db)
    for leftover in (target, target.with_name(target.name + ".partial")):
        leftover.unlink(missing_ok=True)


@dataclass
class Publisher:
    """Publishes the snapshot of one store during one run, no more often than `every` seconds."""

    con: duckdb.DuckDBPyConnection
    db: Path
    every: float  # seconds; 0 or less: never publish
    clock: Callable[[], float] = time.monotonic
    _next: float = field(default=0.0, init=False)

    @property
    def enabled(self) -> bool:
        return self.every > 0

    def publish_now(self) -> None:
        if not self.enabled:
            return
        started = self.clock()
        publish(self.con, self.db)
        took = self.clock() - started
        self._next = self.clock() + max(self.every, took / COPY_SHARE_LIMIT)

    def publish_if_due(self) -> None:
        """After a batch is committed: publish when the interval has passed."""
        if self.enabled and self.clock() >= self._next:
            self.publish_now()
