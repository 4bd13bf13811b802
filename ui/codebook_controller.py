"""Codebook edits from the tree: create, rename, recolour, edit entry, move (drag),
merge and delete, each one undoable change through the session."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMessageBox, QWidget

from app.coding import codebook
from app.errors import ChorusError, CodeInUse
from app.coding.queries import CodeRow
from ui.actions import ActionId, ActionRegistry
from ui.project_session import ProjectSession
from ui.widgets.code_edit_dialog import CodeEditDialog
from ui.widgets.code_palette import CodePalette
from ui.widgets.codebook_panel import CodebookPanel
from ui.widgets.delete_code_dialog import DeleteCodeDialog


class CodebookController(QObject):
    message = Signal(str)

    def __init__(self, session: ProjectSession, panel: CodebookPanel, actions: ActionRegistry, window: QWidget):
        super().__init__(window)
        self.session, self.panel, self.actions, self.window = session, panel, actions, window
        connect = {
            ActionId.NEW_CODE: self.new_code, ActionId.NEW_SUBCODE: self.new_subcode,
            ActionId.RENAME_CODE: self.rename, ActionId.RECOLOUR_CODE: self.recolour,
            ActionId.EDIT_CODE: self.edit_entry, ActionId.MERGE_CODE: self.merge, ActionId.DELETE_CODE: self.delete,
        }
        for action_id, slot in connect.items():
            actions[action_id].triggered.connect(lambda _c=False, s=slot: s())
        panel.model.moveRequested.connect(self.move)
        panel.tree.selectionModel().currentChanged.connect(lambda *_: self.update_enabled())
        self.update_enabled()

    def current(self) -> CodeRow | None:
        return self.panel.model.code_at(self.panel.tree.currentIndex())

    def update_enabled(self) -> None:
        has = self.current() is not None
        for action_id in (ActionId.NEW_SUBCODE, ActionId.RENAME_CODE, ActionId.RECOLOUR_CODE, ActionId.EDIT_CODE,
                          ActionId.MERGE_CODE, ActionId.DELETE_CODE):
            self.actions[action_id].setEnabled(has)

    def _run(self, fn, *args, **kwargs):
        try:
            return self.session.perform(fn, self.session.project, *args, **kwargs)
        except ChorusError as exc:
            self.message.emit(str(exc))
            QMessageBox.warning(self.window, "Chorus", str(exc))
            return None

    # -- actions -------------------------------------------------------------------------
    def new_code(self, parent: CodeRow | None = None) -> None:
        where = f" under {parent.path}" if parent else ""
        name, ok = QInputDialog.getText(self.window, "New code", f"Name of the new code{where}:")
        if ok and name.strip():
            code = self._run(codebook.create_code, name.strip(), parent=parent.id if parent else None)
            if code is not None:
                self.panel.reload(self.session.visible_coder_ids())
                self.panel.select_code(code.id)

    def new_subcode(self) -> None:
        parent = self.current()
        if parent is not None:
            self.new_code(parent)

    def rename(self) -> None:
        row = self.current()
        if row is None:
            return
        name, ok = QInputDialog.getText(self.window, "Rename code", f"New name for {row.path}:", text=row.name)
        if ok and name.strip() and name.strip() != row.name:
            self._run(codebook.rename_code, row.id, name.strip())

    def recolour(self) -> None:
        row = self.current()
        if row is None:
            return
        colour = QColorDialog.getColor(QColor(row.colour), self.window, f"Colour of {row.name}")
        if colour.isValid():
            self._run(codebook.recolour_code, row.id, colour.name())

    def edit_entry(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = CodeEditDialog(row, self.window)
        if dialog.exec() == CodeEditDialog.DialogCode.Accepted:
            self._run(codebook.edit_code, row.id, **dialog.values())

    def move(self, code_id: int, new_parent_id: int) -> None:
        self._run(codebook.move_code, code_id, new_parent_id if new_parent_id > 0 else None)

    def merge(self) -> None:
        source = self.current()
        if source is None:
            return
        palette = CodePalette(self.panel.model.rows_in_order(), self.window, title=f"Merge {source.path} into…",
                              allow_create=False, exclude={source.id})
        if palette.exec() != CodePalette.DialogCode.Accepted:
            return
        target_id, _ = palette.chosen()
        target = self.panel.model.code(target_id) if target_id is not None else None
        if target is None:
            return
        answer = QMessageBox.question(
            self.window, "Merge codes",
            f"{_move_what(source.segments)} of “{source.path}” into “{target.path}” and delete "
            f"“{source.name}”?\n\nYou can undo this with Ctrl+Z.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            if self._run(codebook.merge_codes, source.id, target.id) is not None:
                self.message.emit(f"Merged {source.path} into {target.path}.")
                self.panel.select_code(target.id)

    def delete(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            self.session.perform(codebook.delete_code, self.session.project, row.id)
            self.message.emit(f"Deleted code {row.path}.")
            return
        except CodeInUse as exc:
            message = str(exc)
        except ChorusError as exc:
            self.message.emit(str(exc))
            return
        doomed = {row.id} | _descendant_ids(self.panel.model.rows_in_order(), row.id)
        targets = [r for r in self.panel.model.rows_in_order() if r.id not in doomed]
        dialog = DeleteCodeDialog(row, message, targets, self.window)
        if dialog.exec() != DeleteCodeDialog.DialogCode.Accepted:
            return
        choice, target = dialog.choice()
        try:
            self.session.perform(codebook.delete_code, self.session.project, row.id, segments=choice, move_to=target)
        except ChorusError as exc:
            QMessageBox.warning(self.window, "Chorus", str(exc))
            return
        self.message.emit(f"Deleted code {row.path}.")


def _descendant_ids(rows: list[CodeRow], code_id: int) -> set[int]:
    out, frontier = set(), {code_id}
    while frontier:
        kids = {r.id for r in rows if r.parent_id in frontier}
        out |= kids
        frontier = kids
    return out


def _move_what(n: int) -> str:
    """'Move the 1 segment', 'Move all 5 segments', 'Move the code (no segments)'."""
    if n == 0:
        return "Move the sub-codes and memos (no segments)"
    return "Move the 1 segment" if n == 1 else f"Move all {n} segments"
