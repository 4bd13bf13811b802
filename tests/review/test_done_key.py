"""Ctrl+D in the window marks the open document done for the current coder (undoable)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def win(qtbot, project, tmp_path):
    from PySide6.QtCore import QSettings

    from app.articles.importing import add_document
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession
    from ui.settings import Settings

    doc = add_document(project, "A short article about nothing in particular.\n", "Doc")
    session = ProjectSession(project)
    settings = Settings(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "ana"
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_document(doc.id)
    yield window, doc
    session.undo_stack.clear()
    project.remove_listener(session._listener)


def test_ctrl_d_marks_the_open_document_done(win, qtbot):
    from app.team import assignments
    from ui.actions import ActionId

    window, doc = win
    action = window.actions[ActionId.MARK_DONE]
    assert action.shortcut().toString() == "Ctrl+D" and not action.isChecked()
    qtbot.keyClick(window.reader.text_edit(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert assignments.done_documents("ana") == {doc.id}
    assert action.isChecked()
    window.undo()
    assert assignments.done_documents("ana") == set() and not action.isChecked()
    window.redo()
    assert assignments.done_documents("ana") == {doc.id} and action.isChecked()
    action.trigger()
    assert assignments.done_documents("ana") == set()
