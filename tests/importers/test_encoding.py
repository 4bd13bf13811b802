import codecs
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from app.articles.importers import ImportRejected, decode_bytes

P = Path("sample.txt")


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        ("plain ascii".encode(), "plain ascii", "utf-8"),
        ("café 😀".encode("utf-8"), "café 😀", "utf-8"),
        (codecs.BOM_UTF8 + "café".encode(), "café", "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "café – א".encode("utf-16-le"), "café – א", "utf-16-le"),
        (codecs.BOM_UTF16_BE + "café – א".encode("utf-16-be"), "café – א", "utf-16-be"),
        (codecs.BOM_UTF32_LE + "x😀".encode("utf-32-le"), "x😀", "utf-32-le"),
        ("café – “quoted”".encode("cp1252"), "café – “quoted”", "cp1252"),
        ("é".encode("latin-1"), "é", "cp1252"),
        ("Le café était très bon, déjà vu à Noël.".encode("latin-1"),
         "Le café était très bon, déjà vu à Noël.", "cp1252"),
        ("Größe und Übermaß: „Straße“ für 5 €.".encode("cp1252"),
         "Größe und Übermaß: „Straße“ für 5 €.", "cp1252"),
        ("El niño, ¿verdad? ¡Sí! ÉTÉ À PARIS".encode("cp1252"),
         "El niño, ¿verdad? ¡Sí! ÉTÉ À PARIS", "cp1252"),
        ("déjà \x81 vu".encode("latin-1"), "déjà \x81 vu", "iso8859-1"),
    ],
)
def test_decodes(data, text, encoding):
    assert decode_bytes(data, P) == (text, encoding)


@pytest.mark.parametrize(
    "text, codec",
    [
        ("Привет, как дела? Это тестовый текст на русском языке.", "cp1251"),
        ("Καλημέρα, τι κάνεις; Αυτό είναι ένα κείμενο.", "cp1253"),
        ("Zażółć gęślą jaźń. Łódź jest piękna.", "cp1250"),
        ("日本語のテキストです。これはテストです。", "shift_jis"),
    ],
)
def test_non_western_single_and_double_byte_text(text, codec):
    assert decode_bytes(text.encode(codec), P)[0] == text


def test_crlf_is_left_for_normalize_text():
    assert decode_bytes(b"a\r\nb", P) == ("a\r\nb", "utf-8")


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"hello\x00world", "NUL"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "NUL"),
        (b"caf\xe9 " + b"\x81\x8d\x8f\x90\x9d" * 20, "undecodable"),
        ("“café” “naïve” ".encode() + b"\xff\xfe broken", "invalid UTF-8"),
        (bytes(range(1, 9)) * 50 + b"text", "control characters"),
    ],
)
def test_rejects(data, words):
    with pytest.raises(ImportRejected) as caught:
        decode_bytes(data, P)
    assert words in caught.value.reason
    assert str(caught.value) == f"sample.txt: {caught.value.reason}"
    assert "\n" not in caught.value.reason


_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"), min_size=1
)


@given(_TEXT)
def test_utf8_round_trip(text):
    assert decode_bytes(text.encode("utf-8"), P) == (text, "utf-8")


@given(_TEXT)
def test_utf16_with_bom_round_trip(text):
    assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), P)[0] == text
