"""JSON, JSONL and CSV files: field-name variants, bad records rejected one by one."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.ingest import read_file
from analysis.models import Article, Rejection


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _parts(article: Article) -> list[tuple[str, str]]:
    return [(s.kind, article.text[s.start:s.end]) for s in article.segments]


def test_json_object_with_usual_fields(tmp_path: Path) -> None:
    record = {"id": 42, "title": "Le titre", "lead": "Le chapô.", "text": "Premier.\n\nSecond.",
              "date": "29 mai 2012", "url": "https://ex.org/a", "source": "Le Journal",
              "author": "Jeanne Dupont, Paul Martin", "section": "Monde", "language": "fr"}
    (article,) = read_file(_write(tmp_path / "one.json", json.dumps(record)))
    assert _parts(article) == [("title", "Le titre"), ("lead", "Le chapô."),
                               ("body", "Premier."), ("body", "Second.")]
    assert article.source_id == "42"
    assert article.published == "2012-05-29"
    assert article.url == "https://ex.org/a"
    assert article.outlet == "Le Journal"
    assert article.authors == ("Jeanne Dupont", "Paul Martin")
    assert article.sections == ("Monde",)


@pytest.mark.parametrize(("fields", "attribute", "expected"), [
    ({"body": "Corps."}, "text", "Titre\n\nCorps."),
    ({"content": "Corps."}, "text", "Titre\n\nCorps."),
    ({"text": "Corps.", "chapo": "Chapô."}, "text", "Titre\n\nChapô.\n\nCorps."),
    ({"text": "Corps.", "description": "Chapô."}, "text", "Titre\n\nChapô.\n\nCorps."),
    ({"text": "Corps.", "published": "2024-08-13T08:40:00"}, "published", "2024-08-13T08:40:00"),
    ({"text": "Corps.", "pubdate": "13.08.2024"}, "published", "2024-08-13"),
    ({"text": "Corps.", "outlet": "Le Temps"}, "outlet", "Le Temps"),
    ({"text": "Corps.", "site": "RTS"}, "outlet", "RTS"),
    ({"text": "Corps.", "authors": ["A. Un", "B. Deux"]}, "authors", ("A. Un", "B. Deux")),
    ({"text": "Corps.", "category": "Sport"}, "sections", ("Sport",)),
    ({"text": "Corps.", "lang": "de"}, "language", "de"),
    ({"text": "Corps.", "date": "31 février 2012"}, "published", None),
])
def test_field_name_variants(tmp_path: Path, fields: dict, attribute: str, expected: object) -> None:
    (article,) = read_file(_write(tmp_path / "v.json", json.dumps({"title": "Titre", **fields})))
    assert getattr(article, attribute) == expected


def test_json_list_and_wrapper(tmp_path: Path) -> None:
    records = [{"id": "a", "title": "A", "text": "Texte A."}, {"id": "b", "title": "B", "text": "Texte B."}]
    listed = read_file(_write(tmp_path / "list.json", json.dumps(records)))
    wrapped = read_file(_write(tmp_path / "wrap.json", json.dumps({"articles": records})))
    assert [a.source_id for a in listed] == ["a", "b"]
    assert [a.title for a in wrapped] == ["A", "B"]


def test_jsonl_broken_line_rejects_only_that_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": 1, "title": "Un", "text": "Texte un."}),
             '{"id": 2, "title": "Deux", "text": "pas fermé',
             json.dumps({"id": 3, "title": "Trois", "text": "Texte trois."}),
             json.dumps({"id": 4, "title": "Sans texte"})]
    items = read_file(_write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n"))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article", "Rejection"]
    assert items[1].record == "line 2" and "not valid JSON" in items[1].reason
    assert items[3].record == "line 4" and "no text" in items[3].reason
    assert [items[0].source_id, items[2].source_id] == ["1", "3"]


def test_invalid_json_file_is_one_rejection(tmp_path: Path) -> None:
    (rejection,) = read_file(_write(tmp_path / "bad.json", '{"title": "x", '))
    assert isinstance(rejection, Rejection) and "not valid JSON" in rejection.reason


def test_csv_with_semicolons_and_multiline_field(tmp_path: Path) -> None:
    csv_text = ('id;titre;body;pubdate;outlet\n'
                '7;Premier titre;"Premier paragraphe.\n\nSecond paragraphe.";1er juin 2012;Le Matin\n'
                '8;Deuxième titre;;2 juin 2012;Le Matin\n'
                '9;Troisième titre;Texte.;3 juin 2012;Le Matin\n')
    items = read_file(_write(tmp_path / "articles.csv", csv_text))
    first, missing, third = items
    assert _parts(first) == [("title", "Premier titre"), ("body", "Premier paragraphe."),
                             ("body", "Second paragraphe.")]
    assert first.published == "2012-06-01" and first.outlet == "Le Matin" and first.source_id == "7"
    assert isinstance(missing, Rejection) and missing.record == "line 5"
    assert third.source_id == "9" and third.published == "2012-06-03"


def test_records_without_id_get_file_based_ids(tmp_path: Path) -> None:
    lines = [json.dumps({"title": f"T{n}", "text": f"Texte {n}."}) for n in (1, 2)]
    items = read_file(_write(tmp_path / "noid.jsonl", "\n".join(lines)))
    assert [a.source_id for a in items] == ["noid#1", "noid#2"]
    (single,) = read_file(_write(tmp_path / "solo.json", json.dumps({"title": "T", "text": "X."})))
    assert single.source_id == "solo"


@pytest.mark.shared
def test_wikinews_sample(shared_dir: Path) -> None:
    source = shared_dir / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl"
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = read_file(source)
    assert len(articles) == 100 and all(isinstance(a, Article) for a in articles)
    by_id = {a.source_id: a for a in articles}
    assert set(by_id) == {r["id"] for r in records}
    for record in records:
        article = by_id[record["id"]]
        assert article.published == record["date"]  # None only where the record has no date
        assert article.title == record["title"]
        assert article.outlet == "fr.wikinews.org"
        body_start = next(s.start for s in article.segments if s.kind not in ("title", "lead"))
        # The body keeps the dateline and the record's text as is, so gold offsets still apply.
        assert article.text[body_start:] == record["text"]
    assert sum(a.published is not None for a in articles) >= 99
