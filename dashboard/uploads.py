"""Files added from the browser -> a fresh folder under `settings.upload_dir`. Pure (no streamlit).

Uploads are untrusted. A zip archive is extracted member by member, never with `extractall`:
- a member whose path is absolute, has a drive letter, or climbs out with `..` is refused;
- symbolic links, nested archives and hidden or system files (`.x`, `__MACOSX/`, `Thumbs.db`) are
  skipped;
- the total uncompressed size is capped (`max_total_bytes`), and so is each member's compression
  ratio (`max_ratio`): a zip bomb is refused before it is written. Sizes are counted on the bytes
  actually read, not only on the sizes the archive declares, which it can lie about.
Each skipped entry is reported with a reason key (an `dashboard.i18n` key) so the page can say why.
"""
from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

MAX_TOTAL_BYTES = 200 * 1024 * 1024  # 200 MB uncompressed per upload
MAX_RATIO = 100  # uncompressed / compressed, per zip member
MAX_MEMBERS = 5000
CHUNK = 1 << 16
SYSTEM_NAMES = {"thumbs.db", "desktop.ini", "__macosx"}
ARCHIVES = (".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz")
_UNSAFE_CHARS = re.compile(r"[^\w.\- ]+", re.UNICODE)


@dataclass
class UploadResult:
    folder: Path
    saved: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str, dict]] = field(default_factory=list)  # (name, reason key, values)

    def skip(self, name: str, reason: str, **values) -> None:
        self.skipped.append((name, reason, values))


class _TooBig(Exception):
    pass


def new_upload_folder(upload_dir: Path, now: datetime | None = None) -> Path:
    """A fresh folder per upload, named by its time, so files of two uploads never collide."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder, n = Path(upload_dir) / stamp, 1
    while folder.exists():
        n += 1
        folder = Path(upload_dir) / f"{stamp}-{n}"
    folder.mkdir(parents=True)
    return folder


def save_uploads(files: list[tuple[str, bytes]], upload_dir: Path, *, max_total_bytes: int = MAX_TOTAL_BYTES,
                 max_ratio: float = MAX_RATIO, now: datetime | None = None) -> UploadResult:
    """Write uploaded (name, content) pairs into a new folder under `upload_dir`, extracting zip
    archives safely; returns what was saved and what was skipped, with why."""
    result = UploadResult(new_upload_folder(upload_dir, now))
    budget = [max_total_bytes]  # bytes still allowed, shared by every file of this upload
    for name, content in files:
        base = PurePosixPath(name.replace("\\", "/")).name
        if _hidden(PurePosixPath(base)):
            result.skip(name, "skip_hidden")
        elif not content:
            result.skip(name, "skip_empty")
        elif base.lower().endswith(".zip") or content[:4] == b"PK\x03\x04":
            _extract_zip(name, content, result, budget, max_total_bytes, max_ratio)
        elif len(content) > budget[0]:
            result.skip(name, "skip_too_big", mb=max_total_bytes // (1024 * 1024))
        else:
            budget[0] -= len(content)
            result.saved.append(_write(result.folder, PurePosixPath(_safe_name(base)), content))
    return result


def _extract_zip(name: str, content: bytes, result: UploadResult, budget: list[int], max_total: int,
                 max_ratio: float) -> None:
    import io

    mb = max_total // (1024 * 1024)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        result.skip(name, "skip_bad_zip")
        return
    if len(members) > MAX_MEMBERS:
        result.skip(name, "skip_too_many", n=MAX_MEMBERS)
        return
    if sum(m.file_size for m in members) > budget[0]:  # declared sizes: refuse early
        result.skip(name, "skip_too_big", mb=mb)
        return
    stem = _safe_name(PurePosixPath(name.replace("\\", "/")).stem) or "archive"
    with archive:
        for member in members:
            shown = f"{name}: {member.filename}"
            reason = member_problem(member)
            if reason == "dir":
                continue
            if reason:
                result.skip(shown, reason)
                continue
            if member.compress_size and member.file_size / member.compress_size > max_ratio:
                result.skip(shown, "skip_ratio", ratio=int(max_ratio))
                continue
            limit = min(budget[0], int(max(member.compress_size, 1) * max_ratio))
            try:
                data = _read_capped(archive, member, limit)
            except _TooBig:
                key = "skip_too_big" if limit == budget[0] else "skip_ratio"
                result.skip(shown, key, mb=mb, ratio=int(max_ratio))
                continue
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
                result.skip(shown, "skip_bad_zip")
                continue
            if not data:
                result.skip(shown, "skip_empty")
                continue
            budget[0] -= len(data)
            parts = [_safe_name(p) for p in PurePosixPath(member.filename).parts]
            result.saved.append(_write(result.folder, PurePosixPath(stem, *[p for p in parts if p]), data))


def member_problem(member: zipfile.ZipInfo) -> str | None:
    """Why a zip member must not be extracted (an i18n reason key), "dir" for a folder, or None."""
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
    if _hidden(path):
        return "skip_hidden"
    if path.name.lower().endswith(ARCHIVES):
        return "skip_nested"
    return None


def _hidden(path: PurePosixPath) -> bool:
    return any(p.startswith(".") or p.lower() in SYSTEM_NAMES for p in path.parts)


def _read_capped(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    chunks, total = [], 0
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > limit:
                raise _TooBig
            chunks.append(chunk)
    return b"".join(chunks)


def _safe_name(part: str) -> str:
    """A path component with only letters, digits, '.', '-', '_' and spaces; never '.' or '..'."""
    cleaned = _UNSAFE_CHARS.sub("_", part).strip(" .")
    return cleaned[:120] or "_"


def _write(folder: Path, relative: PurePosixPath, data: bytes) -> Path:
    target = folder.joinpath(*relative.parts)
    root = folder.resolve()
    if root not in target.resolve().parents:  # belt and braces after the checks above
        raise ValueError(f"refusing to write outside {folder}: {relative}")
    target.parent.mkdir(parents=True, exist_ok=True)
    n, candidate = 1, target
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
    candidate.write_bytes(data)
    return candidate
