"""A hostile corpus, built on the fly: every kind of bad input a user may drop in, each with what
must become of it (an article, or a rejection whose reason contains a phrase that says what to do).

`build(folder)` writes the files and returns {path relative to folder: expectation}; an
expectation is "article", ("article", check) or ("rejected", phrase). Zip members are named
"archive.zip/member". Files are read in sorted order, so of two copies the later one is the duplicate.
"""
from __future__ import annotations

import io
import json
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

BODY = ("Le Conseil fédéral a présenté mardi à Berne sa réforme des retraites. Élisabeth Baume-Schneider "
        "a déclaré: «Nous devons agir maintenant», devant la presse. Les syndicats dénoncent un projet "
        "injuste et promettent une mobilisation à l’automne; ça coûtera 5 € par mois.")
SAFE_BODY = BODY.replace("’", "'").replace("€", "EUR")  # latin-1 has no ’ nor €
MB = 1_000_000


def article(title: str, body: str = BODY) -> str:
    return f"{title}\n\n{body}\n"


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _html() -> str:
    return f"""<!doctype html><html><head><title>Réforme des retraites | Le Temps</title>
<script>alert("evil script"); document.cookie</script><style>body {{ color: red }}</style>
<meta property="og:site_name" content="Le Temps"></head>
<body onload="steal()"><nav>Accueil | Suisse | Monde</nav>
<iframe src="https://evil.example/track"></iframe>
<article><h1>Réforme des retraites</h1><p>{BODY}</p><script>var x = "evil inline";</script>
<p>Le débat reprendra en septembre au Parlement, où la gauche annonce un référendum.</p>
<iframe srcdoc="&lt;script&gt;evil()&lt;/script&gt;"></iframe></article>
<footer>© Le Temps — tous droits réservés</footer></body></html>"""


def _records() -> dict[str, bytes]:
    good = {"id": "r1", "title": "Bon record", "text": BODY, "date": "2024-08-13"}
    wrong_types = [
        {"id": "t1", "title": "Texte nombre", "text": 42},
        {"id": "t2", "title": "Texte objet", "text": {"p": "x"}},
        {"id": "t3", "title": {"oops": 1}, "text": BODY + " Titre objet.", "date": 20240813, "author": {"n": 1}},
        {"id": "t4", "title": "Liste mixte", "text": ["paragraphe", 3]},
        "pas un objet",
    ]
    lines = [json.dumps({"id": f"l{n}", "title": f"Ligne {n}", "text": f"{BODY} Ligne {n}."}) for n in range(4)]
    lines.insert(2, '{"id": "broken", "title": "Cassée", "text": "sans fin')
    return {
        "truncated.json": json.dumps([good, {**good, "id": "r2"}])[:-40].encode(),
        "wrong-types.json": json.dumps(wrong_types).encode(),
        "missing-fields.json": json.dumps([{"id": "m1", "title": "Sans texte"}, {"id": "m2"}, {}]).encode(),
        "empty-list.json": b"[]",
        "scalar.json": b"42",
        "one-broken-line.jsonl": "\n".join(lines).encode(),
        "truncated.csv": (f'id,title,text,date\nc1,Bonne ligne,"{BODY}",2024-08-13\nc2,Champs manquants\n'
                          f'c3,Coupée,"{BODY[:60]}').encode(),
        "dates.jsonl": "\n".join(json.dumps(r) for r in (
            {"id": "d1", "title": "Sans date", "text": BODY + " Sans date."},
            {"id": "d2", "title": "Date impossible", "text": BODY + " Impossible.", "date": "31 février 2012"},
            {"id": "d3", "title": "Date ISO impossible", "text": BODY + " ISO.", "date": "2012-13-45"},
        )).encode(),
    }


def _texts() -> dict[str, bytes]:
    rng = random.Random(6)
    return {
        "empty.txt": b"",
        "blank.txt": b"  \n\r\n\t \n",
        "binary.bin": bytes(rng.randrange(256) for _ in range(4096)),
        "stray-nul.txt": article("Un NUL égaré").encode().replace(b"Berne", b"Ber\x00ne"),
        "binary-no-nul.dat": bytes(rng.randrange(1, 256) for _ in range(4096)),
        "document.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "letter.docx": _zip({"word/document.xml": b"<w:document/>"}),
        "utf16-bom.txt": article("Texte en UTF-16").encode("utf-16"),
        "utf16-no-bom.txt": article("UTF-16 sans BOM").encode("utf-16-le"),
        "cp1252.txt": article("Texte Windows: l’œuvre coûte 5 €").encode("cp1252"),
        "latin1.txt": article("Texte latin-1: été à Genève", SAFE_BODY).encode("latin-1"),
        "mixed-endings.txt": "Fins de lignes mêlées\r\n\r\nPremier paragraphe.\rDeuxième ligne.\n\nTroisième, "
                             "avec une suite.\r\n".encode(),
        "page.html": _html().encode(),
        "dup-a.txt": article("Le même article").encode(),
        "dup-b.md": article("Le même article").replace("\n", "\r\n").encode("utf-8-sig"),
        "long-title.txt": ("T" * 10_000 + "\n\n" + BODY).encode(),
        "one-line.txt": (BODY * 3).encode(),
        "controls-rtl.txt": article("Contrôle\x07 et\u200f RTL\u202e marques", BODY.replace("Berne", "Ber\x01ne")
                                    .replace("presse", "pre\u200bsse\x1b")).encode(),
        **_records(),
    }


def _zips(texts: dict[str, bytes]) -> dict[str, bytes]:
    kept = ("empty.txt", "document.pdf", "cp1252.txt", "page.html", "one-broken-line.jsonl")
    return {
        "zz-bundle.zip": _zip({f"lot/{n}": texts[n] for n in kept} | {"lot/zip-only.txt": article("Seulement dans le zip").encode()}),
        "evil.zip": _zip({"../escape.txt": article("Évasion").encode(), "/etc/evil.txt": b"x",
                          "ok.txt": article("Sain et sauf dans evil.zip").encode(), "inner.zip": b"PK\x03\x04",
                          ".hidden.txt": b"x", "__MACOSX/._ok.txt": b"x"}),
        "bomb.zip": _zip({"zeros.txt": b"0" * (20 * MB)}),
        "damaged.zip": b"PK\x03\x04 this is not really a zip" + os.urandom(64),
    }


def _expectations() -> dict[str, object]:
    out: dict[str, object] = {
        "empty.txt": ("rejected", "the file is empty"),
        "blank.txt": ("rejected", "the file is empty"),
        "binary.bin": ("rejected", "binary"),
        "stray-nul.txt": ("rejected", "NUL bytes"),
        "binary-no-nul.dat": ("rejected", "binary"),
        "document.pdf": ("rejected", "PDF is not supported: export the text"),
        "image.png": ("rejected", "PNG image"),
        "letter.docx": ("rejected", "ZIP archive (a .docx"),
        "utf16-bom.txt": ("article", lambda a: a.title == "Texte en UTF-16"),
        "utf16-no-bom.txt": ("article", lambda a: a.title == "UTF-16 sans BOM"),
        "cp1252.txt": ("article", lambda a: a.title == "Texte Windows: l’œuvre coûte 5 €"),
        "latin1.txt": ("article", lambda a: a.title == "Texte latin-1: été à Genève"),
        "mixed-endings.txt": ("article", lambda a: "\r" not in a.text and "Deuxième ligne" in a.text),
        "page.html": ("article", lambda a: "evil" not in a.text and "alert" not in a.text
                      and "référendum" in a.text),
        "dup-a.txt": "article",
        "dup-b.md": ("duplicate", "dup-a.txt"),
        "long-title.txt": ("rejected", "setting max_title_chars"),
        "one-line.txt": ("rejected", "no article text after it"),
        "controls-rtl.txt": ("article", lambda a: not any(c in a.text for c in "\x01\x07\x1b\u200f\u202e\u200b")
                             and "Berne" in a.text and "presse" in a.text),
        "truncated.json": ("rejected", "looks cut off"),
        "wrong-types.json": [("rejected", "holds a int"), ("rejected", "holds an object"),
                             ("article", lambda a: a.title == "" and a.published is None and a.authors == ()),
                             ("rejected", "a list holding something else"), ("rejected", "not a JSON object")],
        "missing-fields.json": [("rejected", "has no text")] * 3,
        "empty-list.json": ("rejected", "empty list"),
        "scalar.json": ("rejected", "neither an article object"),
        "one-broken-line.jsonl": ["article", "article", ("rejected", "line 3 is not valid JSON"), "article", "article"],
        "truncated.csv": ["article", ("rejected", "has no text"), ("article", lambda a: a.text.endswith(BODY[:60]))],
        "dates.jsonl": [("article", lambda a: a.published is None)] * 3,
        "huge.txt": ("rejected", "setting max_file_mb"),
        "just-under-limit.txt": ("rejected", "setting max_article_chars"),
        "evil.zip/../escape.txt": ("rejected", "climbs out of the archive"),
        "evil.zip/etc/evil.txt": ("rejected", "absolute path"),
        "evil.zip/ok.txt": "article",
        "evil.zip/inner.zip": ("rejected", "an archive inside the archive"),
        "evil.zip/.hidden.txt": ("rejected", "hidden or system file"),
        "evil.zip/__MACOSX/._ok.txt": ("rejected", "hidden or system file"),
        "bomb.zip/zeros.txt": ("rejected", "possible zip bomb"),
        "damaged.zip": ("rejected", "the archive is damaged"),
        "zz-bundle.zip/lot/zip-only.txt": "article",
        # read last (sorted): its copies of the files above are duplicates of them
        "zz-bundle.zip/lot/empty.txt": ("rejected", "the file is empty"),
        "zz-bundle.zip/lot/document.pdf": ("rejected", "PDF is not supported"),
        "zz-bundle.zip/lot/cp1252.txt": ("duplicate", "cp1252.txt"),
        "zz-bundle.zip/lot/page.html": ("duplicate", "page.html"),
        "zz-bundle.zip/lot/one-broken-line.jsonl": [("duplicate", "one-broken-line.jsonl")] * 2
        + [("rejected", "line 3 is not valid JSON")] + [("duplicate", "one-broken-line.jsonl")] * 2,
    }
    return out


Expectation = str | tuple[str, str | Callable] | list


def build(folder: Path, huge_mb: float = 51) -> dict[str, Expectation]:
    """Write the hostile corpus into `folder`; {name: what must become of it}."""
    texts = _texts()
    for name, content in {**texts, **_zips(texts)}.items():
        (folder / name).write_bytes(content)
    with open(folder / "huge.txt", "wb") as big:  # over max_file_mb (50): refused before reading
        big.truncate(int(huge_mb * MB))
    line = ("Une phrase de remplissage pour un très long fichier. " * 20 + "\n").encode()
    (folder / "just-under-limit.txt").write_bytes(b"Titre\n\n" + line * int(49 * MB // len(line)))
    return _expectations()
