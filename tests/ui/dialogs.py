"""Answering modal dialogs from tests: poll for the next modal widget and act on it."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_modal(kind: type, act: Callable[[QWidget], None], seen: list | None = None) -> None:
    """Once a modal dialog of ``kind`` is open (and not one seen before), call ``act`` on it."""
    seen = seen if seen is not None else []

    def poll():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind) and modal not in seen:
            seen.append(modal)
            act(modal)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
