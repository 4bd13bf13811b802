"""The audit trail: an append-only, hash-chained log of every row change.

Each entry carries the SHA-256 of the previous entry, so the log cannot be edited
without breaking the chain; ``verify()`` also replays the log and compares it with
the live rows, so editing the project's tables behind Chorus's back is detected too.
Document texts are logged by their hash, not copied.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from app.changes import SETTING_TABLE, ChangeSet, Row, RowChange, insert_rows, row_of
from db import backend
from db.models import TRACKED_MODELS, AuditEntry, Code, Document, ProjectSetting, SchemaVersion, utc_now
from db.statements import Statement

GENESIS = "0" * 64
# json.dumps with options builds a new encoder on every call (twice per logged row); these
# give the very same text (what the chain's hashes are made of)
_ROW_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
_FIELDS_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


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
    return _ROW_JSON(out)


def _entry_hash(prev: str, fields: tuple) -> str:
    payload = _FIELDS_JSON(fields)
    return hashlib.sha256((prev + payload).encode("utf-8")).hexdigest()


_LAST_HASH = Statement(lambda p: AuditEntry.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
_LAST_ID = Statement(lambda p: AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
_UUID_OF = {model: Statement(lambda p, m=model: m.select(m.uuid).where(m.id == p.int("id")))
            for model in (Document, Code)}


def _last_hash() -> str:
    db = AuditEntry._meta.database
    if backend.is_postgres(db):  # the whole chain's head, whatever this login may read (SERVER)
        return backend.audit_head(db)
    return _LAST_HASH.scalar() or GENESIS


class _UuidLookup:
    def __init__(self, model, known: dict | None = None):
        self.model = model
        table = model._meta.table_name
        self.cache: dict[int, str] = {i: u for (t, i), u in (known or {}).items() if t == table}

    def __call__(self, row_id: int | None) -> str | None:
        if row_id is None:
            return None
        if row_id not in self.cache:
            self.cache[row_id] = _UUID_OF[self.model].scalar(id=row_id)
        return self.cache[row_id]


def append(changeset: ChangeSet) -> None:
    """Append a change set's rows to the log (call inside the change's transaction)."""
    if not changeset.changes:
        return
    doc_uuid = _UuidLookup(Document, changeset.known_uuids)
    code_uuid = _UuidLookup(Code, changeset.known_uuids)
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


# Settings are logged from this schema version on (m0004); older files had theirs
# recorded once, on upgrade ("Record project settings in the audit log").
SETTINGS_AUDITED_FROM = 4


def head() -> tuple[int, str]:
    """(number of entries, hash of the last entry): what an export or report was made from.

    Give the hash to ``chorus verify PROJECT --anchor HASH`` later: it fails unless the
    chain still contains that entry, so truncating or re-hashing the log is detected.
    """
    count = AuditEntry.select().count()
    return count, _last_hash()


def head_dict() -> dict[str, Any]:
    count, last = head()
    return {"audit_entries": count, "audit_head": last}


HEAD_SIDECAR_SUFFIX = ".chorus-head.json"


def write_head_sidecar(out: Path, project_name: str, head_value: tuple[int, str] | None = None,
                       what: str = "") -> Path:
    """Write ``<out>.chorus-head.json``: the audit head an export or report was made from.

    A sidecar, not a comment line, so the file itself stays clean for R, pandas or
    Excel. Written to a temporary name and renamed, like the export itself.
    """
    count, last = head_value if head_value is not None else head()
    out = Path(out)
    side = out.with_name(out.name + HEAD_SIDECAR_SUFFIX)
    data = {"file": out.name, "format": what, "project": project_name, "audit_entries": count,
            "audit_head": last, "made_at": utc_now().isoformat(timespec="seconds") + "Z",
            "check": f"chorus verify PROJECT --anchor {last}"}
    tmp = side.with_name(f".{side.name}.{os.getpid()}.partial")
    try:
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, side)
    finally:
        if tmp.exists():
            tmp.unlink()
    return side


def last_entry_id() -> int:
    return _LAST_ID.scalar() or 0


@dataclass(frozen=True)
class LoggedRow:
    """One audit entry as read back (for outside changes)."""

    id: int
    changeset: str
    label: str
    coder: str | None
    table: str
    row_uuid: str
    before: Row | None
    after: Row | None

    def row_change(self) -> RowChange:
        return RowChange(self.table, self.row_uuid, self.before, self.after)


def entries_after(entry_id: int, limit: int = 100_000) -> list[LoggedRow]:
    """Entries newer than ``entry_id``, oldest first (rows as logged: JSON values)."""
    query = (AuditEntry.select(AuditEntry.id, AuditEntry.changeset, AuditEntry.label, AuditEntry.coder_name,
                               AuditEntry.table, AuditEntry.row_uuid, AuditEntry.before, AuditEntry.after)
             .where(AuditEntry.id > entry_id).order_by(AuditEntry.id).limit(limit).tuples())
    out = []
    for eid, cs, label, coder, table, row_uuid, before, after in query:
        out.append(LoggedRow(eid, cs, label, coder, table, row_uuid,
                             json.loads(before) if before else None, json.loads(after) if after else None))
    return out


def settings_audited() -> bool:
    return SchemaVersion.select().where(SchemaVersion.version == SETTINGS_AUDITED_FROM).exists()


def adopt_settings(project) -> None:
    """Record the settings a file had before they were logged (once, on upgrade)."""
    rows = list(ProjectSetting.select().order_by(ProjectSetting.key))
    if not rows:
        return
    logged = AuditEntry.select().where(AuditEntry.table == SETTING_TABLE).exists()
    if logged:
        return
    with project.change("Record project settings in the audit log", coder="chorus") as rec:
        for row in rows:
            rec.changeset.changes.append(RowChange(SETTING_TABLE, row.key, None, {"key": row.key, "value": row.value}))


@dataclass
class VerifyResult:
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    head: str = GENESIS  # the last entry's hash
    anchor_found: bool | None = None  # None: no anchor asked for

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


def verify(max_problems: int = 50, anchor: str | None = None) -> VerifyResult:
    """Check the chain, then that replaying the log gives exactly the live rows.

    With ``anchor`` (a head hash printed earlier, or its first 12+ characters) the chain
    must still contain that entry: this catches a log cut short or re-hashed after an
    edit, which a self-consistent chain alone cannot show.
    """
    result = VerifyResult()
    anchor = (anchor or "").strip().lower() or None
    if anchor is not None:
        result.anchor_found = False
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
        if anchor is not None and entry_hash.startswith(anchor) and (len(anchor) >= 12):
            result.anchor_found = True
        expected[(fields[4], fields[5])] = fields[10]
    result.head = prev
    if anchor is not None and not result.anchor_found:
        result.problems.append(f"the anchor {anchor[:16]} is not in the audit chain "
                               f"(the log was cut short or rewritten since it was taken)"
                               if len(anchor) >= 12 else "the anchor must be at least 12 characters of a head hash")
    settings = {key: value for key, value in ProjectSetting.select(ProjectSetting.key, ProjectSetting.value).tuples()}
    if settings_audited() or any(t == SETTING_TABLE for t, _ in expected):
        for key, value in settings.items():
            live = _jsonable({"key": key, "value": value}, SETTING_TABLE)
            logged = expected.pop((SETTING_TABLE, key), "missing")
            if logged == "missing":
                result.problems.append(f"setting {key!r} is not in the audit log (added outside Chorus)")
            elif logged != live:
                result.problems.append(f"setting {key!r} differs from its last logged value (edited outside Chorus)")
    else:
        expected = {k: v for k, v in expected.items() if k[0] != SETTING_TABLE}
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
            what = f"setting {row_uuid!r}" if table == SETTING_TABLE else f"{table} {row_uuid}"
            result.problems.append(f"{what} was removed outside Chorus")
    return result
