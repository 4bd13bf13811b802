"""Issue 8.1, the window side: no file dialog may make the process open the open project
file (one open()+close() anywhere in the process drops every SQLite lock on it)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from ui import file_dialogs
from ui.actions import EXPORT_IDS, ActionId

from .conftest import DialogAnswerer, project_locks

ROOT = Path(__file__).resolve().parents[3]
FILE_DIALOG_ACTIONS = [ActionId.IMPORT_DOCUMENTS, ActionId.OPEN_PROJECT, ActionId.NEW_PROJECT,
                       ActionId.IMPORT_CODEBOOK, ActionId.IMPORT_EXCHANGE, ActionId.MERGE_PROJECT, *EXPORT_IDS]


def _touch_everything(window) -> None:
    """Make SQLite hold its locks: a read and a write through the window."""
    window.reader.select_span(0, 5)
    assert window.coding.apply_code(window.codebook.model.rows_in_order()[0].id)


@pytest.mark.parametrize("action_id", FILE_DIALOG_ACTIONS, ids=lambda a: a.value)
def test_cancelling_a_file_dialog_keeps_the_locks(window, qtbot, monkeypatch, action_id):
    path = window.session.project.path
    monkeypatch.chdir(path.parent)  # the dialog lists the project's own folder
    (path.parent / "notes.txt").write_text("other file", encoding="utf-8")
    _touch_everything(window)
    before = project_locks(path)
    assert before[0] > 0 and before[1] > 0, "SQLite should hold locks on the open project"
    answerer = DialogAnswerer().start()
    try:
        window.actions[action_id].trigger()
        qtbot.wait(50)
    finally:
        answerer.stop()
    assert answerer.file_dialogs, f"{action_id.value} opened no file dialog"
    assert project_locks(path) == before
    # and the window still writes where everyone else reads
    window.reader.select_span(6, 10)
    assert window.coding.apply_code(window.codebook.model.rows_in_order()[0].id)
    assert project_locks(path) == before


def test_every_dialog_together_keeps_the_locks(window, qtbot, monkeypatch):
    """All the window's file dialogs one after the other, each browsing the project folder."""
    path = window.session.project.path
    monkeypatch.chdir(path.parent)
    _touch_everything(window)
    before = project_locks(path)
    answerer = DialogAnswerer().start()
    try:
        for action_id in FILE_DIALOG_ACTIONS:
            window.actions[action_id].trigger()
            qtbot.wait(30)
    finally:
        answerer.stop()
    assert len(answerer.file_dialogs) == len(FILE_DIALOG_ACTIONS)
    assert project_locks(path) == before and before[0] > 0


def test_the_open_project_is_hidden_from_file_dialogs(window, qtbot):
    path = window.session.project.path
    (path.parent / "notes.txt").write_text("other file", encoding="utf-8")
    dialog = file_dialogs.make_dialog(window, "Import", str(path.parent), "", project_path=path,
                                      mode=QFileDialog.FileMode.ExistingFile)
    try:
        dialog.show()
        model = dialog.proxyModel()

        def names():
            index = model.mapFromSource(model.sourceModel().index(str(path.parent)))
            return {model.index(r, 0, index).data() for r in range(model.rowCount(index))}

        qtbot.waitUntil(lambda: "notes.txt" in names(), timeout=3000)
        assert not {n for n in names() if n.startswith(path.name)}
    finally:
        dialog.reject()
        dialog.deleteLater()


def test_typing_the_open_project_as_an_export_target_is_refused(window, qtbot):
    path = window.session.project.path
    before = project_locks(path)
    size = path.stat().st_size
    seen: list[str] = []

    def answer():
        if seen:
            return
        timer.start(15)  # first: accepting a dialog may open the next one (nested loop)
        for top in QApplication.topLevelWidgets():
            if not top.isVisible():
                continue
            if top.inherits("QMessageBox"):
                # Qt's "already exists, replace?" (answered yes), then ours (recorded)
                if "already exists" in top.text():
                    top.button(top.StandardButton.Yes).click() if top.button(top.StandardButton.Yes) else top.accept()
                else:
                    seen.append(top.text())
                    top.accept()
                    return
                break
            if isinstance(top, QFileDialog):
                top.findChild(QLineEdit, "fileNameEdit").setText(path.name)  # typed by hand
                top.accept()
                break

    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(answer)
    timer.start(15)
    window.file_actions.export("segments-csv")
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "open project" in seen[0]
    assert path.stat().st_size == size
    assert project_locks(path) == before


def test_no_raw_file_dialogs_or_mime_sniffing_in_ui():
    """Every file dialog goes through ui/file_dialogs.py; nothing sniffs file types."""
    offenders = []
    pattern = re.compile(r"QFileDialog\.get|QFileDialog\(|QMimeDatabase|QFileIconProvider|mimeTypeForFile")
    for source in sorted((ROOT / "ui").rglob("*.py")):
        if source.name == "file_dialogs.py":
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{source.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
