"""The analysis progress line of the Corpus page: "n / total articles · about X min left".

Pure (no streamlit). The time left is the time per article times the articles left, as in the
CLI's tqdm bar, except that the pace is measured from the first saved batch on: the first batch
also waits for the worker processes to start and load the spaCy model (seconds to a minute), which
would make every early estimate of a small upload many times too long.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable

from dashboard.i18n import t


def seconds_left(done: int, total: int, elapsed: float, since: int = 0) -> float | None:
    """The seconds the `total - done` articles left should take at the pace of the `done - since`
    analysed in the last `elapsed` seconds; None without a pace yet, or once all are done."""
    analysed = done - since
    if analysed <= 0 or done >= total or elapsed <= 0:
        return None
    return elapsed / analysed * (total - done)


def duration_left(seconds: float) -> str:
    """"about 4 min left" in the interface language: under a minute said as such, whole minutes
    (rounded up) up to an hour, then hours and minutes; an estimate, so no seconds."""
    if seconds < 60:
        return t("eta_under_minute")
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return t("eta_minutes", m=minutes)
    return t("eta_hours", h=minutes // 60, m=f"{minutes % 60:02d}")


def progress_text(done: int, total: int, elapsed: float, since: int = 0) -> str:
    """The label: articles analysed of the total, then the time left when there is a pace (see
    seconds_left for `elapsed` and `since`)."""
    text = t("upload_progress", done=done, total=total)
    left = seconds_left(done, total, elapsed, since)
    return text if left is None else f"{text} · {duration_left(left)}"


class ProgressLine:
    """The label through one analysis run, called with each progress report (done, total): the
    pace counts from the first report of saved articles, so the startup is left out."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter):
        self.clock = clock
        self.first: tuple[int, float] | None = None  # (articles done, time) at the first saved batch

    def __call__(self, done: int, total: int) -> str:
        now = self.clock()
        if self.first is None and done > 0:
            self.first = (done, now)
        since, start = self.first or (done, now)
        return progress_text(done, total, now - start, since)
