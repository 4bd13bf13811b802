"""Adjudication: turning review items into consensus segments, each decision undoable.

A decision is one change: the consensus segment (coder "consensus"), a ``Decision``
row (outcome, markdown rationale, who and when, the code it is about) and one
``DecisionSource`` row per coder segment of the item (a snapshot of its coder, code and
bounds). Outcomes: accepted (one coder's segment), merged (union of the bounds), new
(a span written by the adjudicator), rejected (no consensus segment), unanimous.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.changes import ChangeRecorder
from app.coding.codebook import code_path, code_paths, resolve_code
from app.coding.segments import _check_span
from app.articles.documents import resolve_document
from app.errors import InvalidOperation
from app.project import Project
from app.team import blind
from app.team.review.items import CONSENSUS, ReviewItem, review_items
from db.models import Code, Coder, Decision, DecisionSource, Document, Segment


def _consensus_coder(rec: ChangeRecorder) -> Coder:
    found = Coder.get_or_none(Coder.name == CONSENSUS)
    return found or rec.insert(Coder, name=CONSENSUS, colour="#222222")


def check_may_decide(project: Project) -> str:
    """Adjudication is the lead's, after blind mode: refuse anyone else with one line."""
    blind.require_not_blind(project, "review")
    return blind.require_lead(project, "adjudicate")


def _check_open(item: ReviewItem) -> None:
    uuids = [s.uuid for s in item.segments]
    if item.resolved or DecisionSource.select().where(DecisionSource.segment_uuid.in_(uuids)).exists():
        raise InvalidOperation(f"item {item.number} is already resolved (undo that decision first)")


def _decide(rec: ChangeRecorder, project: Project, item: ReviewItem, outcome: str, rationale: str,
            span: tuple[int, int, Code] | None, code: Code | None) -> Decision:
    consensus_uuid = None
    if span is not None:
        start, end, span_code = span
        coder = _consensus_coder(rec)
        seg = Segment.get_or_none((Segment.document == item.document_id) & (Segment.coder == coder.id)
                                  & (Segment.code == span_code.id) & (Segment.start == start) & (Segment.end == end))
        if seg is None:
            seg = rec.insert(Segment, document=item.document_id, code=span_code.id, coder=coder.id,
                             start=start, end=end)
        consensus_uuid = seg.uuid
    code_uuids = dict(Code.select(Code.id, Code.uuid).where(Code.id.in_([s.code_id for s in item.segments])).tuples())
    decision = rec.insert(Decision, document=item.document_id, code=code.id if code else None, outcome=outcome,
                          rationale=rationale or "", consensus_segment_uuid=consensus_uuid,
                          decided_by=project.coder_name)
    for s in item.segments:
        rec.insert(DecisionSource, decision=decision.id, segment_uuid=s.uuid, coder_name=s.coder,
                   code_uuid=code_uuids.get(s.code_id), start=s.start, end=s.end)
    return decision


def _one_code(item: ReviewItem) -> Code | None:
    codes = {s.code_id for s in item.segments}
    return Code.get_by_id(codes.pop()) if len(codes) == 1 else None


def accept(project: Project, item: ReviewItem, coder: str, rationale: str = "") -> Decision:
    """Accept one coder's segment of the item as the consensus."""
    check_may_decide(project)
    _check_open(item)
    seg = item.segment_of(coder)
    if seg is None:
        have = ", ".join(s.coder for s in item.segments)
        raise InvalidOperation(f"item {item.number} has no segment by {coder} (it has: {have})")
    code = Code.get_by_id(seg.code_id)
    with project.change(f"Accept {coder}'s {seg.code_path} (item {item.number})") as rec:
        return _decide(rec, project, item, "accepted", rationale, (seg.start, seg.end, code), code)


def merge_bounds(project: Project, item: ReviewItem, rationale: str = "", code: Code | str | None = None) -> Decision:
    """A consensus segment spanning the union of the item's segments."""
    check_may_decide(project)
    _check_open(item)
    chosen = resolve_code(code) if code is not None else _one_code(item)
    if chosen is None:
        raise InvalidOperation(f"item {item.number}: the coders used different codes; say which code to keep")
    with project.change(f"Merge bounds as {code_path(chosen)} (item {item.number})") as rec:
        return _decide(rec, project, item, "merged", rationale, (item.start, item.end, chosen), chosen)


def write_new(project: Project, item: ReviewItem, start: int, end: int, code: Code | str,
              rationale: str = "") -> Decision:
    """A consensus segment written by the adjudicator (own bounds and code)."""
    check_may_decide(project)
    _check_open(item)
    chosen = resolve_code(code)
    _check_span(Document.get_by_id(item.document_id), start, end)
    with project.change(f"New consensus {code_path(chosen)} (item {item.number})") as rec:
        return _decide(rec, project, item, "new", rationale, (start, end, chosen), chosen)


def reject(project: Project, item: ReviewItem, rationale: str = "", code: Code | str | None = None) -> Decision:
    """No consensus segment: the item is recorded as rejected."""
    check_may_decide(project)
    _check_open(item)
    about = resolve_code(code) if code is not None else _one_code(item)
    with project.change(f"Reject item {item.number}") as rec:
        return _decide(rec, project, item, "rejected", rationale, None, about)


def accept_unanimous(project: Project, document: Document | str | int | None = None, threshold: float = 0.9,
                     rationale: str = "") -> int:
    """Accept every open unanimous item (all coders, same code, same bounds) in one change.

    ``document`` None: every document. Returns the number of items accepted.
    """
    check_may_decide(project)
    docs = [resolve_document(document)] if document is not None else list(Document.select().order_by(Document.id))
    todo = [item for doc in docs for item in review_items(doc, threshold)
            if item.unanimous and not item.resolved and len(item.segments) >= 2]
    if not todo:
        return 0
    label = f"Accept {len(todo)} unanimous segments" + (f" in {docs[0].title[:40]}" if document is not None else "")
    with project.change(label) as rec:
        for item in todo:
            code = Code.get_by_id(item.segments[0].code_id)
            _decide(rec, project, item, "unanimous", rationale, (item.start, item.end, code), code)
    return len(todo)


@dataclass(frozen=True)
class DecisionRow:
    uuid: str
    document_id: int
    document_title: str | None
    code_path: str | None
    outcome: str
    rationale: str
    decided_by: str
    decided_at: datetime
    consensus_segment_uuid: str | None
    sources: list[tuple[str, str, int, int]]  # (coder, segment uuid, start, end)

    def to_dict(self) -> dict:
        return {"uuid": self.uuid, "document": self.document_title, "code": self.code_path,
                "outcome": self.outcome, "rationale": self.rationale, "decided_by": self.decided_by,
                "decided_at": self.decided_at, "consensus_segment": self.consensus_segment_uuid,
                "sources": [{"coder": c, "segment": u, "start": s, "end": e} for c, u, s, e in self.sources]}


def decision_rows(query) -> list[DecisionRow]:
    decisions = list(query.order_by(Decision.decided_at, Decision.id))
    ids = [d.id for d in decisions]
    sources: dict[int, list] = {}
    for src in DecisionSource.select().where(DecisionSource.decision.in_(ids)).order_by(DecisionSource.coder_name):
        sources.setdefault(src.decision_id, []).append((src.coder_name, src.segment_uuid, src.start, src.end))
    titles = dict(Document.select(Document.id, Document.title).tuples())
    paths = code_paths()
    return [DecisionRow(d.uuid, d.document, titles.get(d.document), paths.get(d.code) if d.code else None,
                        d.outcome, d.rationale, d.decided_by, d.decided_at, d.consensus_segment_uuid,
                        sources.get(d.id, [])) for d in decisions]


def decisions_for_code(code: Code | str | int) -> list[DecisionRow]:
    """Decisions about a code (for the codebook view), oldest first."""
    return decision_rows(Decision.select().where(Decision.code == resolve_code(code).id))


def decisions_for_document(document: Document | str | int) -> list[DecisionRow]:
    return decision_rows(Decision.select().where(Decision.document == resolve_document(document).id))
