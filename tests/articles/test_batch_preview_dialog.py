"""The window's preview of a news-database export (ui/widgets/batch_preview_dialog.py),
shown by the import flow (ImportController.start) before a batch file is imported."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.articles.importing import preview_batch
from ui.widgets.batch_preview_dialog import BatchPreviewDialog, confirm_batches

DATA = Path(__file__).parent / "data"


def test_dialog_lists_headlines_outlets_dates_and_duplicates(qtbot):
    path = DATA / "factiva-sample.txt"
    dialog = BatchPreviewDialog(path, preview_batch(path))
    qtbot.addWidget(dialog)
    assert dialog.headlines() == ["Helplines report surge in calls after #MeToo",
                                  "Survey: one in three women in finance has faced harassment",
                                  "Survey: one in three women in finance has faced harassment"]
    row = dialog.table.topLevelItem(2)
    assert [row.text(c) for c in range(6)] == ["3", "Survey: one in three women in finance has faced harassment",
                                               "The Lakeside Courier", "2017-10-26", "388", "same text as #2"]
    assert "Factiva export with <b>3 articles</b>" in dialog.summary.text()
    assert "1 article repeats the text" in dialog.summary.text()
    assert dialog.import_button.text() == "Import 3 articles"


def _answer(accept: bool, seen: list):
    def act():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, BatchPreviewDialog):
            seen.append(dialog.headlines())
            dialog.accept() if accept else dialog.reject()
        else:
            QTimer.singleShot(20, act)
    QTimer.singleShot(0, act)


def test_confirm_keeps_accepted_batches_and_passes_other_files(qtbot, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("An ordinary article.")
    seen: list = []
    _answer(True, seen)
    kept = confirm_batches([plain, DATA / "factiva-sample.html"])
    assert kept == [plain, DATA / "factiva-sample.html"]
    assert seen == [["Campus counsellors brace for #MeToo conversations",
                     "Inside the newsroom debate over naming accused men"]]


def test_confirm_drops_a_cancelled_batch(qtbot):
    seen: list = []
    _answer(False, seen)
    assert confirm_batches([DATA / "factiva-sample.rtf"]) == []
    assert len(seen) == 1 and len(seen[0]) == 2


def test_window_import_flow_previews_then_imports_each_article(qtbot, project, tmp_path):
    """ImportController.start (the window's import and drop path) shows the preview; accepted,
    each article becomes a document, and the batch is one undo step."""
    from PySide6.QtCore import QSettings

    from db.models import Document
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "ana"
    session = ProjectSession(project)
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.importer.show_summary = False
    seen: list = []
    _answer(True, seen)
    with qtbot.waitSignal(win.importer.done, timeout=20000) as blocker:
        assert win.importer.start([DATA / "factiva-sample.txt"])
    assert len(seen) == 1 and len(blocker.args[0].imported) == 3
    assert Document.select().count() == 3
    session.undo_stack.undo()
    assert Document.select().count() == 0
    _answer(False, seen)
    assert win.importer.start([DATA / "factiva-sample.txt"]) is False  # cancelled: nothing started
    assert isinstance(QApplication.activeModalWidget(), QDialog) is False
    session.undo_stack.clear()
    project.remove_listener(session._listener)
