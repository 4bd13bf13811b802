"""The window's watch over its project: changes made by other programs (polled cheaply on
a timer and whenever the window is activated) and writes that failed (always shown).

Polling costs one ``PRAGMA data_version`` read when nothing changed; when another
program committed, ``Project.outside_changes()`` turns its audit entries into one change
set and the session refreshes the affected views (keeping the reader's scroll position
and the selection: views update from the change set, they are not rebuilt).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from ui.project_session import ProjectSession

POLL_MS = 500


class SessionWatch(QObject):
    def __init__(self, session: ProjectSession, window: QMainWindow, poll_ms: int = POLL_MS):
        super().__init__(window)
        self.session, self.window = session, window
        self.failures: list[str] = []  # every failure shown (tests read it)
        self._box: QMessageBox | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        session.writeFailed.connect(self.show_failure)
        window.installEventFilter(self)

    def poll(self) -> bool:
        return self.session.poll_outside()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            QTimer.singleShot(0, self.poll)
        return super().eventFilter(watched, event)

    def show_failure(self, message: str) -> None:
        """A change was not saved: the status bar says so, and a (non-blocking) box."""
        self.failures.append(message)
        self.window.statusBar().showMessage(f"Not saved: {message}", 15000)
        if self._box is None:
            self._box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", message, parent=self.window)
            self._box.setObjectName("writeFailedBox")
            self._box.finished.connect(self._box_closed)
        else:
            self._box.setText(message)
        self._box.setInformativeText("Nothing was changed. Your selection is kept: try again in a moment.")
        self._box.open()

    def _box_closed(self, _result: int) -> None:
        if self._box is not None:
            self._box.deleteLater()
            self._box = None

    def stop(self) -> None:
        self.timer.stop()


def is_retryable(exc: Exception) -> bool:
    """Worth asking again with what the user typed (the lock may be free in a moment)."""
    from app.errors import ProjectBusy

    return isinstance(exc, ProjectBusy)
