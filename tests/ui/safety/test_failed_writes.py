"""Issue 8.3: with the write lock held by another program, every write in the window is
shown to the user, changes nothing, keeps the selection, and the undo stack stays as the
file is (a failed command is not pushed; a failed undo/redo leaves the command in place)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.coding import queries
from app.coding import segments as coding
from app.coding import codebook
from db import sqlite_specific
from ui.actions import ActionId
from ui.widgets.memo_dialog import MemoDialog

from ..conftest import code_id
from .conftest import DialogAnswerer


@pytest.fixture
def short_wait(monkeypatch):
    """Wait 0.3 s for the lock instead of 5 s (the same code path, sooner)."""
    monkeypatch.setattr(sqlite_specific, "BUSY_TIMEOUT_S", 0.3)


def _segments() -> list[tuple[int, int, int]]:
    return sorted((r.id, r.start, r.end) for r in queries.segment_rows())


def _busy(window, box_open: bool = True) -> str:
    assert window.watch.failures, "the failure was not shown"
    message = window.watch.failures[-1]
    assert "another program" in message and "try again" in message
    assert "another program" in window.statusBar().currentMessage()
    if box_open:  # (unless a test answerer closed it already)
        box = window.findChild(QMessageBox, "writeFailedBox")
        assert box is not None and box.isVisible() and "another program" in box.text()
    return message


def test_failed_coding_is_shown_keeps_the_selection_and_pushes_nothing(window, qtbot, short_wait,
                                                                       write_lock_holder):
    project, stack = window.session.project, window.session.undo_stack
    window.reader.select_span(6, 10)
    with write_lock_holder(project.path):
        before, count = _segments(), stack.count()
        assert window.coding.apply_code(code_id("Framing")) is False
        _busy(window)
        assert window.reader.selection() == (6, 10)  # ready to retry
        assert _segments() == before and stack.count() == count
        assert window.reader.spans() == [] or all(s.start != 6 for s in window.reader.spans())
    window.watch.failures.clear()
    assert window.coding.apply_code(code_id("Framing"))  # the retry, lock released
    assert len(_segments()) == len(before) + 1 and stack.count() == count + 1


def test_failed_uncode_memo_and_new_code_change_nothing(window, qtbot, short_wait, write_lock_holder):
    project, stack = window.session.project, window.session.undo_stack
    window.reader.select_span(0, 5)
    assert window.coding.apply_code(code_id("Framing"))
    seg_id = _segments()[0][0]
    codes_before = [r.path for r in queries.code_rows()]
    with write_lock_holder(project.path):
        count = stack.count()
        window.coding.uncode(seg_id)
        _busy(window)
        assert [s[0] for s in _segments()] == [seg_id] and stack.count() == count

        # the memo dialog comes back with what was typed; the second time we give up
        typed: list[str] = []
        memos: list = []

        def answer_memo():
            modal = QApplication.activeModalWidget()
            if isinstance(modal, MemoDialog) and modal not in memos:
                memos.append(modal)
                if len(memos) == 1:
                    modal.editor.setPlainText("My careful memo")
                    modal.accept()
                else:
                    typed.append(modal.editor.toPlainText())
                    modal.reject()
                    return
            QTimer.singleShot(10, answer_memo)

        QTimer.singleShot(0, answer_memo)
        window.coding.edit_memo(seg_id)
        assert typed == ["My careful memo"], "the memo typed was lost after the failed save"
        assert coding.get_segment(seg_id).memo == ""
        _busy(window, box_open=False)

        answer = DialogAnswerer().start()  # the controller's own warning box
        try:
            assert window.codebook_ctl._run(codebook.create_code, "Brand new") is None
        finally:
            answer.stop()
        _busy(window, box_open=False)
        assert [r.path for r in queries.code_rows()] == codes_before and stack.count() == count


def test_failed_undo_and_redo_leave_the_stack_as_the_file(window, qtbot, short_wait, write_lock_holder):
    project, stack = window.session.project, window.session.undo_stack
    window.reader.select_span(0, 5)
    assert window.coding.apply_code(code_id("Framing"))
    window.reader.select_span(6, 10)
    assert window.coding.apply_code(code_id("Backlash"))
    window.actions[ActionId.UNDO].trigger()  # the Backlash coding is undone: redo is possible
    assert len(_segments()) == 1 and stack.index() == 1 and stack.canRedo()
    with write_lock_holder(project.path):
        window.actions[ActionId.UNDO].trigger()
        _busy(window)
        assert len(_segments()) == 1 and stack.index() == 1
        window.watch.failures.clear()
        window.actions[ActionId.REDO].trigger()
        _busy(window)
        assert len(_segments()) == 1 and stack.index() == 1
        # the stack driven directly (as the Review window does): put back where the file is
        window.watch.failures.clear()
        stack.undo()
        _busy(window)
        qtbot.waitUntil(lambda: stack.index() == 1, timeout=2000)
        assert len(_segments()) == 1
    window.actions[ActionId.REDO].trigger()  # lock released: both work again
    assert len(_segments()) == 2 and stack.index() == 2
    window.actions[ActionId.UNDO].trigger()
    window.actions[ActionId.UNDO].trigger()
    assert _segments() == [] and stack.index() == 0
