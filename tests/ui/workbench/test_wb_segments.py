"""The Segments panel: include sub-codes, coder and document filters, multi-select and a
context menu (memo, uncode, recode, open); the window's Coders in View filter counts."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QListWidget

from app.coding import queries
from app.coding import segments as coding
from ui.widgets.code_palette import CodePalette

from .helpers import code_id, when_modal


def _seed(window, seeded):
    project, doc_a, doc_b = seeded
    coding.code_span(project, doc_a.id, 0, 5, "Framing")
    coding.code_span(project, doc_a.id, 6, 10, "Framing/Hashtag")
    coding.code_span(project, doc_b.id, 0, 6, "Framing/Hashtag", coder="ben")
    coding.code_span(project, doc_b.id, 7, 15, "Backlash", coder="ben")
    window.refresh(0xFFFF)
    return project, doc_a, doc_b


def test_parent_code_includes_sub_codes_and_filters_narrow(window, seeded):
    _project, _doc_a, doc_b = _seed(window, seeded)
    panel = window.segments
    window.codebook.select_code(code_id("Framing"))
    assert panel.model.rowCount() == 3  # its own and Hashtag's, both coders
    panel.include_sub.setChecked(False)
    assert panel.model.rowCount() == 1
    panel.include_sub.setChecked(True)
    ben = next(cid for cid, name in queries.coder_rows() if name == "ben")
    panel.coder_filter.setCurrentIndex(panel.coder_filter.findData(ben))
    assert [panel.model.segment(i).coder for i in range(panel.model.rowCount())] == ["ben"]
    panel.coder_filter.setCurrentIndex(0)
    panel.doc_filter.setCurrentIndex(panel.doc_filter.findData(doc_b.id))
    assert {panel.model.segment(i).document_id for i in range(panel.model.rowCount())} == {doc_b.id}
    assert "in one document" in panel.caption.text()


def test_coders_in_view_changes_counts_everywhere(window, seeded):
    _seed(window, seeded)
    ben = next(cid for cid, name in queries.coder_rows() if name == "ben")
    assert window.codebook.model.code(code_id("Framing/Hashtag")).segments == 2
    entries = {a.text(): a for a in window.coders_menu.actions()}
    assert "ben" in entries and "ana" in entries and "All Coders" in entries
    entries["ben"].trigger()  # hide ben
    assert window.view_coder_ids() is not None and ben not in window.view_coder_ids()
    assert window.codebook.model.code(code_id("Framing/Hashtag")).segments == 1
    assert window.codebook.model.code(code_id("Backlash")).segments == 0
    assert window.documents.model.index(1, 3).data() in ("", "0", None)
    entries = {a.text(): a for a in window.coders_menu.actions()}
    entries["All Coders"].trigger()
    assert window.view_coder_ids() is None
    assert window.codebook.model.code(code_id("Backlash")).segments == 1


def test_multi_select_uncode_and_recode_from_the_context_menu(qtbot, window, seeded):
    _seed(window, seeded)
    panel = window.segments
    window.codebook.select_code(code_id("Framing"))
    assert panel.table.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    panel.table.selectAll()
    rows = panel.selected_rows()
    assert len(rows) == 3
    menu = panel.context_menu_for(rows)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["Open in Reader", "Edit Memo…", "Recode 3 Segments As…", "Uncode 3 Segments"]

    def pick(palette):
        palette.search.setText("Backlash")
        palette.accept()
    when_modal(CodePalette, pick)
    next(a for a in menu.actions() if a.text().startswith("Recode")).trigger()
    assert sorted(r.code_path for r in queries.segment_rows()) == ["Backlash"] * 4
    window.undo()
    window.codebook.select_code(code_id("Framing"))
    panel.table.selectAll()
    menu = panel.context_menu_for(panel.selected_rows())
    next(a for a in menu.actions() if a.text().startswith("Uncode")).trigger()
    assert [r.code_path for r in queries.segment_rows()] == ["Backlash"]
    window.undo()
    assert len(queries.segment_rows()) == 4


def test_open_in_reader_from_the_context_menu(window, seeded):
    _project, _doc_a, doc_b = _seed(window, seeded)
    window.codebook.select_code(code_id("Backlash"))
    panel = window.segments
    panel.table.selectRow(0)
    menu = panel.context_menu_for(panel.selected_rows())
    next(a for a in menu.actions() if a.text() == "Open in Reader").trigger()
    assert window.document_id == doc_b.id and window.reader.selection() == (7, 15)
