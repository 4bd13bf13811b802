"""Importing documents off the GUI thread, with a cancellable progress dialog and a
summary that lists rejected files with their reasons.

The worker runs app.articles.importing.import_paths in a QThread (peewee gives that thread its
own SQLite connection); the project's change notifications reach the GUI through the
session's queued signal. The whole batch becomes one undo step.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.changes import ChangeSet
from app.articles.importing import ImportReport, import_paths
from ui.project_session import ProjectSession
from ui.widgets.batch_preview_dialog import confirm_batches


class ImportWorker(QObject):
    progress = Signal(int, int, str)  # done, total, file name
    finished = Signal(object, list)  # ImportReport, [ChangeSet]

    def __init__(self, session: ProjectSession, paths: list[Path]):
        super().__init__()
        self._session = session
        self._paths = [Path(p) for p in paths]
        self._cancel = threading.Event()
        self._changesets: list[ChangeSet] = []
        self._thread_id: int | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def _collect(self, changeset: ChangeSet) -> None:
        if threading.get_ident() == self._thread_id:
            self._changesets.append(changeset)

    def run(self) -> None:
        project = self._session.project
        self._thread_id = threading.get_ident()
        project.add_listener(self._collect)
        try:
            report = import_paths(project, self._paths,
                                  progress=lambda i, n, p: self.progress.emit(i, n, Path(p).name),
                                  cancelled=self._cancel.is_set)
        finally:
            project.remove_listener(self._collect)
            project.db.close()  # this thread's connection only
        self.finished.emit(report, self._changesets)


class ImportController(QObject):
    done = Signal(object)  # ImportReport

    def __init__(self, session: ProjectSession, window: QWidget, show_summary: bool = True):
        super().__init__(window)
        self.session, self.window = session, window
        self.show_summary = show_summary
        self._thread: QThread | None = None
        self._worker: ImportWorker | None = None
        self._dialog: QProgressDialog | None = None
        self.last_report: ImportReport | None = None

    def busy(self) -> bool:
        return self._thread is not None

    # ARTICLES: news-database exports are previewed first (paths, parent) -> the paths to import
    confirm_batches = staticmethod(confirm_batches)

    def start(self, paths: list[Path]) -> bool:
        if self.busy() or not paths:
            return False
        paths = self.confirm_batches([Path(p) for p in paths], self.window)
        if not paths:
            return False
        self._worker = ImportWorker(self.session, paths)
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        if len(paths) > 1 or any(Path(p).is_dir() for p in paths):
            self._dialog = QProgressDialog("Importing…", "Cancel", 0, 0, self.window)
            self._dialog.setWindowTitle("Import documents")
            self._dialog.setMinimumDuration(300)
            self._dialog.canceled.connect(self._worker.cancel)
        self._thread.start()
        return True

    def _on_progress(self, done: int, total: int, name: str) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 1))
            self._dialog.setValue(done)
            self._dialog.setLabelText(f"Importing {name}…" if name else "Finishing…")

    def _on_finished(self, report: ImportReport, changesets: list) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        self._thread.quit()
        self._thread.wait()
        self._thread.deleteLater()
        self._worker.deleteLater()
        self._thread = self._worker = None
        n = len(report.imported)
        self.session.push_batch(f"Import {n} document{'s' if n != 1 else ''}", changesets)
        self.last_report = report
        self.done.emit(report)
        if self.show_summary and (report.rejected or report.duplicates or len(report.outcomes) > 1):
            self._summary(report)

    def _summary(self, report: ImportReport) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Import finished", report.summary() + ".", parent=self.window)
        problems = [o.message for o in report.rejected + report.duplicates + report.skipped]
        if problems:
            box.setInformativeText("Not imported:")
            box.setDetailedText("\n".join(problems))
            box.setIcon(QMessageBox.Icon.Warning if report.rejected else QMessageBox.Icon.Information)
        box.open()
