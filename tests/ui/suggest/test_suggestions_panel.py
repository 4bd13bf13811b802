"""The Suggestions tab in the real window (offscreen): A accepts, D dismisses, undo works."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.coding.segments import code_span
from db.models import Segment, SuggestionDismissal

TEXT = ("The court heard the lawsuit against the studio. Fans shared the hashtag all day. "
        "A judge set the trial for spring. The jury will hear testimony from the actors. "
        "Replies to the post kept trending. The attorney filed new evidence in court.")


def _window(qtbot, project, settings):
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession

    session = ProjectSession(project)
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win, session


def test_accept_and_dismiss_from_the_keyboard_then_undo(qtbot, project, settings):
    from app.articles.importing import add_document
    from app.coding import codebook

    doc = add_document(project, TEXT, "Court story")
    codebook.create_code(project, "Legal", definition="Courts, a trial, a judge or jury, testimony, evidence.")
    codebook.create_code(project, "Online")
    first = TEXT.index("The court heard")
    code_span(project, doc.id, first, TEXT.index(".", first) + 1, "Legal")
    win, session = _window(qtbot, project, settings)
    legal = codebook.find_code("Legal").id
    win._code_selected(legal)
    win.bottom.setCurrentWidget(win.suggestions)
    panel = win.suggestions
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    top = panel.model.suggestion(0)
    assert "court" in top.text.lower() or "trial" in top.text.lower() or "jury" in top.text.lower()
    # the reader shows the passage, without taking the focus from the list
    assert win.document_id == doc.id
    win.activateWindow()
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    before = Segment.select().count()
    qtbot.keyClick(panel.table, Qt.Key.Key_A)
    assert Segment.select().count() == before + 1
    seg = Segment.select().order_by(Segment.id.desc()).get()
    assert (seg.start, seg.end, seg.code.id) == (top.start, top.end, legal)
    assert "Accept suggestion" in session.undo_stack.undoText()
    assert top not in [panel.model.suggestion(r) for r in range(panel.model.rowCount())]
    nxt = panel.model.suggestion(panel.table.currentIndex().row())
    qtbot.keyClick(panel.table, Qt.Key.Key_D)
    assert SuggestionDismissal.select().count() == 1
    assert nxt not in [panel.model.suggestion(r) for r in range(panel.model.rowCount())]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert Segment.select().count() == before and SuggestionDismissal.select().count() == 0
    session.undo_stack.clear()
    project.remove_listener(session._listener)


def test_a_code_without_segments_says_so(qtbot, project, settings):
    from app.articles.importing import add_document
    from app.coding import codebook

    add_document(project, TEXT, "Court story")
    codebook.create_code(project, "Empty")
    win, session = _window(qtbot, project, settings)
    win._code_selected(codebook.find_code("Empty").id)
    win.bottom.setCurrentWidget(win.suggestions)
    qtbot.waitUntil(lambda: "no segments yet" in win.suggestions.caption.text())
    assert win.suggestions.model.rowCount() == 0
    assert not win.suggestions.accept_button.isEnabled()
    project.remove_listener(session._listener)
