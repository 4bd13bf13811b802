"""Adjudication through the app API: undo, decisions per code, history, three coders,
and blind mode hiding other coders' segments."""
from __future__ import annotations

import pytest

from app import audit
from app.team import blind
from app.coding import queries
from app.coding.codebook import ensure_code_path, find_code
from app.coding.segments import code_span
from app.errors import InvalidOperation
from app.articles.importing import add_document
from app.team.review import adjudicate
from app.team.review.history import history
from app.team.review.items import get_item, review_items
from db.models import Coder, Decision, DecisionSource, Segment

TEXT = "👩🏽‍💻 Intro line.\nשלום: a quote here, then commentary and more words to code later on.\n" * 4


@pytest.fixture
def doc(project):
    d = add_document(project, TEXT, "Doc")
    ensure_code_path(project, "A/x")
    ensure_code_path(project, "A/y")
    blind.name_lead(project, "ana")  # adjudication is the lead's
    return d


def _state():
    return (sorted((s.uuid, s.start, s.end, s.code_id, s.coder_id) for s in Segment.select()),
            Decision.select().count(), DecisionSource.select().count())


def test_undo_of_resolve_restores_the_state(project, doc):
    code_span(project, doc, 10, 40, "A/x", coder="ana")
    code_span(project, doc, 10, 42, "A/x", coder="ben")
    before = _state()
    item = get_item(doc, 1)
    assert item.status == "agreed" and not item.same_bounds
    decision = adjudicate.merge_bounds(project, item, "union of *both*")
    assert decision.consensus_segment_uuid
    assert Segment.get(Segment.uuid == decision.consensus_segment_uuid).end == 42
    assert get_item(doc, 1).resolved
    change = project.last_change
    project.undo(change)
    assert _state() == before
    assert not get_item(doc, 1).resolved
    assert audit.verify().ok
    project.redo(change)
    assert get_item(doc, 1).decision.outcome == "merged"


def test_decisions_for_code_and_history(project, doc):
    code_span(project, doc, 10, 40, "A/x", coder="ana")
    code_span(project, doc, 10, 40, "A/y", coder="ben")
    item = get_item(doc, 1)
    assert item.status == "code_disagreed"
    with pytest.raises(InvalidOperation, match="different codes"):
        adjudicate.merge_bounds(project, item)
    adjudicate.accept(project, item, "ben", "y fits: see *definition*")
    rows = adjudicate.decisions_for_code(find_code("A/y"))
    assert len(rows) == 1 and rows[0].rationale == "y fits: see *definition*"
    assert [c for c, *_ in rows[0].sources] == ["ana", "ben"]
    assert adjudicate.decisions_for_code("A/x") == []
    labels = [h.label for h in history(document=doc)]
    assert labels[0].startswith("Import") and labels[-1].startswith("Accept ben's A/y")
    code_labels = [h.label for h in history(code="A/y")]
    assert any(label.startswith("Accept ben's") for label in code_labels)
    assert not any(label.startswith("Accept") for label in (h.label for h in history(code="A/x")))


def test_three_coders_and_unanimous(project, doc):
    for coder in ("ana", "ben", "cy"):
        code_span(project, doc, 0, 12, "A/x", coder=coder)
    code_span(project, doc, 20, 30, "A/x", coder="ana")
    code_span(project, doc, 20, 30, "A/x", coder="ben")
    items = review_items(doc)
    assert [(i.status, i.unanimous, i.missing_coders) for i in items] == [
        ("agreed", True, []), ("missing", False, ["cy"])]
    assert adjudicate.accept_unanimous(project, doc) == 1
    assert adjudicate.accept_unanimous(project, doc) == 0
    consensus = Coder.get(Coder.name == "consensus")
    assert [(s.start, s.end) for s in Segment.select().where(Segment.coder == consensus.id)] == [(0, 12)]
    # the consensus coder is never a coder under review
    assert [len(i.segments) for i in review_items(doc)] == [3, 2]
    with pytest.raises(InvalidOperation, match="outside"):
        adjudicate.write_new(project, review_items(doc)[1], 0, 10_000, "A/y")
    adjudicate.write_new(project, review_items(doc)[1], 21, 29, "A/y", "tighter")
    assert review_items(doc)[1].decision.outcome == "new"


def test_blind_hides_other_coders(project, doc):
    code_span(project, doc, 0, 5, "A/x", coder="ana")
    code_span(project, doc, 6, 9, "A/x", coder="ben")
    blind.start_blind(project, "ana")
    visible = blind.visible_coder_ids(project)
    assert visible == [Coder.get(Coder.name == "ana").id]
    assert [r.coder for r in queries.segment_rows(coder_ids=visible)] == ["ana"]
    assert queries.document_rows(visible)[0].segments == 1
    assert {c.path: c.segments for c in queries.code_rows(visible)}["A/x"] == 1
    with pytest.raises(InvalidOperation, match="only the lead, ana"):
        blind.end_blind(project, "ben")
    assert blind.is_blind(project)
    blind.end_blind(project, "ana")
    assert blind.visible_coder_ids(project) is None
    assert [(e.action, e.coder) for e in blind.blind_events()] == [("on", "ana"), ("off", "ana")]
    assert audit.verify().ok
