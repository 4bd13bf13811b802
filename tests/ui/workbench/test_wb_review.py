"""The Review window: the per-code agreement table the CLI prints, Write new from a text
selection (no raw offsets), J/K wherever the focus is, Ctrl+Z there."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from app.coding import segments as coding
from app.team.review.agreement_data import project_agreement
from app.team.review.agreement_text import tables
from app.team.review.items import review_items
from ui.positions import PositionMap
from ui.project_session import ProjectSession
from ui.review.review_window import ReviewWindow

TEXT = "Ünïcode 💔 first claim here. Second claim there, and a third one at the end of it."


def _two_coders(project):
    from app.articles.importing import add_document
    from app.team import blind

    doc = add_document(project, TEXT, "Review doc")
    coding.code_span(project, doc.id, 0, 14, "Claim", coder="ana", create_missing=True)
    coding.code_span(project, doc.id, 0, 14, "Other", coder="ben", create_missing=True)
    coding.code_span(project, doc.id, 29, 41, "Claim", coder="ben")
    if hasattr(blind, "name_lead"):  # adjudication is the lead's
        blind.name_lead(project, "ana")
    return doc


def _window(qtbot, project):
    session = ProjectSession(project)
    win = ReviewWindow(session)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    return session, win


def test_agreement_tab_shows_the_cli_tables(qtbot, project):
    _two_coders(project)
    session, win = _window(qtbot, project)
    win.tabs.setCurrentWidget(win.agreement)
    expected = next(rows for title, _h, rows in tables(project_agreement(project=project)) if title == "Per code")
    assert win.agreement.cell_texts("Per code") == expected
    assert "ana" in win.agreement.summary.text() and "ben" in win.agreement.summary.text()
    session.undo_stack.clear()


def test_j_and_k_work_wherever_the_focus_is(qtbot, project):
    _two_coders(project)
    session, win = _window(qtbot, project)
    assert len(win.items) >= 2
    win.go_to(0)
    win.doc_combo.setFocus()
    qtbot.keyClick(win.doc_combo, Qt.Key.Key_J)
    assert win.index == 1
    win.panel.text_view.setFocus()
    qtbot.keyClick(win.panel.text_view, Qt.Key.Key_K)
    assert win.index == 0
    qtbot.keyClick(win.panel.rationale, Qt.Key.Key_J)  # typed there, not a move
    assert win.index == 0 and win.panel.rationale.toPlainText() == "j"
    session.undo_stack.clear()


def test_write_new_from_a_selection_and_ctrl_z(qtbot, project):
    doc = _two_coders(project)
    session, win = _window(qtbot, project)
    win.go_to(0)
    assert not hasattr(win.panel, "start_spin")  # no raw offsets any more
    pmap = PositionMap(TEXT)
    qs, qe = pmap.range_to_qt(8, 14)  # "💔 firs": an astral character inside
    cursor = win.panel.text_view.textCursor()
    cursor.setPosition(qs)
    cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
    win.panel.text_view.setTextCursor(cursor)
    assert win.panel.selected_span() == (8, 14)
    win.panel.code_combo.setCurrentText("Claim")
    win.panel.rationale.setPlainText("narrower")
    assert win.panel.new_button.isEnabled()
    qtbot.mouseClick(win.panel.new_button, Qt.MouseButton.LeftButton)
    decided = [i for i in review_items(doc.id) if i.resolved]
    assert decided, win.status.text()
    assert "narrower" in decided[0].decision.rationale
    from app.coding import queries
    consensus = [r for r in queries.segment_rows() if r.coder == "consensus"]
    assert [(r.start, r.end, r.code_path) for r in consensus] == [(8, 14, "Claim")]
    win.activateWindow()
    qtbot.keyClick(win.lanes, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not any(i.resolved for i in review_items(doc.id))
    assert "Undone" in win.status.text()
    session.undo_stack.clear()
