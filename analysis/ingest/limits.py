"""The size limits of ingest (settings max_*), each refusal a sentence saying what to do."""
from __future__ import annotations

from analysis.models import Article, Rejection
from analysis.settings import Settings

# A single-article text this many times longer than max_article_chars is refused before it is
# parsed: cleaning never shrinks a text that much, and parsing 50 MB of text takes minutes.
RAW_TEXT_FACTOR = 2
# HTML carries markup, scripts and styles around its text: allow more before refusing unparsed.
RAW_HTML_FACTOR = 25


def file_too_big(size_bytes: int, settings: Settings) -> str | None:
    size_mb = size_bytes / 1_000_000
    if size_mb <= settings.max_file_mb:
        return None
    return (f"the file is {size_mb:.1f} MB, more than the limit of {settings.max_file_mb:g} MB "
            "(setting max_file_mb): split it")


def archive_too_big(size_bytes: int, settings: Settings) -> str | None:
    size_mb = size_bytes / 1_000_000
    if size_mb <= settings.max_upload_mb:
        return None
    return (f"the archive is {size_mb:.1f} MB, more than the limit of {settings.max_upload_mb:g} MB "
            "(setting max_upload_mb): split it into smaller archives")


def raw_text_too_long(text: str, kind: str, settings: Settings) -> str | None:
    """Refuse before parsing a single-article text ("text" or "html") that cannot fit."""
    factor = RAW_HTML_FACTOR if kind == "html" else RAW_TEXT_FACTOR
    if kind not in ("text", "html") or len(text) <= factor * settings.max_article_chars:
        return None
    return too_long(len(text), settings)


def too_long(n_chars: int, settings: Settings) -> str:
    return (f"the article is {n_chars:,} characters long, more than the limit of "
            f"{settings.max_article_chars:,} (setting max_article_chars): is it several articles in one file?")


def check_article(item: Article | Rejection, settings: Settings, record: str | None) -> Article | Rejection:
    """The article, or its rejection when its text or its title is over the limits."""
    if not isinstance(item, Article):
        return item
    if not item.text.strip():
        return Rejection(item.source_path, "the article has no text once cleaned (only invisible or control "
                                           "characters): check the file's content and encoding", record=record)
    if len(item.text) > settings.max_article_chars:
        return Rejection(item.source_path, too_long(len(item.text), settings), record=record)
    if len(item.title) > settings.max_title_chars:
        return Rejection(item.source_path, f"the title is {len(item.title):,} characters long, more than the "
                                           f"limit of {settings.max_title_chars:,} (setting max_title_chars): "
                                           "put the title alone on the first line, the text after a blank line",
                         record=record)
    return item
