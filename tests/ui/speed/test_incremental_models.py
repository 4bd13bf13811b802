"""Issue 11, Speed: the item models follow change sets row by row (no reset, no reread),
tested without widgets: a ProjectSession, the models, a real project."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.articles.importing import add_document
from app.coding import codebook, queries
from app.coding import segments as coding
from ui.models.code_tree_model import CodeTreeModel
from ui.models.document_table_model import DocumentTableModel
from ui.models.segment_table_model import SegmentTableModel
from ui.project_session import ProjectSession

TEXT = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu."


@pytest.fixture
def setup(qapp, project):
    doc = add_document(project, TEXT, "Doc A")
    other = add_document(project, "Another text entirely, with words.", "Doc B")
    codebook.create_code(project, "Framing", colour="#4e79a7")
    codebook.create_code(project, "Backlash", colour="#59a14f")
    session = ProjectSession(project)
    yield project, session, doc, other
    session.undo_stack.clear()
    project.remove_listener(session._listener)


def _signals(model):
    seen = []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.rowsInserted.connect(lambda *_: seen.append("insert"))
    model.rowsRemoved.connect(lambda *_: seen.append("remove"))
    model.dataChanged.connect(lambda *_: seen.append("change"))
    model.layoutChanged.connect(lambda *_: seen.append("layout"))
    return seen


def _code(path):
    return codebook.find_code(path).id


def test_segment_model_inserts_and_removes_rows_without_reset(setup, qtmodeltester):
    project, session, doc, _other = setup
    model = SegmentTableModel()
    model.track(session)
    coding.code_span(project, doc.id, 6, 10, "Backlash")
    model.reload(document_ids=[doc.id])
    assert model.full_loads == 1 and model.rowCount() == 1
    seen = _signals(model)
    segment = session.perform(coding.code_span, project, doc.id, 0, 5, _code("Framing"))
    assert seen == ["insert"] and model.rowCount() == 2
    assert model.index(0, 1).data() == "Alpha"  # in position order, the new row first
    assert model.index(0, 2).data() == "Framing"
    model.reload(document_ids=[doc.id])  # the window's refresh: free, nothing reread
    assert model.full_loads == 1
    session.undo()
    assert seen == ["insert", "remove"] and [model.segment(i).text for i in range(model.rowCount())] == ["beta"]
    session.redo()
    assert model.rowCount() == 2 and model.row_of(segment.id) >= 0
    # a memo edit is one row changed in place (removed and put back where it sorts)
    session.perform(coding.set_segment_memo, project, segment.id, "a *memo*")
    assert model.segment(model.row_of(segment.id)).memo == "a *memo*"
    assert "reset" not in seen and model.full_loads == 1
    qtmodeltester.check(model)
    # what it cannot follow (a renamed code) makes the next reload read again, once
    session.perform(codebook.rename_code, project, _code("Framing"), "Frames")
    model.reload(document_ids=[doc.id])
    assert model.full_loads == 2 and model.index(model.row_of(segment.id), 2).data() == "Frames"


def test_segment_model_ignores_rows_outside_its_filter(setup):
    project, session, doc, other = setup
    model = SegmentTableModel()
    model.track(session)
    model.reload(code_ids=[_code("Framing")])
    seen = _signals(model)
    session.perform(coding.code_span, project, other.id, 0, 7, _code("Backlash"))
    assert seen == [] and model.rowCount() == 0
    session.perform(coding.code_span, project, other.id, 0, 7, _code("Framing"))
    assert seen == ["insert"] and model.segment(0).document_title == "Doc B"


def test_segment_model_sorts_itself_and_keeps_sorting_when_rows_arrive(setup):
    project, session, doc, _other = setup
    for start, end in ((0, 5), (6, 10), (11, 16)):
        coding.code_span(project, doc.id, start, end, "Framing")
    model = SegmentTableModel()
    model.track(session)
    model.reload(document_ids=[doc.id])
    model.sort(1, Qt.SortOrder.DescendingOrder)
    texts = [model.index(i, 1).data() for i in range(model.rowCount())]
    assert texts == sorted(texts, reverse=True)
    session.perform(coding.code_span, project, doc.id, 24, 31, _code("Backlash"))  # "Epsilon"
    texts = [model.index(i, 1).data() for i in range(model.rowCount())]
    assert "Epsilon" in texts and texts == sorted(texts, key=str.lower, reverse=True)


def test_document_and_code_counts_follow_coding(setup):
    project, session, doc, other = setup
    docs, codes = DocumentTableModel(), CodeTreeModel()
    docs.track(session)
    codes.track(session)
    docs.reload()
    codes.reload()
    doc_seen, code_seen = _signals(docs), _signals(codes)
    session.perform(coding.code_span, project, doc.id, 0, 5, _code("Framing"))
    session.perform(coding.code_span, project, other.id, 0, 7, _code("Framing"))
    assert docs.document(docs.row_of(doc.id)).segments == 1 and docs.document(docs.row_of(other.id)).segments == 1
    framing = codes.code(_code("Framing"))
    assert (framing.segments, framing.documents, framing.coders) == (2, 2, 1)
    assert "reset" not in doc_seen and "reset" not in code_seen and doc_seen and code_seen
    docs.reload()
    codes.reload()
    assert docs.full_loads == 1 and codes.full_loads == 1  # the refresh read nothing again
    session.undo()
    assert docs.document(docs.row_of(other.id)).segments == 0 and codes.code(_code("Framing")).segments == 1
    # counts match what the queries say from scratch
    fresh = {r.id: r.segments for r in queries.document_rows()}
    assert {docs.document(i).id: docs.document(i).segments for i in range(docs.rowCount())} == fresh
    assert {r.id: r.segments for r in codes.rows_in_order()} == {r.id: r.segments for r in queries.code_rows()}


def test_counts_for_a_coder_filter_count_only_those_coders(setup):
    project, session, doc, _other = setup
    ana = project.coder("ana").id
    docs = DocumentTableModel()
    docs.track(session)
    docs.reload([ana])
    coding.code_span(project, doc.id, 0, 5, "Framing", coder="ben")  # not in view
    assert docs.document(docs.row_of(doc.id)).segments == 0
    coding.code_span(project, doc.id, 6, 10, "Framing", coder="ana")
    docs.reload([ana])
    assert docs.document(docs.row_of(doc.id)).segments == 1


def test_an_outside_change_with_no_rows_makes_models_read_again(setup):
    project, session, doc, _other = setup
    model = SegmentTableModel()
    model.track(session)
    model.reload(document_ids=[doc.id])
    session.notify(0)  # blind mode, the coder, settings: anything may differ
    model.reload(document_ids=[doc.id])
    assert model.full_loads == 2


def test_segment_model_lists_exact_segment_ids_and_follows_them(setup):
    project, session, doc, other = setup
    a = coding.code_span(project, doc.id, 0, 5, "Framing")
    coding.code_span(project, doc.id, 6, 10, "Framing")  # same code, same document: not asked for
    b = coding.code_span(project, other.id, 0, 7, "Backlash")
    model = SegmentTableModel()
    model.track(session)
    model.reload(segment_ids=[b.id, a.id])
    assert sorted(model.segment_ids()) == sorted([a.id, b.id]) and model.full_loads == 1
    seen = _signals(model)
    session.perform(coding.code_span, project, doc.id, 11, 16, _code("Framing"))  # new: never joins the list
    assert seen == [] and model.rowCount() == 2
    session.perform(coding.set_segment_memo, project, a.id, "noted")  # one of them: updated in place
    assert model.segment(model.row_of(a.id)).memo == "noted" and "reset" not in seen
    session.perform(coding.uncode, project, b.id)  # uncoded: its row goes
    assert model.segment_ids() == [a.id] and seen.count("remove") == 2
    model.reload(segment_ids=[a.id, b.id])  # the same list again: free
    assert model.full_loads == 1
    model.reload(segment_ids=[a.id, b.id], coder_ids=[])  # nobody's: empty
    assert model.rowCount() == 0
