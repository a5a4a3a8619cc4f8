"""The dashboard's view state: one frozen `Filters`, to and from the URL, to SQL, in words.

Pure (no streamlit): the URL is the source of truth for a view, so a link reproduces what the
reader saw. Query parameter names are short and stable because people paste these links.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from dashboard import i18n

PEOPLE_MODES = ("any", "all")


def mode_labels() -> dict[str, str]:
    """How a mode is written in the URL: the label the sidebar shows, because a widget bound to the
    URL (st.segmented_control with bind="query-params") reads and writes its displayed labels."""
    return {"any": i18n.t("mode_any"), "all": i18n.t("mode_all")}


# A link made in either interface language opens in the other.
_MODE_FROM_LABEL = {i18n.STRINGS[lang][f"mode_{m}"]: m for lang in i18n.LANGUAGES for m in PEOPLE_MODES}

# Query parameter names, one per field; repeated parameters hold lists (?person=A&person=B).
PARAM = {"date_from": "from", "date_to": "to", "people": "person", "people_mode": "mode",
         "outlets": "outlet", "sections": "section", "languages": "lang", "search": "q",
         "article": "article"}
LIST_FIELDS = ("people", "outlets", "sections", "languages")


@dataclass(frozen=True)
class Filters:
    """What the reader restricts the corpus to, and which article is open."""

    date_from: date | None = None
    date_to: date | None = None
    people: tuple[str, ...] = ()
    people_mode: str = "any"  # "any": at least one of `people`; "all": every one of them
    outlets: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # the articles' language codes ("fr", "de")
    search: str = ""
    article: str | None = None  # the article open in the drill-down; does not restrict the corpus

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | list[str]]) -> Filters:
        """Read a URL's parameters; values may be strings or lists (repeated parameters).
        Malformed values are dropped rather than raised: a bad link still opens the dashboard."""
        mode = _last(params.get(PARAM["people_mode"])) or "any"
        mode = _MODE_FROM_LABEL.get(mode, mode)
        return cls(
            date_from=_parse_date(_last(params.get(PARAM["date_from"]))),
            date_to=_parse_date(_last(params.get(PARAM["date_to"]))),
            people=_values(params.get(PARAM["people"])),
            people_mode=mode if mode in PEOPLE_MODES else "any",
            outlets=_values(params.get(PARAM["outlets"])),
            sections=_values(params.get(PARAM["sections"])),
            languages=_values(params.get(PARAM["languages"])),
            search=(_last(params.get(PARAM["search"])) or "").strip(),
            article=_last(params.get(PARAM["article"])) or None,
        )

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The URL parameters of this view; empty values and defaults are omitted."""
        out: dict[str, str | list[str]] = {}
        for name, key in PARAM.items():
            value = getattr(self, name)
            if name == "people_mode":
                if value == "any" or not self.people:
                    continue
                value = mode_labels()[value]
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            if value:
                out[key] = value
        return out

    def without_article(self) -> Filters:
        """The same corpus restriction with no article open (the key for aggregate caches)."""
        return replace(self, article=None)

    @property
    def active(self) -> bool:
        return self.without_article() != Filters()

    def to_sql(self) -> tuple[str, list]:
        """A boolean SQL condition over `articles AS a` and its parameters ("TRUE" when the
        filters restrict nothing). Callers write `WHERE {condition}`."""
        clauses: list[str] = []
        params: list = []
        if self.date_from:
            clauses.append("a.published >= ?")
            params.append(datetime.combine(self.date_from, datetime.min.time()))
        if self.date_to:  # inclusive: the whole last day
            clauses.append("a.published < ?")
            params.append(datetime.combine(self.date_to + timedelta(days=1), datetime.min.time()))
        if self.people:
            clauses.append(_people_clause(self.people_mode))
            params.append(list(self.people))
            if self.people_mode == "all":
                params.append(len(set(self.people)))
        for column, values in (("outlet", self.outlets), ("section", self.sections),
                               ("language", self.languages)):
            if values:
                clauses.append(f"a.{column} IN (SELECT UNNEST(?))")
                params.append(list(values))
        if self.search:
            # contains() rather than LIKE, so "%" and "_" typed by the reader are literal
            clauses.append("(contains(lower(a.title), ?) OR contains(lower(a.text), ?))")
            params += [self.search.lower()] * 2
        return (" AND ".join(clauses) or "TRUE"), params

    def describe(self) -> str:
        """The active filters as a short phrase in the interface language, for chart subtitles."""
        t = i18n.t
        parts: list[str] = []
        if self.date_from or self.date_to:
            parts.append(_describe_dates(self.date_from, self.date_to))
        if self.people:
            joiner = t("joiner_all") if self.people_mode == "all" else t("joiner_any")
            parts.append(t("desc_person" if len(self.people) == 1 else "desc_people")
                         + joiner.join(self.people))
        if self.outlets:
            parts.append(t("desc_outlet") + ", ".join(self.outlets))
        if self.sections:
            parts.append(t("desc_section") + ", ".join(self.sections))
        if self.languages:
            parts.append(t("desc_language") + ", ".join(self.languages))
        if self.search:
            parts.append(t("desc_search", q=self.search))
        return t("desc_filters") + " · ".join(parts) if parts else t("whole_corpus")


def _people_clause(mode: str) -> str:
    if mode == "all":
        return ("a.id IN (SELECT article_id FROM people_corpus WHERE person IN (SELECT UNNEST(?)) "
                "GROUP BY article_id HAVING COUNT(DISTINCT person) = ?)")
    return "a.id IN (SELECT article_id FROM people_corpus WHERE person IN (SELECT UNNEST(?)))"


def _describe_dates(start: date | None, end: date | None) -> str:
    if start and end:
        return i18n.t("desc_between", start=format_date(start), end=format_date(end))
    if start:
        return i18n.t("desc_since", start=format_date(start))
    return i18n.t("desc_until", end=format_date(end))


def format_date(day: date) -> str:
    """13.08.2024: the day-first numeric form French-language newsrooms use."""
    return day.strftime("%d.%m.%Y")


def _last(value: str | list[str] | None) -> str | None:
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


def _values(value: str | list[str] | None) -> tuple[str, ...]:
    """A tuple of distinct non-empty values, in the order given."""
    items = [value] if isinstance(value, str) else list(value or [])
    return tuple(dict.fromkeys(v.strip() for v in items if v and v.strip()))


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
