"""The CLI end to end on a temporary store, with the real spaCy model: analyze, export, rerun."""
import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from analysis.cli import main

pytestmark = pytest.mark.slow
SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_2040835600123645.txt"


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def export(capsys, db: Path) -> list[dict]:
    out = run(capsys, "export", "--db", str(db))
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


def test_analyze_then_rerun_analyses_nothing(capsys, tmp_path, corpus):
    db = tmp_path / "store.duckdb"
    first = run(capsys, "analyze", str(corpus), "--db", str(db))
    assert first.startswith("1 analysed, 0 unchanged, 0 rejected")
    second = run(capsys, "analyze", str(corpus), "--db", str(db))
    assert second.startswith("0 analysed, 1 unchanged, 0 rejected")


def test_seed_export_has_the_article_its_people_and_quotes(capsys, tmp_path, corpus):
    db = tmp_path / "store.duckdb"
    run(capsys, "analyze", str(corpus), "--db", str(db))
    [record] = export(capsys, db)
    assert record["source_id"] == "000_2040835600123645"
    assert record["title"] == "Musk à Trump: «Je pense que vous êtes le bon chemin»"
    assert record["published"] == "2024-08-13T08:40:00"
    assert record["section"] == "International"
    assert record["outlet"] == "watson"
    assert [p["name"] for p in record["people"][:2]] == ["Donald Trump", "Elon Musk"]
    names = {p["name"] for p in record["people"]}
    assert not names & {"Tesla", "X", "Keystone", "watson", "Trump", "Musk"}
    assert "Ceci pourrait également vous intéresser" not in record["text"]
    assert "On a pisté" not in record["text"]
    for quote in record["quotes"]:
        assert record["text"][quote["start"]:quote["end"]] == quote["text"]
        assert quote["kind"] in {"speech", "partial", "other"}
    speakers = {q["text"]: q["speaker"] for q in record["quotes"]}
    assert speakers["Je pense que les gens sous-estiment le risque d'une troisième guerre mondiale"] == "Elon Musk"
    assert record["tone"]["words"] > 500
    assert 0 < record["readability"]["kandel_moles"] < 120


def test_changed_file_is_reanalysed_and_its_old_version_removed(capsys, tmp_path, corpus):
    db = tmp_path / "store.duckdb"
    run(capsys, "analyze", str(corpus), "--db", str(db))
    seed_copy = corpus / SEED.name
    seed_copy.write_text(seed_copy.read_text(encoding="utf-8").replace("40 minutes", "45 minutes"),
                         encoding="utf-8")
    out = run(capsys, "analyze", str(corpus), "--db", str(db))
    assert out.startswith("1 analysed, 0 unchanged, 0 rejected")
    [record] = export(capsys, db)
    assert "45 minutes de retard" in record["text"]


def test_rejections_and_duplicates_are_reported_with_their_reason(capsys, tmp_path, corpus):
    db = tmp_path / "store.duckdb"
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    shutil.copy(SEED, corpus / "copy-of-seed.txt")
    out = run(capsys, "analyze", str(corpus), "--db", str(db))
    assert out.startswith("1 analysed, 0 unchanged, 2 rejected")
    assert "empty.txt" in out
    assert "same article as" in out
    assert len(export(capsys, db)) == 1


def test_export_csv_has_one_row_per_article(capsys, tmp_path, corpus):
    db = tmp_path / "store.duckdb"
    run(capsys, "analyze", str(corpus), "--db", str(db))
    rows = list(csv.DictReader(io.StringIO(run(capsys, "export", "--db", str(db), "--format", "csv"))))
    assert len(rows) == 1
    assert rows[0]["people"].startswith("Donald Trump (")
    assert float(rows[0]["readability_kandel_moles"]) > 0


def test_export_of_a_missing_store_is_a_clear_error(capsys, tmp_path):
    assert main(["export", "--db", str(tmp_path / "nope.duckdb")]) == 2
    assert "presslens analyze" in capsys.readouterr().err


def test_alias_file_renames_people_in_the_export(capsys, tmp_path, corpus):
    db = tmp_path / "store.duckdb"
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[aliases]\n"Elon Musk" = "Elon R. Musk"\n', encoding="utf-8")
    run(capsys, "analyze", str(corpus), "--db", str(db), "--aliases", str(aliases))
    [record] = export(capsys, db)
    names = [p["name"] for p in record["people"]]
    assert "Elon R. Musk" in names and "Elon Musk" not in names
    assert "Elon R. Musk" in {q["speaker"] for q in record["quotes"]}


def test_parquet_export_can_be_read_back_by_duckdb(capsys, tmp_path, corpus):
    import duckdb

    db = tmp_path / "store.duckdb"
    run(capsys, "analyze", str(corpus), "--db", str(db))
    folder = tmp_path / "parquet"
    run(capsys, "export", "--db", str(db), "--format", "parquet", "-o", str(folder))
    con = duckdb.connect()
    con.execute(f"IMPORT DATABASE '{folder}'")
    assert con.execute("SELECT title FROM articles").fetchone()[0].startswith("Musk à Trump")
    assert con.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] > 10
    # without importing: DuckDB queries the Parquet files in place
    in_place = duckdb.connect().execute(f"SELECT COUNT(*) FROM '{folder}/quotes.parquet'").fetchone()[0]
    assert in_place == con.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
