"""The session (its project and undo stack) may outlive a window on it: a closed and
deleted window must leave nothing connected that touches its deleted widgets (that
printed tracebacks of 'Internal C++ object already deleted' on the next change)."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

from .conftest import code_id


def _delete(widget, qtbot) -> None:
    widget.close()
    widget.deleteLater()
    qtbot.wait(20)
    QApplication.sendPostedEvents(None, 0)  # the DeferredDelete


def test_changes_after_the_window_is_gone_raise_nothing(qtbot, seeded, settings):
    from app.coding.segments import code_span
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession
    from ui.review.review_window import ReviewWindow

    project, doc_a, _doc_b = seeded
    session = ProjectSession(project)
    window = MainWindow(session, settings)
    window.show()
    review = ReviewWindow(session)
    review.show()
    qtbot.waitExposed(window)
    _delete(review, qtbot)
    _delete(window, qtbot)
    # the undo stack changes its texts, and the session tells of a change: no listener left
    session.perform(code_span, project, doc_a.id, 0, 5, code_id("Backlash"))
    assert session.undo_stack.undoText() == "Code 'Backlash'"
    assert session.undo() == "Code 'Backlash'"
    qtbot.wait(20)
    project.remove_listener(session._listener)
