"""Regression guard for PySide6 6.12.0 on Python 3.11: every call of a C++ method that
returns void dropped one reference to None, until the interpreter aborted. Chorus
pins PySide6-Essentials<6.12; this test fails if a broken build sneaks in."""
from __future__ import annotations

import sys

import pytest

PySide6 = pytest.importorskip("PySide6")

CALLS = 20_000
NOISE = 100  # unrelated code may hold or release a few references to None


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def test_installed_pyside6_is_below_6_12():
    assert _version(PySide6.__version__) < (6, 12), (
        f"PySide6 {PySide6.__version__} is installed; 6.12.0 corrupts reference counts (see pyproject.toml)")


def test_void_calls_do_not_leak_references_to_none(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm-up")
    before = sys.getrefcount(None)
    for i in range(CALLS):
        label.setText("x")  # returns void, i.e. None
        label.setIndent(i % 3)
    after = sys.getrefcount(None)
    assert after >= before - NOISE, f"references to None fell by {before - after} over {2 * CALLS} void calls"
