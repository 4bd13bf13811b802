"""Importing by dropping files on the documents table (worker thread, summary), and the
position contract end to end: a file with emoji, combining marks and CRLF, selected in
the reader with Qt's own (UTF-16) cursor, coded, stored as exactly the selected text."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from app.coding import queries

from .conftest import code_id

TRICKY = ("Title 👩🏽‍💻 line\r\nCafe\u0301 cre\u0300me — 🎉 party 🎉!\r\n"
          "שלום world \U0001F600 end.\r\nLast line e\u0301te\u0301.\r\n")


def drop_files(qtbot, window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = window.documents.table.viewport()
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(10, 10), *args)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(window.importer.done, timeout=20000) as blocker:
        QApplication.sendEvent(target, QDropEvent(QPoint(10, 10).toPointF(), *args))
    return blocker.args[0]


def test_drop_files_imports_in_worker_with_summary(qtbot, window, tmp_path):
    window.importer.show_summary = False
    good = tmp_path / "new-article.txt"
    good.write_text("A new article about the campaign.\n", encoding="utf-8")
    bad = tmp_path / "notes.xyz"
    bad.write_text("nope", encoding="utf-8")
    report = drop_files(qtbot, window, [good, bad])
    assert len(report.imported) == 1 and len(report.rejected) == 1
    assert "notes.xyz" in report.rejected[0].message
    titles = [window.documents.model.document(r).title for r in range(window.documents.model.rowCount())]
    assert len(titles) == 3  # the table refreshed from the worker's change (queued signal)
    window.session.undo_stack.undo()  # the batch is one undo step
    assert window.documents.model.rowCount() == 2


def test_position_contract_end_to_end(qtbot, window, tmp_path):
    window.importer.show_summary = False
    path = tmp_path / "tricky.txt"
    path.write_bytes(TRICKY.encode("utf-8"))
    report = drop_files(qtbot, window, [path])
    doc_id = report.imported[0].document_id
    window.open_document(doc_id)
    stored = TRICKY.replace("\r\n", "\n")
    edit = window.reader.text_edit()
    plain = edit.toPlainText()
    # select "cre\u0300me — 🎉 party 🎉" as a user would: in Qt's UTF-16 positions
    wanted = "cre\u0300me — 🎉 party 🎉"
    q_start = plain.encode("utf-16-le").find(wanted.encode("utf-16-le")) // 2
    q_end = q_start + len(wanted.encode("utf-16-le")) // 2
    cursor = QTextCursor(edit.document())
    cursor.setPosition(q_start)
    cursor.setPosition(q_end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    selected = cursor.selectedText().replace("\u2029", "\n")
    assert selected == wanted
    assert window.coding.apply_code(code_id("Backlash"))
    row = queries.segment_rows(document_ids=[doc_id])[0]
    assert row.text == selected
    assert stored[row.start:row.end] == selected
    # across a line break, with the emoji at the end of a line
    start = plain.encode("utf-16-le").find("\U0001F600".encode("utf-16-le")) // 2
    cursor.setPosition(start)
    cursor.setPosition(start + 2 + 12, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    selected = cursor.selectedText().replace("\u2029", "\n")
    assert window.coding.apply_code(code_id("Framing"))
    texts = {r.text for r in queries.segment_rows(document_ids=[doc_id])}
    assert selected in texts and "\n" in selected
