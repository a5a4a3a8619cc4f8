"""Walking folders: every file ends as articles or rejections, duplicates and encodings handled."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from analysis.ingest import ingest_paths, read_file
from analysis.models import Article, Rejection
from analysis.settings import Settings

ARTICLE = "Été à Genève: les œuvres d’art\n\nLe musée a rouvert ses portes après des travaux à Noël. Ça coûte 5 €.\n"


def _by_name(items: list) -> dict[str, Article | Rejection]:
    return {Path(i.source_path).name: i for i in items}


def test_folders_are_walked_sorted_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "deux.txt").write_text("Deux\n\nTexte deux.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Un\n\nTexte un.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Caché\n\nTexte caché.", encoding="utf-8")
    (tmp_path / ".cache" / "x.txt").write_text("Cache\n\nTexte en cache.", encoding="utf-8")
    items = list(ingest_paths([tmp_path]))
    assert [i.title for i in items] == ["Un", "Deux"]


def test_same_article_twice_is_a_duplicate(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-8")
    first, second = ingest_paths([tmp_path])
    assert isinstance(first, Article)
    assert isinstance(second, Rejection)
    assert second.source_path.endswith("b.txt")
    assert second.reason == f"duplicate of {tmp_path / 'a.txt'}"


def test_duplicate_across_a_file_and_a_record(tmp_path: Path) -> None:
    record = {"id": "x1", "title": "Un titre", "text": "Le même texte."}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n" + json.dumps(record), encoding="utf-8")
    first, second = ingest_paths([tmp_path / "a.jsonl"])
    assert isinstance(first, Article) and isinstance(second, Rejection)
    assert second.reason.startswith(f"duplicate of {tmp_path / 'a.jsonl'}")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8-sig", "utf-16", "utf-8"])
def test_french_accents_decoded_right_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    text = ARTICLE if encoding != "latin-1" else ARTICLE.replace("œ", "oe").replace("’", "'").replace("€", "EUR")
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    (article,) = read_file(path)
    assert isinstance(article, Article)
    assert article.title == text.split("\n")[0]
    assert "après des travaux à Noël. Ça coûte" in article.text
    assert "\ufeff" not in article.text


def test_unreadable_inputs_are_rejected_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (tmp_path / "image.bin").write_bytes(b"\x00\x01\x02\x03binary\x00")
    (tmp_path / "title-only.txt").write_text("Seulement un titre\n", encoding="utf-8")
    items = _by_name(list(ingest_paths([tmp_path])))
    assert all(isinstance(i, Rejection) for i in items.values()), items
    assert "empty" in items["empty.txt"].reason
    assert "empty" in items["blank.txt"].reason
    assert items["doc.pdf"].reason.startswith("PDF is not supported: export the text")
    assert "binary" in items["image.bin"].reason
    assert "no article text" in items["title-only.txt"].reason


def test_pdf_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"%PDF-1.4 ...")
    (rejection,) = read_file(path)
    assert "PDF is not supported" in rejection.reason


def test_limits_from_settings(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Titre\n\n" + "Une phrase assez longue. " * 100, encoding="utf-8")
    (too_big_file,) = read_file(big, Settings(max_file_mb=0.001))
    assert isinstance(too_big_file, Rejection) and "max_file_mb" in too_big_file.reason
    (too_long,) = read_file(big, Settings(max_article_chars=500))
    assert isinstance(too_long, Rejection) and "max_article_chars" in too_long.reason
    (fine,) = read_file(big, Settings())
    assert isinstance(fine, Article)


def test_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "article.dat"
    path.write_text(ARTICLE, encoding="utf-8")
    (article,) = read_file(path)
    assert article.title == "Été à Genève: les œuvres d’art"
    assert article.source_id == "article"


def test_missing_path_is_a_rejection(tmp_path: Path) -> None:
    (rejection,) = ingest_paths([tmp_path / "absent.txt"])
    assert isinstance(rejection, Rejection) and "no such file" in rejection.reason


def test_read_file_never_raises_on_a_folder_or_unreadable_path(tmp_path: Path) -> None:
    (rejection,) = read_file(tmp_path)
    assert isinstance(rejection, Rejection) and "folder" in rejection.reason
    bom_only = tmp_path / "bom.txt"
    bom_only.write_bytes(codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le"))
    (rejection,) = read_file(bom_only)
    assert "empty" in rejection.reason
