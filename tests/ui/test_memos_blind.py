"""Memos render as HTML; document attributes are typed; blind mode hides others' coding."""
from __future__ import annotations

from app.coding import segments as coding
from app.articles import documents
from app.team.blind import BLIND_KEY
from ui.actions import ActionId
from ui.widgets.markdown_view import render_markdown
from ui.widgets.memo_dialog import MemoDialog

from .conftest import code_id
from .dialogs import when_modal


def test_render_markdown_escapes_raw_html():
    html = render_markdown("**bold** <script>x</script>")
    assert "<strong>bold</strong>" in html and "<script>" not in html


def test_segment_memo_is_rendered(qtbot, window):
    project = window.session.project
    coding.code_span(project, window.document_id, 0, 5, "Backlash")
    seg_id = window.reader.spans()[0].id

    def write(dialog):
        dialog.editor.setPlainText("A **strong** claim\n\n- one\n- two")
        assert "<strong>strong</strong>" in dialog.preview.toHtml() or "font-weight" in dialog.preview.toHtml()
        dialog.accept()

    when_modal(MemoDialog, write)
    window.coding.edit_memo(seg_id)
    assert coding.get_segment(seg_id).memo.startswith("A **strong** claim")
    window.codebook.select_code(code_id("Backlash"))
    window.segments.table.selectRow(0)
    shown = window.segments.memo.toHtml()
    assert "strong" in shown and "**" not in window.segments.memo.toPlainText()
    assert "one" in window.segments.memo.toPlainText()


def test_document_memo_and_attributes(qtbot, window):
    doc_id = window.document_id
    when_modal(MemoDialog, lambda d: (d.editor.setPlainText("# Heading\nbody"), d.accept()))
    window.actions[ActionId.DOCUMENT_MEMO].trigger()
    assert window.doc_info.memo.toPlainText().startswith("Heading")
    window.doc_info.attributeEdited.emit("words", "450", "number")
    assert documents.attributes_of(doc_id) == {"words": ("number", "450")}
    window.doc_info.attributeEdited.emit("words", "many", "number")  # refused: one-line message
    assert documents.attributes_of(doc_id) == {"words": ("number", "450")}
    assert "not a number" in window.statusBar().currentMessage()
    window.session.undo_stack.undo()
    assert documents.attributes_of(doc_id) == {}


def test_blind_mode_hides_other_coders(qtbot, window):
    project = window.session.project
    doc = window.document_id
    coding.code_span(project, doc, 0, 5, "Backlash", coder="ben")
    coding.code_span(project, doc, 6, 10, "Backlash")  # ana, the current coder
    assert len(window.reader.spans()) == 2
    window.confirm_blind = lambda: True  # the confirmation itself: tests/ui/workbench/test_wb_window.py
    window.actions[ActionId.BLIND_MODE].setChecked(True)
    assert project.setting(BLIND_KEY) == "on"
    assert [s.start for s in window.reader.spans()] == [6]
    assert window.documents.model.index(0, 3).data() == "1"
    assert window.codebook.model.code(code_id("Backlash")).segments == 1
    assert window.segments.model.rowCount() == 1
    assert "blind" in window.coder_label.text()
    window.session.set_coder_name("ben")  # not the lead: may not end blind mode
    window.actions[ActionId.BLIND_MODE].setChecked(False)
    assert project.setting(BLIND_KEY) == "on"
    assert window.actions[ActionId.BLIND_MODE].isChecked()
    assert "only the lead" in window.statusBar().currentMessage()
    window.session.set_coder_name("ana")
    window.actions[ActionId.BLIND_MODE].setChecked(False)
    assert project.setting(BLIND_KEY) == "off"
    assert len(window.reader.spans()) == 2
