"""The Review window driven with pytest-qt on a merged two-coder project."""
from __future__ import annotations

import os

from PySide6.QtCore import Qt

from app.project import Project
from app.team.review.items import review_items
from ui.project_session import ProjectSession
from ui.review.review_window import ReviewWindow


def test_review_window_flow(merged, designed_doc, qtbot, tmp_path):
    a, _ = merged
    session = ProjectSession(Project.open(a, coder_name="ana"))
    window = ReviewWindow(session)
    qtbot.addWidget(window)
    window.doc_combo.setCurrentIndex(window.doc_combo.findData(designed_doc))
    window.show()
    qtbot.waitExposed(window)
    # opens on the first open disagreement (items 1 and 2 are unanimous)
    assert window.items[window.index].number == 3
    assert [lane.coder for lane in window.view.lanes] == ["consensus", "ana", "ben"]
    shot = tmp_path / "review.png"
    window.grab().save(str(shot))
    if os.environ.get("CHORUS_SHOT"):
        window.grab().save(os.environ["CHORUS_SHOT"])
    assert shot.stat().st_size > 0
    qtbot.mouseClick(window.unanimous_button, Qt.MouseButton.LeftButton)
    assert [i.resolved for i in review_items(designed_doc)][:2] == [True, True]
    # J / K move between items
    window.go_to(0)
    qtbot.keyClick(window.lanes, Qt.Key.Key_J)
    assert window.index == 1
    qtbot.keyClick(window.lanes, Qt.Key.Key_K)
    assert window.index == 0
    qtbot.keyClick(window.panel.rationale, Qt.Key.Key_J)  # typed, not a move
    assert window.index == 0 and window.panel.rationale.toPlainText() == "j"
    window.go_to(3)  # item 4: the codes differ
    window.panel.rationale.setPlainText("**ben** follows the definition")
    accept_ben = window.panel.findChild(type(window.panel.merge_button), "accept:ben")
    qtbot.mouseClick(accept_ben, Qt.MouseButton.LeftButton)
    item4 = review_items(designed_doc)[3]
    assert item4.decision.outcome == "accepted" and item4.decision.rationale == "**ben** follows the definition"
    assert window.panel.rationale.toPlainText() == ""
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    assert not review_items(designed_doc)[3].resolved
    window.go_to(5)  # only ben: reject
    qtbot.mouseClick(window.panel.reject_button, Qt.MouseButton.LeftButton)
    assert review_items(designed_doc)[5].decision.outcome == "rejected"
    window.go_to(2)
    qtbot.mouseClick(window.panel.merge_button, Qt.MouseButton.LeftButton)
    assert review_items(designed_doc)[2].decision.outcome == "merged"
    assert "open" in window.status.text()
    window.close()
    session.close()


def test_review_window_waits_for_blind_mode(team, qtbot):
    a, _ = team
    project = Project.open(a, coder_name="ana")
    window = ReviewWindow(project)
    qtbot.addWidget(window)
    assert "Blind mode is on" in window.status.text()
    assert window.doc_combo.count() == 0
    project.close()
