"""File menu: every entry is wired to a working feature (no dead items)."""
from __future__ import annotations

from app.coding import segments as coding
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


def test_codebook_panel_shows_review_decisions_about_the_selected_code(qtbot, window):
    from app.coding.codebook import find_code
    from app.team.review.adjudicate import accept
    from app.team.review.items import review_items

    project = window.session.project
    doc = window.document_id
    coding.code_span(project, doc, 0, 5, "Backlash", coder="ana")
    coding.code_span(project, doc, 0, 5, "Framing", coder="ben")
    from app.team import blind
    blind.name_lead(project, "ana")  # adjudication is the lead's
    item = review_items(doc)[0]
    window.codebook.select_code(find_code("Backlash").id)
    assert "Review decisions" not in window.codebook.details.toPlainText()
    window.session.perform(accept, project, item, "ana", rationale="Fits the *backlash* definition")
    shown = window.codebook.details.toPlainText()
    assert "Review decisions (1)" in shown
    assert "Fits the backlash definition" in shown  # markdown rendered, not raw
    window.session.undo_stack.undo()
    assert "Review decisions" not in window.codebook.details.toPlainText()
