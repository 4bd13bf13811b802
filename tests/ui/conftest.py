"""UI test fixtures: a real project file with a few documents and codes, a window on it,
and QSettings kept in tmp_path (never the user's own preferences)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

TEXT_A = "Alpha beta gamma. Delta epsilon zeta.\nEta theta iota kappa."
TEXT_B = "Second document text about reckoning and backlash."


@pytest.fixture
def settings(tmp_path):
    from ui.settings import Settings

    qs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    s = Settings(qs)
    s.coder_name = "ana"
    return s


@pytest.fixture
def seeded(project):
    from app.coding import codebook
    from app.articles.importing import add_document

    doc_a = add_document(project, TEXT_A, "Doc A", source="Ledger", published="2017-10-16")
    doc_b = add_document(project, TEXT_B, "Doc B", source="Courier", published="2017-10-20")
    codebook.create_code(project, "Framing", colour="#4e79a7", definition="**Framing** of the campaign")
    codebook.create_code(project, "Hashtag", parent="Framing", colour="#e15759")
    codebook.create_code(project, "Backlash", colour="#59a14f")
    return project, doc_a, doc_b


@pytest.fixture
def window(qtbot, seeded, settings):
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession

    project, doc_a, _doc_b = seeded
    session = ProjectSession(project)
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.open_document(doc_a.id)
    yield win
    session.undo_stack.clear()
    project.remove_listener(session._listener)


def code_id(path: str) -> int:
    from app.coding.codebook import find_code

    return find_code(path).id
