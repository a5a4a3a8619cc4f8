"""Uploads: files saved in a fresh folder, zip archives extracted safely (traversal, absolute
paths, links, hidden files, nested archives, size and ratio caps)."""
from __future__ import annotations

import io
import stat
import zipfile
from datetime import datetime

from dashboard import uploads

NOW = datetime(2024, 8, 13, 8, 40)


def zipped(members: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def reasons(result) -> dict[str, str]:
    return {name.split(": ", 1)[-1]: reason for name, reason, _ in result.skipped}


def test_plain_files_go_to_a_fresh_folder(tmp_path):
    result = uploads.save_uploads([("a.jsonl", b'{"text": "x"}'), ("../../b.txt", b"texte")], tmp_path, now=NOW)
    assert result.folder == tmp_path / "20240813-084000"
    assert sorted(p.name for p in result.saved) == ["a.jsonl", "b.txt"]
    assert all(p.parent == result.folder for p in result.saved)  # "../../" kept out
    again = uploads.save_uploads([("a.jsonl", b"y")], tmp_path, now=NOW)
    assert again.folder == tmp_path / "20240813-084000-2"


def test_hidden_and_empty_uploads_are_skipped(tmp_path):
    result = uploads.save_uploads([(".DS_Store", b"x"), ("vide.txt", b"")], tmp_path, now=NOW)
    assert result.saved == [] and reasons(result) == {".DS_Store": "skip_hidden", "vide.txt": "skip_empty"}


def test_zip_is_extracted_and_dangerous_members_refused(tmp_path):
    archive = zipped({"articles/un.txt": b"Premier article", "deux.jsonl": b'{"text": "b"}',
                      "../evil.txt": b"x", "/etc/cron.d/evil": b"x", "C:/evil.txt": b"x",
                      "a/../../evil2.txt": b"x", ".hidden/secret.txt": b"x", "__MACOSX/._un.txt": b"x",
                      "inner.zip": b"PK", "dossier/": b""}, links=("lien.txt",))
    result = uploads.save_uploads([("lot.zip", archive)], tmp_path, now=NOW)
    saved = sorted(p.relative_to(result.folder).as_posix() for p in result.saved)
    assert saved == ["lot/articles/un.txt", "lot/deux.jsonl"]
    assert (result.folder / "lot/articles/un.txt").read_bytes() == b"Premier article"
    assert reasons(result) == {"../evil.txt": "skip_parent", "/etc/cron.d/evil": "skip_absolute",
                               "C:/evil.txt": "skip_absolute", "a/../../evil2.txt": "skip_parent",
                               ".hidden/secret.txt": "skip_hidden", "__MACOSX/._un.txt": "skip_hidden",
                               "inner.zip": "skip_nested", "lien.txt": "skip_link"}
    assert not list(tmp_path.rglob("evil*"))


def test_zip_bomb_is_refused_by_ratio_and_by_total(tmp_path):
    bomb = zipped({"zeros.txt": b"0" * 2_000_000})
    result = uploads.save_uploads([("bomb.zip", bomb)], tmp_path, now=NOW)
    assert result.saved == [] and reasons(result) == {"zeros.txt": "skip_ratio"}
    big = zipped({"a.txt": b"x" * 600, "b.txt": b"y" * 600})
    result = uploads.save_uploads([("big.zip", big)], tmp_path, max_total_bytes=1000, max_ratio=1000)
    assert result.saved == [] and result.skipped[0][1] == "skip_too_big"


def test_a_broken_zip_is_reported(tmp_path):
    result = uploads.save_uploads([("cassé.zip", b"PK\x03\x04 not really")], tmp_path, now=NOW)
    assert result.saved == [] and result.skipped[0][1] == "skip_bad_zip"
