"""Issue 11, Speed: a coding repaints what changed and no more.

The count columns are sized from the counts (not by Qt asking every row for a size hint
on each changed count), one-line captions keep their size whatever their text (no
re-layout of the pane around them), and opening a document reads its segments once."""
from __future__ import annotations

from ..conftest import code_id


def _code_many(window, doc_id: int, code: int, n: int) -> None:
    from app.coding.segments import code_span

    for i in range(n):
        code_span(window.session.project, doc_id, i % 29, i % 29 + 1 + i // 29, code)


def test_count_columns_widen_when_a_count_gains_a_digit(window, qtbot):
    from app.coding import queries

    tree, table = window.codebook.tree, window.documents.table
    count_col = tree.header().sectionSize(1)
    doc_id = window.document_id
    _code_many(window, doc_id, code_id("Backlash"), 123)
    window.refresh(0xFFFF)  # what an outside change does: counts read again
    assert any(r.segments == 123 for r in queries.code_rows())
    metrics = tree.fontMetrics()
    assert tree.header().sectionSize(1) > count_col
    assert tree.header().sectionSize(1) >= metrics.horizontalAdvance("123")
    assert table.horizontalHeader().sectionSize(3) >= table.fontMetrics().horizontalAdvance("123")
    row = window.documents.model.row_of(doc_id)
    assert window.documents.model.document(row).segments == 123


def test_a_changed_count_asks_no_row_for_its_size(window, qtbot):
    from ui.widgets.swatch_delegate import SwatchDelegate

    class Counting(SwatchDelegate):
        hints = 0

        def sizeHint(self, option, index):  # Qt API
            Counting.hints += 1
            return super().sizeHint(option, index)

    delegate = Counting(window.codebook.tree)
    window.codebook.tree.setItemDelegate(delegate)
    qtbot.wait(10)
    Counting.hints = 0
    window.reader.select_span(6, 10)
    assert window.coding.apply_code(code_id("Backlash"))
    qtbot.wait(10)
    assert window.codebook.model.code(code_id("Backlash")).segments == 1
    # Qt's ResizeToContents asked each of the rows (twice) on every changed count
    assert Counting.hints <= 2


def test_a_caption_keeps_its_size_whatever_its_text(qtbot):
    from ui.widgets.reader_pane import ElidedLabel

    label = ElidedLabel("short")
    qtbot.addWidget(label)
    label.resize(120, 24)
    label.show()
    hint, minimum = label.sizeHint(), label.minimumSizeHint()
    label.set_full_text("a much longer caption that cannot fit the label at all · 5,000 segments")
    assert (label.sizeHint(), label.minimumSizeHint()) == (hint, minimum)
    assert label.text().endswith("5,000 segments")  # callers read the whole text
    assert QLabelText(label).endswith("…")  # the shown text is elided to the width


def QLabelText(label) -> str:
    from PySide6.QtWidgets import QLabel

    return QLabel.text(label)


def test_opening_a_document_reads_its_segments_once(window, qtbot):
    doc_id = window.document_id
    window.reader.select_span(6, 10)
    assert window.coding.apply_code(code_id("Backlash"))
    window.open_document(None)
    statements: list[str] = []
    connection = window.session.project.db.connection()
    connection.set_trace_callback(statements.append)
    try:
        window.open_document(doc_id)
    finally:
        connection.set_trace_callback(None)
    segment_reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and 'FROM "segment"' in s
                     and "COUNT" not in s.upper()]
    text_reads = [s for s in statements if '"text"' in s and 'FROM "document"' in s]
    assert len(segment_reads) == 1, segment_reads
    assert len(text_reads) == 1, text_reads
    assert [(s.start, s.end) for s in window.reader.spans()] == [(6, 10)]
    assert window.segments.model.rowCount() == 1
