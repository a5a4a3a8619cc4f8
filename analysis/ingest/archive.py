"""Zip archives, read safely: each member is an input, never written where the archive says.

Shared by `presslens analyze` (a .zip among the inputs) and the dashboard's uploads. Archives are
untrusted, so members are read one by one, never with `extractall`:
- a member whose path is absolute, has a drive letter, or climbs out with `..` is refused;
- symbolic links, nested archives and hidden or system files (`.x`, `__MACOSX/`, `Thumbs.db`) are
  refused;
- the total uncompressed size is capped (`ZipLimits.max_total_bytes`, shared across the archives
  of one upload through a `Budget`), and so is each member's compression ratio (`max_ratio`): a
  zip bomb is refused before it is read whole. Sizes are counted on the bytes actually read, not
  only on the sizes the archive declares, which it can lie about.

Each refusal is a `Skipped` with a reason key (also an i18n key of the dashboard) and its values;
`reason_text` turns it into a sentence a user can act on.
"""
from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MB = 1_000_000
CHUNK = 1 << 16
SYSTEM_NAMES = {"thumbs.db", "desktop.ini", "__macosx"}
ARCHIVES = (".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz")

REASONS = {
    "skip_absolute": "the archive member has an absolute path, refused for safety: extract the archive "
                     "yourself if you trust it",
    "skip_parent": "the archive member's path climbs out of the archive ('..'), refused for safety: "
                   "extract the archive yourself if you trust it",
    "skip_link": "the archive member is a symbolic link, refused for safety: put the file itself in the archive",
    "skip_hidden": "hidden or system file in the archive, skipped: nothing to do unless it is an article "
                   "(then rename it without the leading dot)",
    "skip_nested": "an archive inside the archive is not opened: extract it and give its files to presslens",
    "skip_ratio": "the archive member expands more than {ratio}:1 (setting max_zip_ratio), refused as a "
                  "possible zip bomb: extract it yourself if you trust it, or raise the setting",
    "skip_too_big": "the archive holds more than {mb} MB uncompressed (setting max_upload_mb): split it "
                    "into smaller archives",
    "skip_too_many": "the archive holds more than {n} files (setting max_zip_members): split it into "
                     "smaller archives",
    "skip_bad_zip": "the archive is damaged, encrypted or not a zip file: create it again, without a password",
    "skip_empty": "the file is empty",
}


@dataclass(frozen=True)
class ZipLimits:
    max_total_bytes: int = 200 * MB
    max_ratio: float = 100.0
    max_members: int = 5000


@dataclass
class Budget:
    """Uncompressed bytes still allowed, shared by every archive and file of one upload."""

    left: int


@dataclass(frozen=True)
class Member:
    name: str  # the member's path inside the archive, as the archive gives it
    data: bytes

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self.name.replace("\\", "/")).parts


@dataclass(frozen=True)
class Skipped:
    member: str | None  # None: the whole archive
    key: str
    values: dict = field(default_factory=dict)


def reason_text(skipped: Skipped) -> str:
    """The refusal as a sentence saying what to do."""
    return REASONS[skipped.key].format(**skipped.values)


def zip_entries(source: bytes | Path, limits: ZipLimits, budget: Budget | None = None) -> Iterator[Member | Skipped]:
    """Every file of the archive, read within the limits, or why it was refused."""
    budget = budget or Budget(limits.max_total_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        yield Skipped(None, "skip_bad_zip")
        return
    with archive:
        refusal = _archive_problem(members, limits, budget)
        if refusal:
            yield refusal
            return
        for member in members:
            entry = _entry(archive, member, limits, budget)
            if entry is not None:
                yield entry


def _archive_problem(members: list[zipfile.ZipInfo], limits: ZipLimits, budget: Budget) -> Skipped | None:
    if len(members) > limits.max_members:
        return Skipped(None, "skip_too_many", {"n": limits.max_members})
    if sum(m.file_size for m in members) > budget.left:  # declared sizes: refuse early
        return Skipped(None, "skip_too_big", {"mb": _mb(limits.max_total_bytes)})
    return None


def _entry(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ZipLimits,
           budget: Budget) -> Member | Skipped | None:
    """One member read, or why not; None for a folder entry."""
    name = member.filename
    problem = member_problem(member)
    if problem == "dir":
        return None
    if problem:
        return Skipped(name, problem)
    ratio_values = {"ratio": _ratio(limits.max_ratio)}
    if member.compress_size and member.file_size / member.compress_size > limits.max_ratio:
        return Skipped(name, "skip_ratio", ratio_values)
    limit = min(budget.left, int(max(member.compress_size, 1) * limits.max_ratio))
    try:
        data = _read_capped(archive, member, limit)
    except _TooBig:
        if limit == budget.left:
            return Skipped(name, "skip_too_big", {"mb": _mb(limits.max_total_bytes)})
        return Skipped(name, "skip_ratio", ratio_values)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        return Skipped(name, "skip_bad_zip")
    if not data:
        return Skipped(name, "skip_empty")
    budget.left -= len(data)
    return Member(name, data)


def member_problem(member: zipfile.ZipInfo) -> str | None:
    """Why a zip member must not be read (a reason key), "dir" for a folder, or None."""
    raw = member.filename.replace("\\", "/")
    if member.is_dir() or raw.endswith("/"):
        return "dir"
    if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw):
        return "skip_absolute"
    path = PurePosixPath(raw)
    if ".." in path.parts:
        return "skip_parent"
    if stat.S_ISLNK(member.external_attr >> 16):
        return "skip_link"
    if is_hidden(path):
        return "skip_hidden"
    if path.name.lower().endswith(ARCHIVES):
        return "skip_nested"
    return None


def is_hidden(path: PurePosixPath) -> bool:
    return any(p.startswith(".") or p.lower() in SYSTEM_NAMES for p in path.parts)


class _TooBig(Exception):
    pass


def _read_capped(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    chunks, total = [], 0
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > limit:
                raise _TooBig
            chunks.append(chunk)
    return b"".join(chunks)


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / MB:g}"


def _ratio(ratio: float) -> str:
    return f"{ratio:g}"
