"""A .zip among the inputs: every member is read as a file of its own, safely (see archive.py).

Members' articles and rejections are named "archive.zip/folder/member.txt"; a refused member is a
rejection of that name with the reason.
"""
from __future__ import annotations

from pathlib import Path

from analysis.ingest import limits
from analysis.ingest.archive import Member, ZipLimits, reason_text, zip_entries
from analysis.ingest.content import read_bytes
from analysis.models import Article, Rejection
from analysis.settings import Settings


def is_zip_input(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def zip_limits(settings: Settings) -> ZipLimits:
    return ZipLimits(max_total_bytes=int(settings.max_upload_mb * 1_000_000),
                     max_ratio=settings.max_zip_ratio, max_members=settings.max_zip_members)


def read_zip(path: Path, settings: Settings) -> list[Article | Rejection]:
    too_big = limits.archive_too_big(path.stat().st_size, settings)
    if too_big:
        return [Rejection(str(path), too_big)]
    items: list[Article | Rejection] = []
    for entry in zip_entries(path, zip_limits(settings)):
        if isinstance(entry, Member):
            items += read_bytes(entry.data, member_path(path, entry.name), settings)
        else:
            where = str(path) if entry.member is None else str(member_path(path, entry.member))
            items.append(Rejection(where, reason_text(entry)))
    return items or [Rejection(str(path), "the archive holds no file: nothing to read")]


def member_path(archive: Path, name: str) -> Path:
    """Where a member is said to come from: "archive.zip/its/path" (a name, never opened)."""
    return Path(str(archive) + "/" + name.replace("\\", "/").lstrip("/"))
