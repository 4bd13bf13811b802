"""Codebook edits through the tree's actions, with their dialogs answered."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.coding import segments as coding
from app.coding import queries
from ui.actions import ActionId
from ui.widgets.code_palette import CodePalette
from ui.widgets.delete_code_dialog import DeleteCodeDialog

from .conftest import code_id
from .dialogs import when_modal


def paths():
    return [r.path for r in queries.code_rows()]


def test_merge_codes_through_tree_action(qtbot, window):
    project = window.session.project
    doc = window.document_id
    coding.code_span(project, doc, 0, 5, "Backlash")
    coding.code_span(project, doc, 6, 10, "Framing/Hashtag")
    window.codebook.select_code(code_id("Backlash"))

    def pick(palette):
        qtbot.keyClicks(palette.search, "Hashtag")
        qtbot.keyClick(palette.search, Qt.Key.Key_Return)

    when_modal(CodePalette, pick)
    when_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    window.actions[ActionId.MERGE_CODE].trigger()
    assert paths() == ["Framing", "Framing/Hashtag"]
    assert {r.code_path for r in queries.segment_rows()} == {"Framing/Hashtag"}
    hashtag = window.codebook.model.code(code_id("Framing/Hashtag"))
    assert hashtag.segments == 2  # the tree shows the merged count
    window.session.undo_stack.undo()
    assert "Backlash" in paths() and window.codebook.model.code(code_id("Backlash")).segments == 1


def test_delete_used_code_moves_segments(qtbot, window):
    project = window.session.project
    coding.code_span(project, window.document_id, 0, 5, "Backlash")
    window.codebook.select_code(code_id("Backlash"))

    def choose(dialog):
        dialog.move_radio.setChecked(True)
        dialog.target.setCurrentIndex(dialog.target.findText("Framing/Hashtag"))
        dialog.accept()

    when_modal(DeleteCodeDialog, choose)
    window.actions[ActionId.DELETE_CODE].trigger()
    assert "Backlash" not in paths()
    assert [r.code_path for r in queries.segment_rows()] == ["Framing/Hashtag"]
    window.session.undo_stack.undo()
    assert [r.code_path for r in queries.segment_rows()] == ["Backlash"]


def test_move_code_by_drop_and_rename(qtbot, window):
    model = window.codebook.model
    index = model.index_of(code_id("Backlash"))
    model.dropMimeData(model.mimeData([index]), Qt.DropAction.MoveAction, -1, -1, model.index_of(code_id("Framing")))
    assert "Framing/Backlash" in paths()
    window.codebook.select_code(code_id("Framing/Backlash"))
    from PySide6.QtWidgets import QInputDialog

    def rename(dialog):
        dialog.setTextValue("Pushback")
        dialog.accept()

    when_modal(QInputDialog, rename)
    window.actions[ActionId.RENAME_CODE].trigger()
    assert "Framing/Pushback" in paths()
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert "Backlash" in paths()
