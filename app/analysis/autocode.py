"""Auto-coding: code every hit of a search, optionally widened to its sentence or paragraph.

Two steps, so nothing is coded unseen: ``preview()`` lists the passages that would be
coded (each can be unticked: ``AutoPassage.included``), ``apply()`` codes the ticked
ones as ONE change (one undo step). The change's label records the query, its kind
and the widening (the audit log keeps it: ``autocode_log()`` lists past auto-codings).

Passages that overlap after widening are merged (two hits in one sentence give one
segment); a passage already coded with that code by that coder is shown but skipped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.analysis.search import SearchFilters, find_spans
from app.analysis.units import Unit, units, widen
from app.coding.codebook import _ensure_code_path, code_path, find_code, resolve_code
from app.errors import InvalidOperation
from app.project import Project
from db.models import AuditEntry, Coder, Document, Segment, new_uuid

LABEL_PREFIX = "Auto-code "


@dataclass
class AutoPassage:
    document_id: int
    document_title: str
    start: int
    end: int
    text: str
    hits: int = 1  # search hits inside this passage
    already: bool = False  # already coded exactly so (by this coder, with this code)
    included: bool = True  # untick to leave it out

    def as_json(self) -> dict:
        return {"document_id": self.document_id, "document_title": self.document_title, "start": self.start,
                "end": self.end, "text": self.text, "hits": self.hits, "already_coded": self.already,
                "included": self.included}


@dataclass
class AutoCodePlan:
    query: str
    regex: bool
    widen: Unit | None
    code_path: str
    coder: str
    passages: list[AutoPassage] = field(default_factory=list)

    @property
    def to_code(self) -> list[AutoPassage]:
        return [p for p in self.passages if p.included and not p.already]

    def label(self, count: int | None = None) -> str:
        kind = "regex" if self.regex else "search"
        how = f", widened to {self.widen}" if self.widen else ""
        n = len(self.to_code) if count is None else count
        return f"{LABEL_PREFIX}{kind} {self.query!r}{how} as {self.code_path}: {n} segment{'s' if n != 1 else ''}"

    def as_json(self) -> dict:
        return {"query": self.query, "regex": self.regex, "widen": self.widen, "code": self.code_path,
                "coder": self.coder, "passages": len(self.passages), "to_code": len(self.to_code),
                "already_coded": sum(p.already for p in self.passages),
                "items": [p.as_json() for p in self.passages]}


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Overlapping spans merged: (start, end, number of spans merged)."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
            out[-1][2] += 1
        else:
            out.append([s, e, 1])
    return [tuple(x) for x in out]


def _existing_code(code):
    """The code named by ``code`` (path, id or UUID), or None for a path not made yet."""
    if isinstance(code, str) and not code.isdigit() and not (len(code) == 36 and code.count("-") == 4):
        try:
            return find_code(code)
        except ValueError as exc:
            raise InvalidOperation(str(exc)) from exc
    return resolve_code(code)


def preview(project: Project, query: str, code: str, *, regex: bool = False, widen_to: Unit | None = None,
            filters: SearchFilters | None = None, coder: str | None = None) -> AutoCodePlan:
    """What ``apply`` would code: never changes the project.

    ``code`` is a path (it may not exist yet: ``apply`` then creates it), id or UUID.
    """
    if widen_to not in (None, "sentence", "paragraph"):
        raise InvalidOperation(f"cannot widen to {widen_to!r} (sentence or paragraph)")
    existing = _existing_code(code)
    path = code_path(existing) if existing is not None else code.strip()
    coder_name = coder or project.coder_name
    found, texts, *_ = find_spans(project, query, regex=regex, filters=filters)
    plan = AutoCodePlan(query, regex, widen_to, path, coder_name)
    titles = dict(Document.select(Document.id, Document.title).where(Document.id.in_(list(found))).tuples()) \
        if found else {}
    done: set[tuple[int, int, int]] = set()
    if existing is not None and found:
        query_rows = (Segment.select(Segment.document, Segment.start, Segment.end)
                      .join(Coder, on=(Segment.coder == Coder.id))
                      .where((Segment.code == existing.id) & (Coder.name == coder_name)
                             & Segment.document.in_(list(found))))
        done = set(query_rows.tuples())
    for doc_id in sorted(found):
        text = texts[doc_id]
        spans_of_unit = units(text, widen_to) if widen_to else None
        spans = [widen(text, s, e, widen_to, spans_of_unit) for s, e, _ in found[doc_id]]
        for s, e, n in _merge(spans):
            plan.passages.append(AutoPassage(doc_id, titles[doc_id], s, e, text[s:e], n,
                                             already=(doc_id, s, e) in done))
    return plan


@dataclass(frozen=True)
class AutoCodeResult:
    label: str
    segments: int
    changeset_uuid: str | None


def apply(project: Project, plan: AutoCodePlan) -> AutoCodeResult:
    """Code the plan's ticked passages as one change (creating the code if needed)."""
    todo = plan.to_code
    if not todo:
        return AutoCodeResult(plan.label(0), 0, None)
    coder_row = project.coder(plan.coder)
    label = plan.label(len(todo))
    with project.change(label, coder=coder_row.name) as rec:
        code_row = _ensure_code_path(rec, plan.code_path)
        rows = [{"uuid": new_uuid(), "document": p.document_id, "code": code_row.id, "coder": coder_row.id,
                 "start": p.start, "end": p.end, "memo": ""} for p in todo]
        rec.bulk_insert(Segment, rows)
        changeset = rec.changeset
    return AutoCodeResult(label, len(todo), changeset.uuid)


def autocode(project: Project, query: str, code: str, **options) -> AutoCodeResult:
    """Preview and apply at once (every passage ticked)."""
    return apply(project, preview(project, query, code, **options))


@dataclass(frozen=True)
class AutoCodeLogEntry:
    changeset: str
    label: str
    coder: str | None
    at: object
    segments: int


def autocode_log() -> list[AutoCodeLogEntry]:
    """Past auto-codings, oldest first, from the audit log (undone ones show their undo too)."""
    rows = (AuditEntry.select(AuditEntry.changeset, AuditEntry.label, AuditEntry.coder_name, AuditEntry.at)
            .where(AuditEntry.label.startswith(LABEL_PREFIX) & (AuditEntry.table == "segment"))
            .order_by(AuditEntry.id).tuples())
    out: dict[str, list] = {}
    for changeset, label, coder, at in rows:
        if changeset in out:
            out[changeset][4] += 1
        else:
            out[changeset] = [changeset, label, coder, at, 1]
    return [AutoCodeLogEntry(*v) for v in out.values()]
