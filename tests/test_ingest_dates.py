"""French dates as they appear on pages and in records, to ISO 8601."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, strategies as st

from analysis.ingest.dates import dates_cover_line, find_datetimes, parse_date

FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("29 mai 2012", "2012-05-29"),
    ("mardi 13 août 2024", "2024-08-13"),
    ("1er juin 2012", "2012-06-01"),
    ("13 aout 2024", "2024-08-13"),
    ("3 févr. 2020", "2020-02-03"),
    ("22 mai 2012. -", "2012-05-22"),
    ("13.08.2024, 08:40", "2024-08-13T08:40:00"),
    ("13/08/2024", "2024-08-13"),
    ("Publié le 13 août 2024 à 08h40", "2024-08-13T08:40:00"),
    ("2012-05-22", "2012-05-22"),
    ("2024-08-13T08:40:00", "2024-08-13T08:40:00"),
    ("2024-08-13 08:40", "2024-08-13T08:40:00"),
    ("2024-08-13T08:40:00+02:00", "2024-08-13T08:40:00+02:00"),
    ("Tue, 13 Aug 2024 08:40:00 +0200", "2024-08-13T08:40:00+02:00"),
])
def test_parse_date(raw: str, expected: str) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31 février 2012", "30.02.2024", "2012-13-01", "32 mai 2012",
                                 "13.08.2024, 25:10", "1", "hier", "", None])
def test_impossible_or_missing_dates_are_none(raw: str | None) -> None:
    assert parse_date(raw) is None


def test_glued_published_and_updated_times_split() -> None:
    assert find_datetimes("13.08.2024, 08:4013.08.2024, 08:55") == [
        "2024-08-13T08:40:00", "2024-08-13T08:55:00"]


def test_date_line_is_only_dates() -> None:
    assert dates_cover_line("13.08.2024, 08:4013.08.2024, 08:55")
    assert dates_cover_line("Publié le 13 août 2024")
    assert not dates_cover_line("Le 13.08.2024, le président a parlé.")
    assert not dates_cover_line("Rien à voir")


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 12, 31)))
def test_any_real_date_written_in_french_reads_back(day: date) -> None:
    day_word = "1er" if day.day == 1 else str(day.day)
    assert parse_date(f"{day_word} {FRENCH_MONTHS[day.month - 1]} {day.year}") == day.isoformat()


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)))
def test_any_swiss_numeric_datetime_reads_back(moment: datetime) -> None:
    line = moment.strftime("%d.%m.%Y, %H:%M")
    assert parse_date(line) == moment.replace(second=0, microsecond=0).isoformat()
