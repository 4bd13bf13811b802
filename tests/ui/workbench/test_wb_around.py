"""Around the coding: the last project opens, an empty project says what to do, wording
of counts, the delete dialog defaults to the safe choice."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from app.coding import codebook
from app.coding import segments as coding
from app.errors import CodeInUse
from ui.actions import ActionId
from ui.codebook_controller import _move_what
from ui.widgets.delete_code_dialog import DeleteCodeDialog

from .helpers import code_id, when_modal


def test_plain_chorus_opens_the_last_project(tmp_path):
    from app.project import Project
    from ui.main import last_project_path
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert last_project_path(settings) is None  # nothing yet: the demo opens
    path = tmp_path / "mine.chorus"
    Project.create(path).close()
    settings.last_project = str(path)
    settings.add_recent_project(str(path))
    assert last_project_path(settings) == path
    path.unlink()  # moved away: fall back (to the demo)
    assert last_project_path(settings) is None


def test_empty_project_says_what_to_do(qtbot, project, settings):
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession

    session = ProjectSession(project)
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.show()
    assert win.pane.empty.isVisible() and not win.reader.isVisible()
    assert "drag and drop" in win.pane.empty_text.text()
    opened = []
    win.actions[ActionId.IMPORT_DOCUMENTS].triggered.disconnect()
    win.actions[ActionId.IMPORT_DOCUMENTS].triggered.connect(lambda: opened.append(True))
    win.pane.import_button.click()
    assert opened == [True]
    from app.articles.importing import add_document
    session.perform(add_document, project, "Some text.", "First")
    assert not win.pane.empty.isVisible() and win.reader.isVisible()
    session.undo_stack.clear()
    project.remove_listener(session._listener)


def test_wording_of_one_segment():
    assert _move_what(1) == "Move the 1 segment"
    assert _move_what(5) == "Move all 5 segments"
    assert "delete it too" in str(CodeInUse("A", 1, 0))
    assert "delete them too" in str(CodeInUse("A", 2, 0))


def test_delete_code_dialog_defaults_to_cancel(qtbot, window, seeded):
    project = seeded[0]
    coding.code_span(project, seeded[1].id, 0, 5, "Backlash")
    window.refresh(0xFFFF)
    window.codebook.select_code(code_id("Backlash"))
    seen = {}

    def look(dialog):
        seen["default"] = dialog.cancel_button.isDefault()
        seen["delete_default"] = dialog.delete_button.isDefault()
        seen["label"] = dialog.delete_radio.text()
        dialog.reject()
    when_modal(DeleteCodeDialog, look)
    window.codebook_ctl.delete()
    assert seen["default"] and not seen["delete_default"]
    assert "its 1 segment" in seen["label"]
    assert code_id("Backlash")  # still there


def test_merge_question_defaults_to_cancel(qtbot, window, seeded):
    project = seeded[0]
    coding.code_span(project, seeded[1].id, 0, 5, "Backlash")
    window.refresh(0xFFFF)
    window.codebook.select_code(code_id("Backlash"))
    from ui.widgets.code_palette import CodePalette
    seen = {}

    def pick(palette):
        palette.search.setText("Framing")
        palette.accept()

    def look(box):
        seen["text"] = box.text()
        seen["default"] = box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        box.defaultButton().click()
    when_modal(CodePalette, pick)
    when_modal(QMessageBox, look)
    window.codebook_ctl.merge()
    assert seen["text"].startswith("Move the 1 segment of") and seen["default"]
    assert len([c for c in codebook.code_paths().values() if c == "Backlash"]) == 1
