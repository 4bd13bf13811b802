"""The window's coding aids: stable number keys with pins, code names in menus, segment
memo shortcut, blind-mode confirmation, undo that says what it undid, document edit and
delete, the Help menu and Recent Projects."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from app.articles import documents
from app.coding import queries
from app.coding import segments as coding
from app.team.blind import BLIND_KEY
from ui.actions import RECENT_IDS, ActionId
from ui.widgets.document_edit_dialog import DocumentEditDialog
from ui.widgets.memo_dialog import MemoDialog

from .helpers import code_id, make_codes, when_modal


def _apply(window, cid, start=0, end=4):
    window.reader.select_span(start, end)
    assert window.coding.apply_code(cid)


def test_number_keys_stay_stable_as_codes_are_used(window):
    framing, backlash = code_id("Framing"), code_id("Backlash")
    _apply(window, framing)
    _apply(window, backlash, 6, 10)
    _apply(window, framing, 11, 16)  # most recent again: must keep key 1, not shuffle
    rows = window.coding.key_rows()
    assert rows[0].id == framing and rows[1].id == backlash


def test_pin_a_code_to_a_key_from_the_codebook_menu(window, seeded):
    backlash = code_id("Backlash")
    window.codebook.select_code(backlash)
    parent = QMenu(window)
    menu = window.codebook.add_pin_menu(parent, window.codebook.model.code(backlash))
    pin5 = next(a for a in menu.actions() if a.text().startswith("Pin to key 5"))
    pin5.trigger()
    assert window.coding.key_rows()[4].id == backlash
    assert any(t.startswith("5\N{PUSHPIN}") for t in window.pane.recent_bar.key_texts())
    # the menu entry shows the code's name, not "Apply Recent Code 5"
    assert window.actions[RECENT_IDS[4]].text() == "5  Backlash"
    # pinned keys survive other codes being used, and are stored per project
    for n, cid in enumerate(make_codes(seeded[0], [f"C{i}" for i in range(10)])):
        window.refresh(0xFFFF)
        _apply(window, cid, n, n + 2)
    assert window.coding.key_rows()[4].id == backlash
    assert window.settings.pinned_keys(window.coding._project_key) == {5: backlash}
    # the key codes the selection
    window.reader.select_span(20, 25)
    window.activateWindow()
    window.reader.text_edit().setFocus()
    window.actions[RECENT_IDS[4]].trigger()
    assert any((r.start, r.end, r.code_id) == (20, 25, backlash) for r in queries.segment_rows())


def test_segment_memo_has_a_shortcut_and_menu_entry(qtbot, window):
    action = window.actions[ActionId.SEGMENT_MEMO]
    assert action.shortcut().toString() == "Ctrl+Shift+M"
    assert action in window.menuBar().actions()[2].menu().actions()  # the Code menu
    _apply(window, code_id("Backlash"), 6, 10)
    window.reader.select_span(7, 7)

    def write(dialog):
        dialog.editor.setPlainText("why this matters")
        dialog.accept()
    when_modal(MemoDialog, write)
    action.trigger()
    assert [r.memo for r in queries.segment_rows()] == ["why this matters"]


def test_blind_mode_asks_first_and_names_the_lead(qtbot, window):
    project = window.session.project
    texts = []

    def cancel(box):
        texts.append(box.informativeText())
        box.button(QMessageBox.StandardButton.Cancel).click()
    when_modal(QMessageBox, cancel)
    window.actions[ActionId.BLIND_MODE].trigger()
    assert project.setting(BLIND_KEY) in (None, "off")
    assert not window.actions[ActionId.BLIND_MODE].isChecked()
    assert "lead" in texts[0] and "only you can end" in texts[0]

    def start(box):
        next(b for b in box.buttons() if b.text() == "Start Blind Mode").click()
    when_modal(QMessageBox, start)
    window.actions[ActionId.BLIND_MODE].trigger()
    assert project.setting(BLIND_KEY) == "on"


def test_undo_says_what_it_undid_with_code_names(window):
    _apply(window, code_id("Backlash"), 6, 10)
    assert window.actions[ActionId.UNDO].text() == "&Undo: Code 'Backlash'"
    window.actions[ActionId.UNDO].trigger()
    assert window.statusBar().currentMessage() == "Undone: Code 'Backlash'"
    assert queries.segment_rows() == []
    window.actions[ActionId.REDO].trigger()
    assert window.statusBar().currentMessage() == "Redone: Code 'Backlash'"


def test_delete_document_asks_with_the_segment_count_and_defaults_to_keep(qtbot, window, seeded):
    project, doc_a, _ = seeded
    coding.code_span(project, doc_a.id, 0, 5, "Backlash", coder="ben")
    coding.code_span(project, doc_a.id, 6, 9, "Backlash")
    seen = {}

    def look(box):
        seen["text"] = box.informativeText()
        seen["default"] = box.defaultButton().text()
        box.defaultButton().click()  # Enter: the safe choice
    when_modal(QMessageBox, look)
    window.delete_document(doc_a.id)
    assert "2 coded segments" in seen["text"] and seen["default"] == "Keep It"
    assert documents.resolve_document(doc_a.id).title == "Doc A"

    def delete(box):
        next(b for b in box.buttons() if b.text() == "Delete Document").click()
    when_modal(QMessageBox, delete)
    menu = window.documents.context_menu_for(doc_a.id)
    next(a for a in menu.actions() if a.text().startswith("Delete")).trigger()
    assert [r.title for r in queries.document_rows()] == ["Doc B"]
    assert queries.segment_rows() == []
    window.undo()
    assert len(queries.segment_rows()) == 2


def test_document_details_edited_in_the_document_tab_and_the_list(qtbot, window, seeded):
    doc_a = seeded[1]
    window.bottom.setCurrentWidget(window.doc_info)
    edit = window.doc_info.findChild(type(window.pane.find), "meta_author")
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Jodi Kantor")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert documents.resolve_document(doc_a.id).author == "Jodi Kantor"

    def rename(dialog):
        dialog.edits["title"].setText("Doc A, corrected")
        dialog.edits["source"].setText("The Ledger")
        dialog.accept()
    when_modal(DocumentEditDialog, rename)
    menu = window.documents.context_menu_for(doc_a.id)
    next(a for a in menu.actions() if a.text().startswith("Rename")).trigger()
    doc = documents.resolve_document(doc_a.id)
    assert (doc.title, doc.source, doc.author) == ("Doc A, corrected", "The Ledger", "Jodi Kantor")
    assert window.pane.title.full_text() == "Doc A, corrected"
    window.undo()
    assert documents.resolve_document(doc_a.id).title == "Doc A"


def test_help_menu_and_recent_projects(qtbot, window, tmp_path):
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Help" in titles
    assert "Ctrl+K" in window.shortcuts_text() and "F1" in window.shortcuts_text()
    shown = {}

    def look(box):
        shown["text"] = box.informativeText()
        box.accept()
    when_modal(QMessageBox, look)
    window.actions[ActionId.HELP_PROJECT_FILE].trigger()
    qtbot.waitUntil(lambda: "text" in shown)
    assert str(window.session.project.path.resolve()) in shown["text"]
    assert QApplication.clipboard().text() == str(window.session.project.path.resolve())
    other = str(tmp_path / "other.chorus")
    window.settings.add_recent_project(other)
    window._fill_recent_projects()
    opened = []
    window.openProjectRequested.connect(opened.append)
    entry = next(a for a in window.recent_projects_menu.actions() if a.text() == "other.chorus")
    entry.trigger()
    assert opened == [other]


def test_coder_preference_is_shared_with_the_command_line(window, tmp_path, monkeypatch):
    from app.coding import preferences
    from app.cli import main

    window.settings.coder_name = "kim"
    assert preferences.configured_coder() == "kim"
    assert preferences.config_path().is_file()
    assert main(["code", str(window.session.project.path), "--doc", "Doc B", "--start", "0", "--end", "6",
                 "--code", "Backlash"]) == 0
    assert [r.coder for r in queries.segment_rows()] == ["kim"]
