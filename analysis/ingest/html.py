"""HTML pages, through trafilatura: main text, title, dates, author, site name as outlet.

We walk trafilatura's cleaned XML body rather than its plain text so that intertitles (<head>)
and quotes (<quote>) keep their kind.
"""
from __future__ import annotations

import trafilatura

from analysis.ingest.dates import parse_date
from analysis.ingest.normalize import normalize_paragraph
from analysis.ingest.segments import Part, build_article
from analysis.models import Article

_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S", "original_date": True, "extensive_search": True}


class NoMainTextError(ValueError):
    """trafilatura found no article text in the page."""


def read_html(html: str, source_path: str, source_id: str, language: str) -> Article:
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if document is None or document.body is None:
        raise NoMainTextError("no article text found in the HTML page (is it an index or a login page?): save the "
                              "article's own page, or copy its text into a .txt file")
    title = normalize_paragraph(document.title or "")
    body = _body_parts(document.body, title)
    if not body:
        raise NoMainTextError("no article text found in the HTML page (is it an index or a login page?): save the "
                              "article's own page, or copy its text into a .txt file")
    body = _mark_lead(body, normalize_paragraph(document.description or ""))
    return build_article(
        source_path, source_id, [Part("title", title), *body],
        published=_time_as_given(document.date),
        sections=tuple(document.categories or ()),
        outlet=(document.sitename or None),
        authors=_authors(document.author),
        url=document.url or None,
        language=document.language or language,
    )


def _body_parts(body, title: str) -> list[Part]:
    parts: list[Part] = []
    for element in body.iter("head", "p", "quote", "item"):
        if element.tag in ("p", "item") and element.getparent() is not None and element.getparent().tag == "quote":
            continue  # its text is taken with the quote
        text = normalize_paragraph(" ".join(element.itertext()))
        if not text or (element.tag == "head" and text == title):
            continue
        kind = {"head": "subhead", "quote": "pullquote"}.get(element.tag, "body")
        parts.append(Part(kind, text))
    return parts


def _mark_lead(parts: list[Part], description: str) -> list[Part]:
    """The first paragraph is the lead when it is the page's description (the chapô)."""
    if description and parts[0].kind == "body" and parts[0].text.startswith(description[:80]):
        return [Part("lead", parts[0].text), *parts[1:]]
    return parts


def _time_as_given(raw: str | None) -> str | None:
    """trafilatura fills a missing time with 00:00:00; a date alone is then just the date."""
    parsed = parse_date(raw)
    if parsed and parsed.endswith("T00:00:00"):
        return parsed[:10]
    return parsed


def _authors(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(name.strip() for name in raw.replace(";", ",").split(",") if name.strip())
