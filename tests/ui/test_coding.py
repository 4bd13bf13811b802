"""Coding in the real window: palette, number keys, drag from the codebook, sticky code,
undo/redo (stack and the real shortcuts), overlapping highlights."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.coding import queries
from ui.actions import ActionId
from ui.models.roles import CODE_MIME
from ui.widgets.code_palette import CodePalette

from .conftest import TEXT_A, code_id


def segments():
    return [(r.start, r.end, r.code_path, r.coder) for r in queries.segment_rows()]


def answer_palette(qtbot, typed: str):
    def run():
        palette = QApplication.activeModalWidget()
        assert isinstance(palette, CodePalette)
        qtbot.keyClicks(palette.search, typed)
        qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    QTimer.singleShot(0, run)


def test_code_via_palette(qtbot, window):
    window.reader.select_span(6, 10)
    answer_palette(qtbot, "hasht")
    window.actions[ActionId.CODE_PALETTE].trigger()
    assert segments() == [(6, 10, "Framing/Hashtag", "ana")]
    assert [s.start for s in window.reader.spans()] == [6]
    assert window.documents.model.index(0, 3).data() == "1"  # the documents table refreshed
    assert window.pane.recent_bar.buttons[0].text() == "1  Hashtag"


def test_palette_creates_missing_code(qtbot, window):
    window.reader.select_span(0, 5)
    answer_palette(qtbot, "Origins/Tarana Burke")
    window.actions[ActionId.CODE_PALETTE].trigger()
    assert segments() == [(0, 5, "Origins/Tarana Burke", "ana")]
    window.session.undo_stack.undo()  # one undo removes the segment and the new codes
    assert segments() == [] and "Origins" not in [r.path for r in queries.code_rows()]


def test_number_key_applies_recent_code(qtbot, window):
    window.reader.select_span(0, 5)
    assert window.coding.apply_code(code_id("Backlash"))
    window.reader.select_span(11, 16)
    window.activateWindow()
    window.reader.text_edit().setFocus()
    qtbot.keyClick(window.reader.text_edit(), Qt.Key.Key_1)
    assert segments() == [(0, 5, "Backlash", "ana"), (11, 16, "Backlash", "ana")]
    qtbot.keyClick(window.reader.text_edit(), Qt.Key.Key_7)  # no 7th recent code: nothing happens
    assert len(segments()) == 2


def test_undo_redo_through_stack_and_shortcuts(qtbot, window):
    window.reader.select_span(6, 10)
    window.coding.apply_code(code_id("Backlash"))
    assert len(segments()) == 1
    window.session.undo_stack.undo()
    assert segments() == [] and window.reader.spans() == []
    window.session.undo_stack.redo()
    assert len(segments()) == 1 and len(window.reader.spans()) == 1
    window.activateWindow()
    window.reader.text_edit().setFocus()
    qtbot.keyClick(window.reader.text_edit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert segments() == []
    qtbot.keyClick(window.reader.text_edit(), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(segments()) == 1
    assert window.documents.model.index(0, 3).data() == "1"


def test_drag_code_from_tree_onto_selection(qtbot, window):
    window.reader.select_span(18, 23)
    mime = QMimeData()
    mime.setData(CODE_MIME, QByteArray(str(code_id("Backlash")).encode()))
    viewport = window.reader.text_edit().viewport()
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    assert segments() == [(18, 23, "Backlash", "ana")]


def test_sticky_code(qtbot, window):
    window.codebook.select_code(code_id("Backlash"))
    window.actions[ActionId.STICKY_CODE].setChecked(True)
    window.reader.select_span(0, 5)
    viewport = window.reader.text_edit().viewport()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: len(segments()) == 1)
    assert segments() == [(0, 5, "Backlash", "ana")]


def test_overlapping_highlights_in_reader(qtbot, window):
    window.reader.select_span(0, 16)
    window.coding.apply_code(code_id("Backlash"))
    window.reader.select_span(6, 23)
    window.coding.apply_code(code_id("Framing"))
    at_beta = window.reader.spans_at(8)
    assert sorted(s.code_id for s in at_beta) == sorted([code_id("Backlash"), code_id("Framing")])
    assert TEXT_A[6:16] == "beta gamma"


def test_context_menu_uncode_and_bounds(qtbot, window):
    window.reader.select_span(0, 5)
    window.coding.apply_code(code_id("Backlash"))
    seg_id = window.reader.spans()[0].id
    window.reader.select_span(0, 10)
    menu = window.coding.build_context_menu([seg_id])
    sub = [a for a in menu.actions() if a.menu() and a.text() != "Code as"][0].menu()
    bounds = [a for a in sub.actions() if a.text().startswith("Change bounds")][0]
    bounds.trigger()
    assert segments() == [(0, 10, "Backlash", "ana")]
    [a for a in sub.actions() if a.text() == "Uncode"][0].trigger()
    assert segments() == []
    window.session.undo_stack.undo()
    assert segments() == [(0, 10, "Backlash", "ana")]
