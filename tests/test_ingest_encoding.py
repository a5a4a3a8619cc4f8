"""Bytes to text: accents must survive every encoding a French file is likely to come in."""
from __future__ import annotations

import codecs

import pytest

from analysis.ingest.encoding import UndecodableError, decode_bytes
from analysis.ingest.normalize import normalize_paragraph, normalize_text, split_paragraphs

FRENCH = "L’été à Noël: le cœur «ça» coûte 5 € — déjà vu… Où est-ce?"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
def test_french_text_comes_back_unchanged(encoding: str) -> None:
    assert decode_bytes(FRENCH.encode(encoding)).text == FRENCH


def test_utf16_big_endian_with_bom() -> None:
    data = codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be")
    assert decode_bytes(data).text == FRENCH


def test_latin1_accents_are_not_mojibake() -> None:
    text = "Été à Noël, ça coûte déjà très cher à l'hôpital."
    decoded = decode_bytes(text.encode("latin-1"))
    assert decoded.text == text
    assert "Ã" not in decoded.text


def test_cp1252_quotes_are_not_read_as_latin1_controls() -> None:
    # 0x92 is ’ in cp1252 and an invisible control character in latin-1.
    decoded = decode_bytes("l’œuvre “complète”".encode("cp1252"))
    assert decoded.text == "l’œuvre “complète”"


def test_latin9_oe_ligature() -> None:
    assert decode_bytes("Le cœur à 5 €, déjà".encode("iso8859_15")).text == "Le cœur à 5 €, déjà"


def test_nul_bytes_without_bom_are_binary() -> None:
    with pytest.raises(UndecodableError, match="NUL"):
        decode_bytes(b"abc\x00\x01\x02def")


def test_bom_with_invalid_content_is_rejected() -> None:
    with pytest.raises(UndecodableError, match="UTF-8"):
        decode_bytes(codecs.BOM_UTF8 + b"caf\xe9")


def test_normalize_line_ends_controls_bidi_and_spaces() -> None:
    raw = "Titre\r\nLigne\u200e  avec\t\tdes   espaces\x07\r\r\n\n\nFin\u202e"
    assert normalize_text(raw) == "Titre\nLigne avec des espaces\n\nFin"


def test_normalize_composes_accents_and_keeps_french_no_break_space() -> None:
    decomposed = "e\u0301te\u0301\u00a0!"
    assert normalize_text(decomposed) == "été\u00a0!"


def test_paragraphs_by_blank_lines_join_hard_wraps() -> None:
    assert split_paragraphs("Une phrase\ncoupée.\n\nUne autre.") == ["Une phrase coupée.", "Une autre."]
    assert split_paragraphs("Un.\nDeux.") == ["Un.", "Deux."]
    assert normalize_paragraph("  a\n b  ") == "a b"
