"""The audit trail per document and per code, for the app and ``chorus log``.

Reads the hash-chained ``AuditEntry`` log (see app/audit.py): every change set that
touched a row of the document (its segments, attributes, decisions ...) or of the code
(its segments, decisions ...), newest last.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from app.coding.codebook import resolve_code
from app.articles.documents import resolve_document
from db.models import AuditEntry, Code, Document


@dataclass
class HistoryEntry:
    changeset: str
    at: datetime
    coder: str | None
    label: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (table, action, row uuid)

    def to_dict(self) -> dict:
        return {"changeset": self.changeset, "at": self.at, "coder": self.coder, "label": self.label,
                "changes": [{"table": t, "action": a, "uuid": u} for t, a, u in self.rows]}


# Rows that are one coder's work (hidden from others in blind mode), and rows hidden from everyone.
_CODER_TABLES = ("segment", "memo", "assignment")
_REVIEW_TABLES = ("decision", "decision_source")


def _visible(table: str, before: str | None, after: str | None, visible: set[int]) -> bool:
    if table in _REVIEW_TABLES:
        return False
    if table not in _CODER_TABLES:
        return True
    row = json.loads(after or before or "{}")
    return row.get("coder") in visible


def history(document: Document | str | int | None = None, code: Code | str | int | None = None,
            limit: int | None = None, visible_coder_ids: list[int] | None = None) -> list[HistoryEntry]:
    """Change sets touching the document and/or code (both given: both must match).

    ``visible_coder_ids`` (blind mode): only rows of those coders' segments, memos and
    assignments are shown (review decisions never); a change set with nothing left
    to show is left out."""
    visible = None if visible_coder_ids is None else set(visible_coder_ids)
    query = AuditEntry.select(AuditEntry.changeset, AuditEntry.at, AuditEntry.coder_name, AuditEntry.label,
                              AuditEntry.table, AuditEntry.action, AuditEntry.row_uuid, AuditEntry.before,
                              AuditEntry.after)
    if document is not None:
        query = query.where(AuditEntry.document_uuid == resolve_document(document).uuid)
    if code is not None:
        query = query.where(AuditEntry.code_uuid == resolve_code(code).uuid)
    entries: dict[str, HistoryEntry] = {}
    for cs, at, coder, label, table, action, row_uuid, before, after in (
            query.order_by(AuditEntry.id).tuples().iterator()):
        if visible is not None and not _visible(table, before, after, visible):
            continue
        entry = entries.get(cs)
        if entry is None:
            entry = entries[cs] = HistoryEntry(cs, at, coder, label)
        entry.rows.append((table, action, row_uuid))
    out = list(entries.values())
    return out[-limit:] if limit else out
