"""The Corpus page's analysis progress line: articles done of the total and the time left."""
from __future__ import annotations

import pytest

from dashboard.progress import ProgressLine, duration_left, progress_text, seconds_left


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("PRESSLENS_UI_LANGUAGE", "en")


def test_time_left_is_the_pace_so_far_times_the_articles_left():
    assert seconds_left(done=50, total=200, elapsed=30.0) == pytest.approx(90.0)
    # 40 articles analysed in 20 s since 10 were: 150 left take 75 s
    assert seconds_left(done=50, total=200, elapsed=20.0, since=10) == pytest.approx(75.0)


@pytest.mark.parametrize("done, total, elapsed, since", [
    (0, 100, 12.0, 0), (100, 100, 60.0, 0), (0, 0, 1.0, 0), (5, 100, 0.0, 0), (32, 100, 9.0, 32)])
def test_no_estimate_without_a_pace_or_once_finished(done, total, elapsed, since):
    assert seconds_left(done, total, elapsed, since) is None


def test_durations_in_english(english):
    assert duration_left(59) == "less than a minute left"
    assert duration_left(60) == "about 1 min left"
    assert duration_left(61) == "about 2 min left"  # rounded up: an estimate that runs out early annoys
    assert duration_left(59 * 60) == "about 59 min left"
    assert duration_left(3 * 3600 + 5 * 60) == "about 3 h 05 min left"


def test_durations_in_french(monkeypatch):
    monkeypatch.setenv("PRESSLENS_UI_LANGUAGE", "fr")
    assert duration_left(30) == "encore moins d'une minute"
    assert duration_left(4 * 60) == "encore environ 4 min"
    assert duration_left(2 * 3600 + 30 * 60) == "encore environ 2 h 30"


def test_progress_text_shows_the_estimate_once_there_is_a_pace(english):
    assert progress_text(0, 1000, 8.0) == "Analysis: 0 / 1000 articles"
    # 250 articles in 5 minutes: 750 left take 15 more
    assert progress_text(250, 1000, 300.0) == "Analysis: 250 / 1000 articles · about 15 min left"
    assert progress_text(1000, 1000, 1200.0) == "Analysis: 1000 / 1000 articles"


def test_progress_line_leaves_the_startup_out_of_the_pace(english):
    """The first batch took a minute (model loading), the next ones 10 s per 100 articles: the
    estimate follows the batches, not the startup."""
    now = [0.0]
    line = ProgressLine(clock=lambda: now[0])
    assert line(0, 1000) == "Analysis: 0 / 1000 articles"
    now[0] = 60.0
    assert line(100, 1000) == "Analysis: 100 / 1000 articles"  # one report of saved articles: no pace yet
    now[0] = 80.0
    assert line(300, 1000) == "Analysis: 300 / 1000 articles · about 2 min left"  # 700 at 10 s / 100
    now[0] = 150.0
    assert line(1000, 1000) == "Analysis: 1000 / 1000 articles"


def test_progress_line_in_french(monkeypatch):
    monkeypatch.setenv("PRESSLENS_UI_LANGUAGE", "fr")
    now = [0.0]
    line = ProgressLine(clock=lambda: now[0])
    line(0, 40)
    now[0] = 30.0
    line(10, 40)
    now[0] = 35.0
    assert line(20, 40) == "Analyse : 20 / 40 articles · encore moins d'une minute"
    now[0] = 36.0
    assert line(21, 40) == "Analyse : 21 / 40 articles · encore moins d'une minute"
