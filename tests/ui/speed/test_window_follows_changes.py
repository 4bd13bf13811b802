"""Issue 11, Speed, in the window: coding and undo update the reader, the Segments panel and
the counts from the change set; nothing is read again in full."""
from __future__ import annotations

from ..conftest import code_id


def test_coding_and_undo_read_nothing_again(window, qtbot):
    loads = (window.live_spans.full_loads, window.segments.model.full_loads,
             window.documents.model.full_loads, window.codebook.model.full_loads)
    window.reader.select_span(6, 10)
    assert window.coding.apply_code(code_id("Backlash"))
    assert [(s.start, s.end) for s in window.reader.spans()] == [(6, 10)]
    assert window.segments.model.rowCount() == 1 and window.segments.model.index(0, 1).data() == "beta"
    row = window.documents.model.document(window.documents.model.row_of(window.document_id))
    assert row.segments == 1 and window.codebook.model.code(code_id("Backlash")).segments == 1
    window.undo()
    assert window.reader.spans() == [] and window.segments.model.rowCount() == 0
    assert window.codebook.model.code(code_id("Backlash")).segments == 0
    window.redo()
    assert [(s.start, s.end) for s in window.reader.spans()] == [(6, 10)]
    assert (window.live_spans.full_loads, window.segments.model.full_loads,
            window.documents.model.full_loads, window.codebook.model.full_loads) == loads
    assert window.live_spans.updates >= 3


def test_renaming_a_code_relabels_what_the_window_shows(window, qtbot):
    from app.coding import codebook

    window.reader.select_span(6, 10)
    assert window.coding.apply_code(code_id("Backlash"))
    window.session.perform(codebook.rename_code, window.session.project, code_id("Backlash"), "Pushback")
    assert window.segments.model.index(0, 2).data() == "Pushback"
    assert window.reader.spans()[0].label.startswith("Pushback")
