"""File menu: every entry is wired to a working feature (no dead items)."""
from __future__ import annotations

from app import coding
from ui.actions import EXPORT_IDS, ActionId


def _file_menu_texts(window):
    texts = []
    for action in window.file_menu.actions():
        texts.append(action.text())
        if action.menu():
            texts += [sub.text() for sub in action.menu().actions()]
    return texts


def test_file_menu_has_exports_imports_merge_and_review(window):
    texts = _file_menu_texts(window)
    for action_id in EXPORT_IDS + [ActionId.IMPORT_CODEBOOK, ActionId.IMPORT_EXCHANGE, ActionId.MERGE_PROJECT,
                                   ActionId.REVIEW]:
        assert window.actions[action_id].text() in texts


def test_review_action_opens_the_review_window_on_this_project(qtbot, window):
    project = window.session.project
    doc = window.document_id
    coding.code_span(project, doc, 0, 5, "Backlash", coder="ana")
    coding.code_span(project, doc, 0, 5, "Framing", coder="ben")
    window.actions[ActionId.REVIEW].trigger()
    review = window.file_actions.review_window
    qtbot.waitExposed(review)
    assert review.isVisible()
    assert review.project is project
    assert review.session is window.session
