"""An analyzer's version from what it is made of: its modules and its word lists.

Stored results carry the versions of the analyzers that produced them (`store.py`), so that results
of other code are analysed again. A hand-kept number fell behind the code more than once (quotes
said "18" through four sessions of rule changes, people "14" through two), and a user's stored
quotes and people then stayed as older code had made them. The digest of an analyzer's own files
changes whenever they do; the number in front of it still says when the output's form changed.
"""
from __future__ import annotations

from hashlib import sha256
from pathlib import Path

ANALYSIS = Path(__file__).resolve().parent


def source_digest(*parts: str) -> str:
    """Eight hex digits over the contents of these files and folders (relative to `analysis/`)."""
    digest = sha256()
    for path in sorted(files_of(parts)):
        digest.update(path.relative_to(ANALYSIS).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]


def files_of(parts: tuple[str, ...]) -> set[Path]:
    """The files named, and every file under the folders named, without bytecode caches."""
    found = set()
    for part in parts:
        path = ANALYSIS / part
        if not path.exists():
            raise FileNotFoundError(f"an analyzer's version reads {path}, which is missing")
        candidates = [path] if path.is_file() else path.rglob("*")
        found |= {p for p in candidates if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    return found
