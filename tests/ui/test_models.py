"""Item models pass Qt's model tester and show what the project holds (no widgets)."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from app.coding import segments as coding
from ui.models.code_tree_model import CodeTreeModel
from ui.models.document_table_model import DocumentFilterProxy, DocumentTableModel
from ui.models.roles import ID_ROLE
from ui.models.segment_table_model import SegmentTableModel


def test_document_model(qtmodeltester, seeded):
    project, doc_a, doc_b = seeded
    coding.code_span(project, doc_a, 0, 5, "Backlash")
    model = DocumentTableModel()
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "Doc A"
    assert model.index(0, 3).data() == "1"
    proxy = DocumentFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.setFilterFixedString("courier")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(ID_ROLE) == doc_b.id


def test_document_model_updates_counts_in_place(qtmodeltester, seeded):
    project, doc_a, _ = seeded
    model = DocumentTableModel()
    model.reload()
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    coding.code_span(project, doc_a, 0, 5, "Backlash")
    model.reload()
    assert model.index(0, 3).data() == "1" and not resets


def test_code_tree_model(qtmodeltester, seeded):
    project, doc_a, _ = seeded
    coding.code_span(project, doc_a, 0, 5, "Framing/Hashtag")
    model = CodeTreeModel()
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # Backlash, Framing at the top level
    framing = model.index(1, 0)
    assert framing.data() == "Framing"
    hashtag = model.index(0, 0, framing)
    assert hashtag.data() == "Hashtag" and model.index(0, 1, framing).data() == "1"
    assert model.parent(hashtag) == framing.siblingAtColumn(0)
    assert model.data(hashtag, Qt.ItemDataRole.DecorationRole).name() == "#e15759"
    mime = model.mimeData([hashtag])
    moves = []
    model.moveRequested.connect(lambda c, p: moves.append((c, p)))
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert moves == [(hashtag.data(ID_ROLE), -1)]


def test_segment_model(qtmodeltester, seeded):
    project, doc_a, _ = seeded
    coding.code_span(project, doc_a, 6, 10, "Backlash", memo="a *memo*")
    model = SegmentTableModel()
    model.reload()
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(5)] == ["Doc A", "beta", "Backlash", "ana", "a *memo*"]
    coding.code_span(project, doc_a, 0, 5, "Framing/Hashtag")
    model.reload()
    hashtag = model.index(0, 2)  # ordered by position: 'Alpha' first
    assert hashtag.data() == "Hashtag" and hashtag.data(Qt.ItemDataRole.ToolTipRole) == "Framing/Hashtag"
