"""French (and ISO) dates to ISO 8601 strings.

Deterministic regular expressions rather than `dateparser`: dateparser reads almost anything as a
date ("1" becomes a day of this month), while a wrong date is worse than none here. Impossible
dates ("31 février 2012") give None. A date with a time comes out as "2024-08-13T08:40:00",
a date alone as "2024-08-13".
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from email.utils import parsedate_to_datetime

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}
_MONTH_ALTERNATION = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME = r"(?:\s*(?:,|à|a|-)?\s*(?P<hour>\d{1,2})\s*(?:[:h.])\s*(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
# "mardi 13 août 2024 à 08h40", "1er juin 2012", "29 mai 2012. -"
_TEXTUAL = re.compile(
    rf"(?P<day>\d{{1,2}})(?:er)?\s+(?P<month>{_MONTH_ALTERNATION})\.?\s+(?P<year>\d{{4}})" + _TIME,
    re.IGNORECASE,
)
# "13.08.2024, 08:40", "13/08/2024 08:40"; minutes are exactly two digits so that glued
# date-times ("08:4013.08.2024") split right.
_NUMERIC = re.compile(
    r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})"
    r"(?:,?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_date(raw: str | None) -> str | None:
    """The first date (with its time, if given) in `raw` as ISO 8601, or None."""
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    for parse in (_parse_iso, _parse_french, _parse_rfc2822):
        found = parse(raw)
        if found is not None:
            return found
    return None


def find_datetimes(line: str) -> list[str]:
    """Every date in a line, in order, as ISO strings (impossible ones left out)."""
    folded = _fold(line)
    matches = sorted([*_NUMERIC.finditer(folded), *_TEXTUAL.finditer(folded)], key=lambda m: m.start())
    found = (_from_match(m) for m in matches)
    return [iso for iso in found if iso is not None]


def dates_cover_line(line: str) -> bool:
    """True when the line is only date-times (a page's "published, updated" line)."""
    folded = _fold(line)
    rest = _NUMERIC.sub("", folded)
    rest = _TEXTUAL.sub("", rest)
    rest = re.sub(r"(?i)\b(?:publi[ée]e?|mis à jour|modifi[ée]e?|actualis[ée]e?|le|a|à|il y a)\b", "", rest)
    return len(rest.strip(" ,;:|/-–—()")) == 0 and bool(find_datetimes(line))


def _parse_iso(raw: str) -> str | None:
    match = _ISO.match(raw)
    if not match:
        return None
    value = match.group(0).replace(" ", "T")
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.date().isoformat() if len(value) == 10 else parsed.isoformat()


def _parse_french(raw: str) -> str | None:
    found = find_datetimes(raw)
    return found[0] if found else None


def _parse_rfc2822(raw: str) -> str | None:
    """RSS-style dates ("Tue, 13 Aug 2024 08:40:00 +0200")."""
    try:
        return parsedate_to_datetime(raw).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _from_match(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    month = parts["month"]
    month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
    try:
        day = date(int(parts["year"]), month_number, int(parts["day"]))
        if parts["hour"] is None:
            return day.isoformat()
        clock = time(int(parts["hour"]), int(parts["minute"]), int(parts["second"] or 0))
    except ValueError:
        return None
    return datetime.combine(day, clock).isoformat()


def _fold(text: str) -> str:
    """Accents off, same length, so "août" and "aout", "février" and "fevrier" match alike."""
    decomposed = (unicodedata.normalize("NFD", char) for char in text)
    return "".join(chars[0] for chars in decomposed)
