"""Review items of one document: where the coders agree, disagree on the code, or
where a coder has nothing.

Matching follows the agreement engine's segment definition: two segments of different
coders match when overlap = |intersection| / |union| (characters) >= threshold; matching
is greedy, same-code pairs first, then by decreasing overlap, and an item holds at most
one segment per coder. Unlike the engine, the coders' own segments are matched as they
are (not united first), because adjudication accepts or rejects real segments.

Item status:
- ``agreed``: every coder of the document has a matched segment with the same code
  (``same_bounds`` tells whether the bounds are identical: then it is *unanimous*);
- ``code_disagreed``: matched spans, different codes;
- ``missing``: at least one coder of the document has no matching segment.
The coders of a document are those with at least one segment in it or who marked it
done (the consensus coder is never one of them). An item is resolved once a decision names one of its
segments.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.coding.codebook import code_paths
from app.articles.documents import resolve_document
from app.errors import NotFound
from db.models import Assignment, Coder, Decision, DecisionSource, Document, Segment

CONSENSUS = "consensus"
AGREED, CODE_DISAGREED, MISSING = "agreed", "code_disagreed", "missing"


@dataclass(frozen=True)
class ItemSegment:
    id: int
    uuid: str
    coder: str
    code_id: int
    code_path: str
    start: int
    end: int


@dataclass(frozen=True)
class DecisionInfo:
    uuid: str
    outcome: str
    rationale: str
    decided_by: str
    decided_at: datetime
    consensus_segment_uuid: str | None


@dataclass
class ReviewItem:
    number: int
    document_id: int
    status: str
    segments: list[ItemSegment]
    missing_coders: list[str]
    decision: DecisionInfo | None = None
    same_bounds: bool = field(init=False)

    def __post_init__(self) -> None:
        self.same_bounds = len({(s.start, s.end) for s in self.segments}) == 1

    @property
    def start(self) -> int:
        return min(s.start for s in self.segments)

    @property
    def end(self) -> int:
        return max(s.end for s in self.segments)

    @property
    def unanimous(self) -> bool:
        return self.status == AGREED and self.same_bounds

    @property
    def resolved(self) -> bool:
        return self.decision is not None

    def segment_of(self, coder: str) -> ItemSegment | None:
        return next((s for s in self.segments if s.coder == coder), None)

    def to_dict(self) -> dict:
        return {
            "item": self.number, "status": self.status, "unanimous": self.unanimous,
            "start": self.start, "end": self.end, "missing_coders": self.missing_coders,
            "segments": [{"uuid": s.uuid, "coder": s.coder, "code": s.code_path, "start": s.start, "end": s.end}
                         for s in self.segments],
            "decision": None if self.decision is None else {
                "uuid": self.decision.uuid, "outcome": self.decision.outcome,
                "rationale": self.decision.rationale, "decided_by": self.decision.decided_by,
                "decided_at": self.decision.decided_at, "consensus_segment": self.decision.consensus_segment_uuid},
        }


def _ratio(a: ItemSegment, b: ItemSegment) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return 0.0 if inter <= 0 else inter / (max(a.end, b.end) - min(a.start, b.start))


def _cluster(segments: list[ItemSegment], threshold: float) -> list[list[ItemSegment]]:
    order = sorted(segments, key=lambda s: (s.start, s.end, s.id))
    candidates = []
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            if b.start >= a.end:
                break
            if a.coder == b.coder:
                continue
            ratio = _ratio(a, b)
            if ratio >= threshold:
                candidates.append((a.code_id != b.code_id, -ratio, a.start, b.start, a.id, b.id, a, b))
    candidates.sort(key=lambda c: c[:6])
    group = {s.id: [s] for s in order}
    for *_key, a, b in candidates:
        ga, gb = group[a.id], group[b.id]
        if ga is gb or {s.coder for s in ga} & {s.coder for s in gb}:
            continue
        ga.extend(gb)
        for s in gb:
            group[s.id] = ga
    seen, out = set(), []
    for s in order:
        g = group[s.id]
        if id(g) not in seen:
            seen.add(id(g))
            out.append(sorted(g, key=lambda x: x.coder))
    return out


def consensus_coder_id() -> int | None:
    return Coder.select(Coder.id).where(Coder.name == CONSENSUS).scalar()


def document_coders(document_id: int) -> list[str]:
    """Coders (not consensus) with a segment in the document or who marked it done, by name.

    A coder who marked the document done and coded nothing somewhere is "missing" from
    the items there (as agreement counts them: no segment = not coded)."""
    query = (Coder.select(Coder.name).join(Segment, on=(Segment.coder == Coder.id))
             .where((Segment.document == document_id) & (Coder.name != CONSENSUS)).distinct())
    names = {n for (n,) in query.tuples()}
    done = (Coder.select(Coder.name).join(Assignment, on=(Assignment.coder == Coder.id))
            .where((Assignment.document == document_id) & Assignment.done_at.is_null(False)
                   & (Coder.name != CONSENSUS)))
    names |= {n for (n,) in done.tuples()}
    return sorted(names)


def decisions_by_segment(document_id: int) -> dict[str, DecisionInfo]:
    query = (DecisionSource.select(DecisionSource.segment_uuid, Decision)
             .join(Decision).where(Decision.document == document_id))
    out = {}
    for src in query:
        d = src.decision
        out[src.segment_uuid] = DecisionInfo(d.uuid, d.outcome, d.rationale, d.decided_by, d.decided_at,
                                             d.consensus_segment_uuid)
    return out


def review_items(document: Document | str | int, threshold: float = 0.9,
                 coders: list[str] | None = None) -> list[ReviewItem]:
    """Every item of a document (resolved ones too), numbered from 1 in text order."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    doc = resolve_document(document)
    names = document_coders(doc.id)
    if coders is not None:
        unknown = sorted(set(coders) - set(names))
        if unknown:
            raise NotFound(f"'{doc.title}' has no segments by {', '.join(unknown)}")
        names = [n for n in names if n in set(coders)]
    paths = code_paths()
    query = (Segment.select(Segment.id, Segment.uuid, Coder.name, Segment.code, Segment.start, Segment.end)
             .join(Coder, on=(Segment.coder == Coder.id))
             .where((Segment.document == doc.id) & (Coder.name.in_(names))).tuples())
    segments = [ItemSegment(i, u, n, c, paths[c], s, e) for i, u, n, c, s, e in query]
    decided = decisions_by_segment(doc.id)
    items = []
    for group in _cluster(segments, threshold):
        present = {s.coder for s in group}
        missing = [n for n in names if n not in present]
        if missing:
            status = MISSING
        elif len({s.code_id for s in group}) > 1:
            status = CODE_DISAGREED
        else:
            status = AGREED
        decision = next((decided[s.uuid] for s in group if s.uuid in decided), None)
        items.append(ReviewItem(0, doc.id, status, group, missing, decision))
    items.sort(key=lambda it: (it.start, it.end, min(s.code_path for s in it.segments)))
    for number, item in enumerate(items, 1):
        item.number = number
    return items


def get_item(document: Document | str | int, number: int, threshold: float = 0.9,
             coders: list[str] | None = None) -> ReviewItem:
    items = review_items(document, threshold, coders)
    if not 1 <= number <= len(items):
        raise NotFound(f"no item {number}: the document has {len(items)} review items")
    return items[number - 1]
