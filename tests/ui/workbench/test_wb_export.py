"""Exports from the window: a sensible file name in the project's folder (never the
project file), the file type, the CLI's filters, off the GUI thread, Cancel leaves nothing."""
from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from app.coding import segments as coding
from ui.widgets.export_dialog import ExportDialog

from .helpers import when_modal


def _answer_file(path_holder, out_name=None):
    def act(dialog: QFileDialog):
        path_holder["dir"] = dialog.directory().absolutePath()
        path_holder["name"] = dialog.findChild(QLineEdit, "fileNameEdit").text()
        path_holder["filters"] = dialog.nameFilters()
        if out_name:
            dialog.findChild(QLineEdit, "fileNameEdit").setText(out_name)
            dialog.accept()
        else:
            dialog.reject()
    when_modal(QFileDialog, act)


def test_export_with_filters_runs_in_the_background(qtbot, window, seeded, tmp_path):
    project, doc_a, doc_b = seeded
    coding.code_span(project, doc_a.id, 0, 5, "Backlash")
    coding.code_span(project, doc_b.id, 0, 6, "Framing", coder="ben")
    coding.code_span(project, doc_b.id, 7, 12, "Framing/Hashtag", coder="ben")
    window.refresh(0xFFFF)
    seen = {}
    _answer_file(seen, "framing")

    def choose(dialog: ExportDialog):
        for i in range(dialog.codes.count()):
            if dialog.codes.item(i).text() == "Framing":
                dialog.codes.item(i).setSelected(True)
        dialog.accept()
    when_modal(ExportDialog, choose)
    window.file_actions.export("segments-csv")
    qtbot.waitUntil(lambda: getattr(window.file_actions, "last_export", None) is not None, timeout=8000)
    assert seen["dir"] == str(project.path.parent)
    assert seen["name"] == "test-segments.csv" and seen["name"] != project.path.name
    assert seen["filters"][0] == "CSV (*.csv)"
    out = project.path.parent / "framing.csv"  # the suffix is added
    assert window.file_actions.last_export.path == out
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    paths = sorted(r.get("code_path") or r.get("code") for r in rows)
    assert len(rows) == 2 and all("Framing" in p for p in paths)  # with the sub-code, not Backlash
    assert "Exported 2 rows" in window.statusBar().currentMessage()


def test_cancel_leaves_no_file(qtbot, window, seeded):
    from ui.export_runner import ExportWorker
    from app.exchange.exports.common import ExportFilters

    project = seeded[0]
    out = project.path.parent / "cancelled.csv"
    worker = ExportWorker(project, "segments-csv", out, ExportFilters())
    worker.cancel()
    results = []
    worker.finished.connect(lambda r, e: results.append((r, e)))
    worker.run()  # here, in this thread: the same code the QThread runs
    project.activate()
    assert results and results[0][0] is None and "cancelled" in results[0][1]
    assert not out.exists() and not list(project.path.parent.glob("cancelled*"))
    QApplication.processEvents()
