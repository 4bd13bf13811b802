from hypothesis import given, strategies as st

from app.text import normalize_text


def test_crlf_and_lone_cr_become_lf():
    assert normalize_text("a\r\nb\rc\nd\r\n\r\n") == "a\nb\nc\nd\n\n"


def test_leading_bom_stripped_only_at_start():
    assert normalize_text("\ufeffhi\ufeffthere") == "hi\ufeffthere"


def test_no_unicode_normalisation():
    decomposed = "e\u0301 \u212b"  # combining acute; angstrom sign
    assert normalize_text(decomposed) == decomposed


@given(st.text())
def test_idempotent_and_no_cr(text):
    once = normalize_text(text)
    assert "\r" not in once
    assert normalize_text(once) == once
