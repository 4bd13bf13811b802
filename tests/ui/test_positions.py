"""PositionMap: code points (stored) <-> UTF-16 units (Qt), checked exhaustively."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.positions import PositionMap

SAMPLES = {
    "ascii": "plain ascii text",
    "empty": "",
    "emoji": "I 💔 this 😀",
    "zwj_family": "family: 👩\u200d👩\u200d👧\u200d👦 done",
    "flags": "🇺🇸🇫🇷 flags 🏳️\u200d🌈",
    "skin_tone": "👍🏽 ok",
    "combining": "cafe\u0301 e\u0301te\u0301 n\u0303",
    "arabic": "مرحبا بالعالم",
    "hebrew": "שלום עולם",
    "cjk": "我也是 #MeToo 運動",
    "astral_cjk": "𠀀𠀁 ext-B",
    "mixed": "Start 💔\nمرحبا 👩\u200d👧 e\u0301\n\nשלום 我 🇯🇵 end",
    "leading_astral": "😀abc",
    "trailing_astral": "abc😀",
    "only_astral": "😀😀😀",
    "newlines": "a\nb\n\nc\n",
}


def reference_qt(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_to_qt_matches_utf16_prefix_lengths(name):
    text = SAMPLES[name]
    pm = PositionMap(text)
    assert pm.cp_length == len(text)
    assert pm.qt_length == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        assert pm.to_qt(cp) == reference_qt(text, cp), (name, cp)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_to_cp_inverts_and_rounds_inside_pairs_outward(name):
    text = SAMPLES[name]
    pm = PositionMap(text)
    boundaries = {reference_qt(text, cp): cp for cp in range(len(text) + 1)}
    for qt in range(pm.qt_length + 1):
        if qt in boundaries:
            assert pm.to_cp(qt) == boundaries[qt]
            assert pm.to_cp(qt, round_up=True) == boundaries[qt]
        else:  # between the two halves of an astral character
            down, up = pm.to_cp(qt), pm.to_cp(qt, round_up=True)
            assert up == down + 1
            assert ord(text[down]) > 0xFFFF
            assert reference_qt(text, down) == qt - 1


def test_range_rounds_outward_to_whole_characters():
    text = "a💔b"
    pm = PositionMap(text)
    assert pm.range_to_cp(2, 2) == (1, 2)        # inside the pair: grows to the whole emoji
    assert pm.range_to_cp(3, 1) == (1, 2)        # reversed input is normalised
    assert pm.range_to_qt(2, 1) == (1, 3)


def test_clamps_out_of_range():
    pm = PositionMap("ab😀")
    assert pm.to_qt(-5) == 0 and pm.to_qt(99) == 4
    assert pm.to_cp(-1) == 0 and pm.to_cp(99) == 3


def test_bmp_fast_path_is_identity():
    pm = PositionMap("é中文 مرحبا")
    assert pm.all_bmp
    assert [pm.to_qt(i) for i in range(6)] == list(range(6))
    assert not PositionMap("😀").all_bmp


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_agrees_with_a_real_qt_document(qtbot, name):
    """Qt's own document: length and every selected substring agree with the map."""
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QPlainTextEdit

    text = SAMPLES[name]
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(text)
    doc = edit.document()
    pm = PositionMap(text)
    assert doc.characterCount() - 1 == pm.qt_length
    for start in range(len(text) + 1):
        for end in range(start, min(len(text), start + 4) + 1):
            cur = QTextCursor(doc)
            cur.setPosition(pm.to_qt(start))
            cur.setPosition(pm.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            assert cur.selectedText().replace("\u2029", "\n") == text[start:end]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_property_round_trip(text):
    pm = PositionMap(text)
    assert pm.qt_length == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        qt = pm.to_qt(cp)
        assert pm.to_cp(qt) == cp
        assert pm.to_cp(qt, round_up=True) == cp
        assert qt == reference_qt(text, cp)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "\u0301", "😀", "🇺🇸", "\u200d", "中", "ש", "\n", " "]), max_size=40))
def test_property_monotone_on_emoji_heavy_text(parts):
    text = "".join(parts)
    pm = PositionMap(text)
    qts = [pm.to_qt(cp) for cp in range(len(text) + 1)]
    assert qts == sorted(qts) and len(set(qts)) == len(qts)
    assert qts[-1] == pm.qt_length
