"""Small helpers for the workbench tests (fixtures come from tests/ui/conftest.py)."""
from __future__ import annotations


def code_id(path: str) -> int:
    from app.coding.codebook import find_code

    return find_code(path).id


def make_codes(project, names):
    from app.coding import codebook

    return [codebook.create_code(project, name).id for name in names]


def when_modal(kind, act, seen=None):
    """Once a modal dialog of ``kind`` is open (and not one seen before), call ``act`` on it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen = seen if seen is not None else []

    def poll():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind) and modal not in seen:
            seen.append(modal)
            act(modal)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
