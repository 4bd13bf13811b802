"""Decode the bytes of a text-like file: BOM, then UTF-8, then Western single-byte, then detection.

Order of decisions (see ``decode_bytes``):

1. A byte-order mark decides (UTF-32, UTF-16, UTF-8 with BOM).
2. Known binary signatures, NUL bytes and control characters reject the file.
3. Strict UTF-8.
4. Text that is mostly valid UTF-8 with some invalid bytes is rejected (damaged or mixed).
5. cp1252 (Latin-1 only when cp1252 cannot decode a byte) when the result reads like
   Western European text, unless the detector is confident it is Central European.
6. charset-normalizer's best guess; nothing found means undecodable.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from .document import ImportRejected

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive (or DOCX/XLSX)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"{\\rtf", "RTF document"),
)

# C0 controls other than tab, LF, VT, FF, CR, ESC (and DEL) do not occur in text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")
_CONTROL_RATIO = 0.01
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_WORD = re.compile(r"[^\W\d_]+")
# cp1252 letters that show up when Central European / Turkish text is read as cp1252.
_UNLIKELY_WESTERN = set("ðÐþÞýÝŸƒ")
# Punctuation that legitimately sits inside a word in Western text.
_IN_WORD_OK = set("'’‘-–—·.")
_CENTRAL_EUROPEAN = {"cp1250", "iso8859_2", "mac_latin2"}
_CENTRAL_LANGUAGES = {"Czech", "Slovak", "Polish", "Hungarian", "Croatian", "Slovene", "Romanian"}
_MAX_NON_ASCII_LETTERS = 0.4
_MIN_LETTERS_FOR_RATIO = 6
_SAMPLE_CHARS = 256 * 1024
DETECT_BYTES = 1024 * 1024
DAMAGE_SAMPLE_BYTES = 4 * 1024 * 1024


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, codec name) for *data* read from *path*, or raise ImportRejected.

    The text is decoded only, not normalised. Codec names are Python's canonical
    names (``codecs.lookup(x).name``), e.g. 'utf-8', 'utf-16-le', 'cp1252', 'iso8859-1'.
    """
    if not data:
        raise ImportRejected(path, "empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _check_controls(_decode_strict(data[len(bom):], name, path), path), name
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            raise ImportRejected(path, f"binary file ({kind}), not text")
    if b"\x00" in data:
        raise ImportRejected(path, "contains NUL bytes (binary file, or UTF-16 without a BOM?)")
    try:
        return _check_controls(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    _reject_damaged_utf8(data, first_bad, path)
    western = _western(data)
    # The detector's time grows with the input (28 MB of cp1251 took 6 s): it looks at the
    # first DETECT_BYTES, and at the whole file only when that guess does not decode it.
    best = from_bytes(data[:DETECT_BYTES]).best()
    if western is not None and not _confidently_central(best):
        return _check_controls(western[0], path), western[1]
    if best is not None and len(data) > DETECT_BYTES:
        try:
            name = codecs.lookup(best.encoding).name
            return _check_controls(data.decode(name), path), name
        except UnicodeDecodeError:
            best = from_bytes(data).best()
    if best is None:
        raise ImportRejected(path, "undecodable bytes (unknown text encoding)")
    name = codecs.lookup(best.encoding).name
    return _check_controls(_decode_strict(data, name, path), path), name


def _decode_strict(data: bytes, name: str, path: Path) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise ImportRejected(path, f"undecodable bytes for {name} at byte {exc.start}") from None


def _check_controls(text: str, path: Path) -> str:
    if "\x00" in text:
        raise ImportRejected(path, "contains NUL characters (binary file?)")
    sample = text[:_SAMPLE_CHARS]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) * _CONTROL_RATIO):
        raise ImportRejected(path, "binary file (many control characters), not text")
    return text


def _reject_damaged_utf8(data: bytes, first_bad: int, path: Path) -> None:
    data = data[:DAMAGE_SAMPLE_BYTES]  # enough to judge, and bounded time on huge files
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if valid < 2:
        return
    invalid = len(data.decode("utf-8", errors="replace")) - len(data.decode("utf-8", errors="ignore"))
    if valid >= invalid:
        raise ImportRejected(
            path, f"undecodable bytes: invalid UTF-8 at byte {first_bad} (damaged or mixed encodings)"
        )


def _western(data: bytes) -> tuple[str, str] | None:
    """cp1252 (or Latin-1 for the few bytes cp1252 lacks) when it reads as Western text."""
    try:
        text, name = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, name = data.decode("latin-1"), "iso8859-1"
        if len(_C1.findall(text)) > max(1, len(text) // 1000):
            return None
    return (text, name) if looks_western(text) else None


def looks_western(text: str) -> bool:
    """Heuristic: does cp1252-decoded *text* read like Western European language text?

    Mis-decoded Cyrillic/Greek/CJK gives words made only of accented letters; Central
    European text gives symbols (¿ ³ ¹) inside words or letters such as ð þ ý.
    """
    text = text[:_SAMPLE_CHARS]
    letters = non_ascii = 0
    for word in _WORD.findall(text):
        letters += len(word)
        non_ascii += sum(1 for ch in word if ord(ch) > 127)
        if any(ch in _UNLIKELY_WESTERN for ch in word):
            return False
    if letters >= _MIN_LETTERS_FOR_RATIO and non_ascii / letters > _MAX_NON_ASCII_LETTERS:
        return False
    for before, mid, after in zip(text, text[1:], text[2:]):
        if ord(mid) > 127 and mid not in _IN_WORD_OK and before.isalpha() and after.isalpha():
            if not unicodedata.category(mid).startswith("L"):
                return False
    return True


def _confidently_central(best) -> bool:
    if best is None or best.encoding not in _CENTRAL_EUROPEAN:
        return False
    return best.language in _CENTRAL_LANGUAGES
