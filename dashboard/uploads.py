"""Files added from the browser -> a fresh folder under `settings.upload_dir`. Pure (no streamlit).

Uploads are untrusted. A zip archive is read member by member by `analysis.ingest.archive` (the
same safe reading as `presslens analyze` on a .zip: `../` and absolute paths, links, hidden files
and nested archives refused, total size and compression ratio capped) and each accepted member is
written under the upload folder. Each skipped entry is reported with a reason key (a
`dashboard.i18n` key) so the page can say why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from analysis.ingest.archive import Budget, Member, ZipLimits, is_hidden, member_problem, zip_entries

MAX_TOTAL_BYTES = 200 * 1024 * 1024  # 200 MB uncompressed per upload
MAX_RATIO = 100  # uncompressed / compressed, per zip member
MAX_MEMBERS = 5000
_UNSAFE_CHARS = re.compile(r"[^\w.\- ]+", re.UNICODE)
__all__ = ["UploadResult", "member_problem", "new_upload_folder", "save_uploads"]


@dataclass
class UploadResult:
    folder: Path
    saved: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str, dict]] = field(default_factory=list)  # (name, reason key, values)

    def skip(self, name: str, reason: str, **values) -> None:
        self.skipped.append((name, reason, values))


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
    limits = ZipLimits(max_total_bytes, max_ratio, MAX_MEMBERS)
    budget = Budget(max_total_bytes)  # shared by every file of this upload
    for name, content in files:
        base = PurePosixPath(name.replace("\\", "/")).name
        if is_hidden(PurePosixPath(base)):
            result.skip(name, "skip_hidden")
        elif not content:
            result.skip(name, "skip_empty")
        elif base.lower().endswith(".zip") or content[:4] == b"PK\x03\x04":
            _extract_zip(name, content, result, limits, budget)
        elif len(content) > budget.left:
            result.skip(name, "skip_too_big", mb=max_total_bytes // (1024 * 1024))
        else:
            budget.left -= len(content)
            result.saved.append(_write(result.folder, PurePosixPath(_safe_name(base)), content))
    return result


def _extract_zip(name: str, content: bytes, result: UploadResult, limits: ZipLimits, budget: Budget) -> None:
    stem = _safe_name(PurePosixPath(name.replace("\\", "/")).stem) or "archive"
    for entry in zip_entries(content, limits, budget):
        if isinstance(entry, Member):
            parts = [_safe_name(p) for p in entry.parts]
            result.saved.append(_write(result.folder, PurePosixPath(stem, *[p for p in parts if p]), entry.data))
        else:
            shown = name if entry.member is None else f"{name}: {entry.member}"
            result.skip(shown, entry.key, **entry.values)


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
