"""The audit trail: an append-only, hash-chained log of every row change.

Each entry carries the SHA-256 of the previous entry, so the log cannot be edited
without breaking the chain; ``verify()`` also replays the log and compares it with
the live rows, so editing the project's tables behind Chorus's back is detected too.
Document texts are logged by their hash, not copied.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Iterator

from app.changes import ChangeSet, Row, insert_rows, row_of
from db.models import TRACKED_MODELS, AuditEntry, Code, Document, utc_now

GENESIS = "0" * 64


@lru_cache(maxsize=256)
def _iso(value: datetime) -> str:
    """ISO text of a timestamp (cached: a bulk change stamps every row the same)."""
    return value.isoformat(sep=" ")


def _jsonable(row: Row | None, table: str) -> str | None:
    if row is None:
        return None
    out: dict[str, Any] = {}
    for key, value in row.items():
        if table == "document" and key == "text":
            continue  # the text is covered by text_sha256
        if isinstance(value, datetime):
            value = _iso(value)
        out[key] = value
    return json.dumps(out, sort_keys=True, ensure_ascii=False)


def _entry_hash(prev: str, fields: tuple) -> str:
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev + payload).encode("utf-8")).hexdigest()


def _last_hash() -> str:
    last = AuditEntry.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1).scalar()
    return last or GENESIS


class _UuidLookup:
    def __init__(self, model):
        self.model = model
        self.cache: dict[int, str] = {}

    def __call__(self, row_id: int | None) -> str | None:
        if row_id is None:
            return None
        if row_id not in self.cache:
            self.cache[row_id] = self.model.select(self.model.uuid).where(self.model.id == row_id).scalar()
        return self.cache[row_id]


def append(changeset: ChangeSet) -> None:
    """Append a change set's rows to the log (call inside the change's transaction)."""
    if not changeset.changes:
        return
    doc_uuid, code_uuid = _UuidLookup(Document), _UuidLookup(Code)
    for change in changeset.changes:  # ids of rows made in this change set
        for row in (change.before, change.after):
            if row and change.table == "document":
                doc_uuid.cache[row["id"]] = change.uuid
            elif row and change.table == "code":
                code_uuid.cache[row["id"]] = change.uuid
    prev = _last_hash()
    at = utc_now()
    at_text = at.isoformat(sep=" ")
    rows = []
    for change in changeset.changes:
        row = change.after or change.before or {}
        if change.table == "document":
            d_uuid, c_uuid = change.uuid, None
        elif change.table == "code":
            d_uuid, c_uuid = None, change.uuid
        else:
            d_uuid, c_uuid = doc_uuid(row.get("document")), code_uuid(row.get("code"))
        before = _jsonable(change.before, change.table)
        after = _jsonable(change.after, change.table)
        fields = (changeset.uuid, changeset.label, changeset.coder, at_text, change.table,
                  change.uuid, change.action, d_uuid, c_uuid, before, after)
        entry_hash = _entry_hash(prev, fields)
        rows.append(fields + (prev, entry_hash))
        prev = entry_hash
    columns = [AuditEntry.changeset, AuditEntry.label, AuditEntry.coder_name, AuditEntry.at,
               AuditEntry.table, AuditEntry.row_uuid, AuditEntry.action, AuditEntry.document_uuid,
               AuditEntry.code_uuid, AuditEntry.before, AuditEntry.after, AuditEntry.prev_hash,
               AuditEntry.entry_hash]
    insert_rows(AuditEntry, columns, rows)


@dataclass
class VerifyResult:
    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _entries() -> Iterator[tuple]:
    query = AuditEntry.select(
        AuditEntry.id, AuditEntry.changeset, AuditEntry.label, AuditEntry.coder_name, AuditEntry.at,
        AuditEntry.table, AuditEntry.row_uuid, AuditEntry.action, AuditEntry.document_uuid,
        AuditEntry.code_uuid, AuditEntry.before, AuditEntry.after, AuditEntry.prev_hash,
        AuditEntry.entry_hash,
    ).order_by(AuditEntry.id).tuples()
    return query.iterator()


def verify(max_problems: int = 50) -> VerifyResult:
    """Check the chain, then that replaying the log gives exactly the live rows."""
    result = VerifyResult()
    prev = GENESIS
    expected: dict[tuple[str, str], str | None] = {}
    for entry in _entries():
        entry_id, *fields, prev_hash, entry_hash = entry
        at = fields[3]
        fields[3] = at.isoformat(sep=" ") if isinstance(at, datetime) else at
        result.entries += 1
        if prev_hash != prev or _entry_hash(prev, tuple(fields)) != entry_hash:
            result.problems.append(f"audit log entry {entry_id} does not match the chain (log edited)")
            if len(result.problems) >= max_problems:
                return result
        prev = entry_hash
        expected[(fields[4], fields[5])] = fields[10]
    for table, model in TRACKED_MODELS.items():
        for instance in model.select().iterator():
            key = (table, instance.uuid)
            live = _jsonable(row_of(instance), table)
            if table == "document" and hashlib.sha256(instance.text.encode("utf-8")).hexdigest() != instance.text_sha256:
                result.problems.append(f"document {instance.uuid}: its text was changed outside Chorus")
            if key not in expected:
                result.problems.append(f"{table} {instance.uuid} is not in the audit log (added outside Chorus)")
            elif expected.pop(key) != live:
                result.problems.append(f"{table} {instance.uuid} differs from its last logged state (edited outside Chorus)")
            if len(result.problems) >= max_problems:
                return result
    for (table, row_uuid), after in expected.items():
        if after is not None:
            result.problems.append(f"{table} {row_uuid} was removed outside Chorus")
    return result
