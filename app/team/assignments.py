"""Coding assignments: which documents a coder is to code, and which they marked done.

A coder is assigned every document until documents are assigned to them explicitly
(``assign``); from then on exactly those. Marking a document *done* means "read it and
coded what applies": from then on a document where the coder has no segment of a code
counts as "not coded" for agreement (every character absent), never as missing.
Every change is one undoable, audited change (rows of ``Assignment``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.articles.documents import resolve_document
from app.changes import ChangeRecorder
from app.errors import InvalidOperation
from app.project import Project
from db.models import Assignment, Coder, Document, utc_now


def _coder(project: Project, name: str | None) -> Coder:
    """The coder of that name (default: the current coder), created on first use: a coder
    who has coded nothing yet can be assigned documents and mark them done."""
    name = (name or project.coder_name or "").strip()
    if not name:
        raise InvalidOperation("name the coder (--coder NAME)")
    return project.coder(name)


def _rows(coder_id: int) -> dict[int, Assignment]:
    return {a.document: a for a in Assignment.select().where(Assignment.coder == coder_id)}


def _documents(refs) -> list[Document]:
    docs = [resolve_document(ref) for ref in refs]
    return list({d.id: d for d in docs}.values())


def is_restricted(coder_id: int) -> bool:
    """True when the coder has documents assigned explicitly (else: every document)."""
    return Assignment.select().where((Assignment.coder == coder_id) & (Assignment.assigned == True)).exists()  # noqa: E712


def assigned_ids(coder_id: int) -> set[int]:
    """Ids of the documents assigned to the coder (every document when not restricted)."""
    rows = _rows(coder_id)
    if any(r.assigned for r in rows.values()):
        return {d for d, r in rows.items() if r.assigned}
    return {d for (d,) in Document.select(Document.id).tuples()}


def done_ids(coder_id: int) -> set[int]:
    """Ids of the documents the coder marked done and is assigned."""
    rows = _rows(coder_id)
    restricted = any(r.assigned for r in rows.values())
    return {d for d, r in rows.items() if r.done_at is not None and (r.assigned or not restricted)}


def done_by_coder(coder_names: list[str]) -> dict[str, set[int]]:
    """Done document ids per coder name (names without a coder row get an empty set)."""
    ids = dict(Coder.select(Coder.name, Coder.id).where(Coder.name.in_(coder_names)).tuples())
    return {name: (done_ids(ids[name]) if name in ids else set()) for name in coder_names}


def coders_with_done() -> list[str]:
    """Names of coders who marked at least one document done."""
    query = (Coder.select(Coder.name).join(Assignment, on=(Assignment.coder == Coder.id))
             .where(Assignment.done_at.is_null(False)).distinct())
    return sorted(n for (n,) in query.tuples())


def mark_done(project: Project, documents, coder: str | None = None, done: bool = True) -> int:
    """Mark documents done (or not done) for a coder; returns how many rows changed.

    Refused for a document that is not assigned to the coder (assign it first)."""
    who = _coder(project, coder)
    docs = _documents(documents)
    if not docs:
        raise InvalidOperation("name at least one document (--doc)")
    rows = _rows(who.id)
    restricted = any(r.assigned for r in rows.values())
    if done and restricted:
        outside = [d.title for d in docs if not (d.id in rows and rows[d.id].assigned)]
        if outside:
            raise InvalidOperation(f"{who.name} is not assigned {outside[0]!r}; assign it first "
                                   f"(chorus assign PROJECT --coder {who.name} --doc ...)")
    verb = "done" if done else "not done"
    label = (f"Mark '{docs[0].title[:40]}' {verb} for {who.name}" if len(docs) == 1
             else f"Mark {len(docs)} documents {verb} for {who.name}")
    changed = 0
    now = utc_now()
    with project.change(label) as rec:
        for doc in docs:
            row = rows.get(doc.id)
            if done:
                if row is None:
                    rec.insert(Assignment, coder=who.id, document=doc.id, assigned=False, done_at=now,
                               changed_by=project.coder_name)
                    changed += 1
                elif row.done_at is None:
                    rec.update(row, done_at=now, changed_by=project.coder_name)
                    changed += 1
            elif row is not None and row.done_at is not None:
                if row.assigned:
                    rec.update(row, done_at=None, changed_by=project.coder_name)
                else:
                    rec.delete(row)
                changed += 1
    return changed


def assign(project: Project, coder: str, documents=None, *, remove: bool = False, everything: bool = False) -> int:
    """Assign documents to a coder (``remove``: take them off; ``everything``: back to all).

    Returns how many rows changed. Taking off the last assigned document is refused (that
    would mean "every document"): use ``everything`` for that.
    """
    who = _coder(project, coder)
    rows = _rows(who.id)
    changed = 0
    if everything:
        todo = [r for r in rows.values() if r.assigned]
        with project.change(f"Assign every document to {who.name}") as rec:
            for row in todo:
                if row.done_at is None:
                    rec.delete(row)
                else:
                    rec.update(row, assigned=False, changed_by=project.coder_name)
                changed += 1
        return changed
    docs = _documents(documents or [])
    if not docs:
        raise InvalidOperation("name at least one document (--doc), or --all")
    if remove:
        left = {d for d, r in rows.items() if r.assigned} - {d.id for d in docs}
        if not left:
            raise InvalidOperation(f"that would leave {who.name} no assigned document; "
                                   f"use --all to assign every document")
        with project.change(f"Unassign {len(docs)} document(s) from {who.name}") as rec:
            for doc in docs:
                row = rows.get(doc.id)
                if row is not None and row.assigned:
                    if row.done_at is None:
                        rec.delete(row)
                    else:
                        rec.update(row, assigned=False, changed_by=project.coder_name)
                    changed += 1
        return changed
    with project.change(f"Assign {len(docs)} document(s) to {who.name}") as rec:
        for doc in docs:
            row = rows.get(doc.id)
            if row is None:
                rec.insert(Assignment, coder=who.id, document=doc.id, assigned=True, done_at=None,
                           changed_by=project.coder_name)
                changed += 1
            elif not row.assigned:
                rec.update(row, assigned=True, changed_by=project.coder_name)
                changed += 1
    return changed


@dataclass(frozen=True)
class AssignmentRow:
    coder: str
    document_id: int
    document_title: str
    assigned: bool
    done: bool
    done_at: datetime | None

    def to_dict(self) -> dict:
        return {"coder": self.coder, "document_id": self.document_id, "document": self.document_title,
                "assigned": self.assigned, "done": self.done, "done_at": self.done_at}


def status(coders: list[str] | None = None) -> list[AssignmentRow]:
    """Every (coder, assigned document) with its done state, by coder then document id."""
    query = Coder.select().order_by(Coder.name)
    if coders is not None:
        query = query.where(Coder.name.in_(coders))
    titles = dict(Document.select(Document.id, Document.title).order_by(Document.id).tuples())
    out = []
    for coder in query:
        rows = _rows(coder.id)
        done = done_ids(coder.id)
        for doc_id in sorted(assigned_ids(coder.id)):
            if doc_id not in titles:
                continue
            row = rows.get(doc_id)
            out.append(AssignmentRow(coder.name, doc_id, titles[doc_id], True, doc_id in done,
                                     row.done_at if row is not None and doc_id in done else None))
    return out


def done_documents(coder: str) -> set[int]:
    """For the window: ids of the documents the coder marked done (empty for a new coder)."""
    found = Coder.get_or_none(Coder.name == (coder or "").strip())
    return done_ids(found.id) if found is not None else set()


def toggle_done(project: Project, document) -> bool:
    """For the window's one key: flip the current coder's done mark; returns the new state."""
    doc = resolve_document(document)
    now_done = doc.id not in done_documents(project.coder_name)
    mark_done(project, [doc], None, done=now_done)
    return now_done


def merge_assignments(rec: ChangeRecorder, rows: list[dict], doc_map: dict[int, int],
                      coder_map: dict[int, int]) -> int:
    """Take over a teammate's assignments and done marks (inside a merge's change).

    A mark is added, never removed: assigned here or there = assigned; done here or
    there = done (the earlier time). Rows of unmatched documents or coders are skipped.
    Returns how many rows were added or changed."""
    changed = 0
    for row in rows:
        doc, coder = doc_map.get(row["document"]), coder_map.get(row["coder"])
        if doc is None or coder is None:
            continue
        here = Assignment.get_or_none((Assignment.coder == coder) & (Assignment.document == doc))
        if here is None:
            extra = {} if Assignment.get_or_none(Assignment.uuid == row["uuid"]) else {"uuid": row["uuid"]}
            rec.insert(Assignment, coder=coder, document=doc, assigned=bool(row["assigned"]), done_at=row["done_at"],
                       changed_by=row["changed_by"] or "", created_at=row["created_at"], **extra)
            changed += 1
            continue
        updates = {}
        if row["assigned"] and not here.assigned:
            updates["assigned"] = True
        if row["done_at"] is not None and (here.done_at is None or row["done_at"] < here.done_at):
            updates["done_at"] = row["done_at"]
        if updates:
            rec.update(here, **updates)
            changed += 1
    return changed
