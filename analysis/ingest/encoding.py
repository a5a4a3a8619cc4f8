"""Bytes to str: BOMs first, then strict UTF-8, then the likeliest Western legacy encoding.

Legacy French files are nearly always cp1252 (Windows) or latin-1/latin-9. cp1252 is a superset
of latin-1's printable range, so a latin-1 file decodes the same with it; the two differ only in
0x80-0x9F, where latin-1 has invisible C1 controls and cp1252 has ’ “ ” … œ €. We therefore pick
the candidate whose decoding has the most plausible characters, charset-normalizer's guess
included so that e.g. Mac Roman or non-Western files still come out right.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

_BOMS = (  # UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY_CANDIDATES = ("cp1252", "iso8859_15", "latin_1")
# Non-ASCII characters expected in Western European news text.
_PLAUSIBLE = set(
    "àâäáãåçéèêëíìîïñóòôöõúùûüýÿæœßÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸÆŒ"
    "«»‹›‘’‚“”„…–—•€£°§©®™·¿¡\u00a0\u202f"
)


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept; the message says what to do."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes) -> Decoded:
    """The text of a file's bytes, or UndecodableError with a reason a user can act on."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data, encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_strict(data, utf16)
    if b"\x00" in data:  # no editor writes NUL into text
        raise UndecodableError(
            "the file contains NUL bytes, so it is binary (or UTF-16/32 without a byte-order "
            "mark): save it as UTF-8 text"
        )
    try:
        decoded = Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        decoded = _decode_legacy(data)
    if _looks_binary(decoded.text):
        raise UndecodableError(
            "the file is mostly control characters, so it is binary (an image, an archive, a "
            "document?), not text: export the article's text and ingest that"
        )
    return decoded


# Text has almost no control characters; random bytes have one in eight.
MAX_CONTROL_SHARE = 0.05
MIN_CONTROLS = 8  # a few stray controls in a short text are noise, cleaned by normalize_text


def _looks_binary(text: str) -> bool:
    sample = text[:100_000]
    controls = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f") or "\x7f" <= c <= "\x9f")
    return controls > max(MIN_CONTROLS, MAX_CONTROL_SHARE * len(sample))


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when every other byte is NUL, as in Western text saved as UTF-16
    without a byte-order mark; None otherwise."""
    pairs = len(data) // 2
    if pairs < 4 or len(data) % 2:
        return None
    for encoding, high_bytes in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if high_bytes.count(0) >= 0.9 * pairs:
            return encoding
    return None


def _decode_strict(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as error:
        raise UndecodableError(
            f"the file looks like {encoding} (by its byte-order mark or its NUL bytes) but is not "
            f"valid {encoding} (byte {error.start}): save it again as UTF-8"
        ) from error


def _decode_legacy(data: bytes) -> Decoded:
    candidates = list(_LEGACY_CANDIDATES)
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None and guess.encoding not in candidates:
        candidates.append(guess.encoding)
    best: Decoded | None = None
    best_score = float("-inf")
    for encoding in candidates:  # ties keep the earlier, more common encoding
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = plausibility(text)
        if score > best_score:
            best, best_score = Decoded(text, encoding), score
    if best is None:
        raise UndecodableError("the file is not valid text in any known encoding: save it as UTF-8")
    return best


def plausibility(text: str) -> int:
    """Plausible non-ASCII characters minus implausible ones (controls, stray symbols)."""
    score = 0
    for char in text:
        if char < "\x80":
            continue
        score += 1 if char in _PLAUSIBLE else -1
    return score
