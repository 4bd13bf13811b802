"""File menu entries backed by other app modules: Export ▸, Import Codebook…, Merge
Teammate's Project…. Each is added only when its app module is present."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from app.errors import ChorusError
from app.project import ProjectFileError
from ui.actions import EXPORT_IDS, ActionId


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


class FileActions(QObject):
    def __init__(self, window, file_menu: QMenu, before):
        super().__init__(window)
        self.window = window
        actions = window.actions
        if _has("app.exports"):
            export_menu = QMenu("&Export", file_menu)
            for action_id in EXPORT_IDS:
                export_menu.addAction(actions[action_id])
                actions[action_id].triggered.connect(lambda _c=False, f=action_id.value: self.export(f))
            file_menu.insertMenu(before, export_menu)
        if _has("app.codebook_import"):
            file_menu.insertAction(before, actions[ActionId.IMPORT_CODEBOOK])
            actions[ActionId.IMPORT_CODEBOOK].triggered.connect(self.import_codebook)
        if _has("app.merge"):
            file_menu.insertAction(before, actions[ActionId.MERGE_PROJECT])
            actions[ActionId.MERGE_PROJECT].triggered.connect(self.merge_project)
        file_menu.insertSeparator(before)

    def export(self, fmt: str) -> None:
        from app.exports import export, suffix_for

        project = self.window.session.project
        default = str(project.path.with_name(f"{project.path.stem}-{fmt}{suffix_for(fmt)}"))
        out, _ = QFileDialog.getSaveFileName(self.window, "Export", default)
        if not out:
            return
        try:
            result = export(project, fmt, Path(out))
        except (ChorusError, OSError) as exc:
            QMessageBox.warning(self.window, "Export failed", str(exc))
            return
        self.window.statusBar().showMessage(f"Exported {result.rows} rows to {result.path.name}.", 10000)

    def import_codebook(self) -> None:
        from app.codebook_import import import_codebook

        path, _ = QFileDialog.getOpenFileName(self.window, "Import codebook", "",
                                              "Codebooks (*.csv *.qdc);;All files (*)")
        if path:
            self._run("Import codebook", import_codebook, path)

    def merge_project(self) -> None:
        from app.merge import merge_project

        path, _ = QFileDialog.getOpenFileName(self.window, "Merge teammate's project", "",
                                              "Chorus projects (*.chorus)")
        if path:
            self._run("Merge project", merge_project, path)

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
