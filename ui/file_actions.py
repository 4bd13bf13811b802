"""File menu entries backed by app modules: Export ▸ (with progress), Import Codebook…,
Import REFI-QDA…, Merge Teammate's Project…, and the Review window."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QProgressDialog

from app.exchange.codebook_import import import_codebook
from app.errors import ChorusError
from app.exchange.exports import export, suffix_for
from app.team.merge import merge_project
from app.project import ProjectFileError
from app.exchange.refi import import_exchange_file
from ui import file_dialogs
from ui.actions import EXPORT_IDS, ActionId


class FileActions(QObject):
    def __init__(self, window, file_menu: QMenu, before):
        super().__init__(window)
        self.window = window
        self.review_window = None
        actions = window.actions
        export_menu = QMenu("&Export", file_menu)
        for action_id in EXPORT_IDS:
            export_menu.addAction(actions[action_id])
            actions[action_id].triggered.connect(lambda _c=False, f=action_id.value: self.export(f))
        file_menu.insertMenu(before, export_menu)
        for action_id, slot in ((ActionId.IMPORT_CODEBOOK, self.import_codebook),
                                (ActionId.IMPORT_EXCHANGE, self.import_exchange),
                                (ActionId.MERGE_PROJECT, self.merge_project),
                                (ActionId.REVIEW, self.open_review)):
            file_menu.insertAction(before, actions[action_id])
            actions[action_id].triggered.connect(slot)
        file_menu.insertSeparator(before)

    def export(self, fmt: str) -> None:
        project = self.window.session.project
        default = str(project.path.with_name(f"{project.path.stem}-{fmt}{suffix_for(fmt)}"))
        out = file_dialogs.save_file_name(self.window, "Export", default, project_path=project.path)
        if not out:
            return
        dialog = QProgressDialog(f"Exporting {fmt}…", "", 0, 0, self.window)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)

        def progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))
            QApplication.processEvents()

        try:
            result = export(project, fmt, Path(out), progress=progress)
        except (ChorusError, OSError) as exc:
            QMessageBox.warning(self.window, "Export failed", str(exc))
            return
        finally:
            dialog.close()
        self.window.statusBar().showMessage(f"Exported {result.rows} rows to {result.path.name}.", 10000)

    def import_codebook(self) -> None:
        path = file_dialogs.open_file_name(self.window, "Import codebook", "", "Codebooks (*.csv *.qdc);;All files (*)",
                                           project_path=self.window.session.project.path)
        if path:
            self._run("Import codebook", import_codebook, path)

    def import_exchange(self) -> None:
        path = file_dialogs.open_file_name(self.window, "Import REFI-QDA", "",
                                           "REFI-QDA (*.qdpx *.qde *.qdc);;All files (*)",
                                           project_path=self.window.session.project.path)
        if path:
            self._run("Import REFI-QDA", import_exchange_file, path)

    def merge_project(self) -> None:
        path = file_dialogs.open_file_name(self.window, "Merge teammate's project", "",
                                           "Chorus or REFI-QDA projects (*.chorus *.qdpx);;All files (*)",
                                           project_path=self.window.session.project.path)
        if path:
            self._run("Merge project", merge_project, path)

    def open_review(self) -> None:
        from ui.review.review_window import ReviewWindow

        if self.review_window is None:
            self.review_window = ReviewWindow(self.window.session, self.window)
            self.review_window.setWindowFlag(Qt.WindowType.Window, True)
            self.review_window.resize(1200, 760)
        self.review_window.show()
        self.review_window.raise_()

    def _run(self, title: str, fn, path: str) -> None:
        session = self.window.session
        try:
            report = session.perform(fn, session.project, Path(path))
        except (ChorusError, ProjectFileError, OSError) as exc:
            QMessageBox.warning(self.window, title, str(exc))
            return
        lines = report.lines() if hasattr(report, "lines") else [report.summary()]
        skipped = getattr(report, "skipped", [])
        box = QMessageBox(QMessageBox.Icon.Information, title, lines[0] + ".", parent=self.window)
        detail = "\n".join(list(lines[1:]) + list(skipped))
        if detail:
            box.setDetailedText(detail)
        box.open()
