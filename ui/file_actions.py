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
        """File dialog (a sensible name, the file type; never the project file), then for
        segment and codebook exports the filters the CLI has, then the export off the GUI
        thread with progress and Cancel (WORKBENCH: ui/widgets/export_dialog.py, ui/export_runner.py)."""
        from ui.export_runner import ExportRunner
        from ui.widgets.export_dialog import FILTERED, ExportDialog, file_type_filter

        project = self.window.session.project
        suffix = suffix_for(fmt)
        default = str(project.path.with_name(f"{project.path.stem}-{fmt.rsplit('-', 1)[0]}{suffix}"))
        out = file_dialogs.save_file_name(self.window, "Export", default, file_type_filter(suffix),
                                          project_path=project.path)
        if not out:
            return
        if not out.lower().endswith(suffix):
            out += suffix
        filters = None
        if fmt in FILTERED:
            from app.coding import queries

            options = ExportDialog(fmt.replace("-", " "), self.window.codebook.model.rows_in_order(),
                                   [name for _id, name in queries.coder_rows()], queries.document_titles(),
                                   self.window)
            if options.exec() != ExportDialog.DialogCode.Accepted:
                return
            filters = options.filters()
        from app.exchange.exports.common import ExportFilters

        dialog = QProgressDialog(f"Exporting to {Path(out).name}…", "Cancel", 0, 0, self.window)
        dialog.setObjectName("exportProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        self.export_runner = runner = getattr(self, "export_runner", None) or ExportRunner(self)
        worker = runner.start(project, fmt, Path(out), filters or ExportFilters())
        worker.progress.connect(lambda done, total: (dialog.setMaximum(max(total, 1)),
                                                     dialog.setValue(min(done, max(total, 1)))))
        dialog.canceled.connect(worker.cancel)

        def finished(result, error: str) -> None:
            runner.done.disconnect(finished)
            dialog.reset()
            dialog.deleteLater()
            if error:
                if "cancelled" in error:
                    self.window.statusBar().showMessage(error[0].upper() + error[1:] + ".", 8000)
                else:
                    QMessageBox.warning(self.window, "Export failed", error)
                return
            self.window.statusBar().showMessage(f"Exported {result.rows} rows to {result.path.name}.", 10000)
            self.last_export = result

        runner.done.connect(finished)

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
