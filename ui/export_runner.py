"""Running one export off the GUI thread, with progress and Cancel.

Like the import (ui/import_controller.py), the worker runs in a QThread that gets its
own SQLite connection from peewee and closes it when done. Cancel makes the progress
callback raise ``ExportCancelled``: the export writes to a partial file that is removed,
so nothing half-written is left behind.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from app.errors import ChorusError
from app.exchange.exports import export


class ExportCancelled(ChorusError):
    """The researcher cancelled the export (nothing was written)."""


class ExportWorker(QObject):
    progress = Signal(int, int)
    finished = Signal(object, str)  # ExportResult | None, error message ('' when fine)

    def __init__(self, project, fmt: str, out: Path, filters):
        super().__init__()
        self.project, self.fmt, self.out, self.filters = project, fmt, Path(out), filters
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise ExportCancelled("export cancelled: nothing was written")
        self.progress.emit(done, total)

    def run(self) -> None:
        result, error = None, ""
        try:
            result = export(self.project, self.fmt, self.out, filters=self.filters, progress=self._progress)
        except (ChorusError, OSError) as exc:
            error = str(exc)
        finally:
            self.project.db.close()  # this thread's connection only
        self.finished.emit(result, error)


class ExportRunner(QObject):
    done = Signal(object, str)  # ExportResult | None, error ('' when fine)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.thread: QThread | None = None
        self.worker: ExportWorker | None = None

    def busy(self) -> bool:
        return self.thread is not None

    def start(self, project, fmt: str, out: Path, filters) -> ExportWorker:
        self.worker = ExportWorker(project, fmt, out, filters)
        self.thread = QThread(self)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self._finished)
        self.thread.start()
        return self.worker

    def _finished(self, result, error: str) -> None:
        self.thread.quit()
        self.thread.wait()
        self.thread.deleteLater()
        self.worker.deleteLater()
        self.thread = self.worker = None
        self.done.emit(result, error)
