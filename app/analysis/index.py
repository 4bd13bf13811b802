"""The full-text index: which documents can match a query, fast (SQLite only).

The index is a derived cache inside the project file (tables made lazily by
``db.sqlite_specific``; no migration). Before each use it is brought up to date: when
the audit log has grown since the last sync, the documents whose text hash differs from
what was indexed (new, removed, re-imported) are re-indexed, and only those. This also
picks up documents imported by another program (another process writes the audit log
too). PostgreSQL, a read-only file or a locked one use the portable path instead
(``app.analysis.search`` scans the texts with the same matcher), with the same answers.
"""
from __future__ import annotations

from peewee import fn

from app.analysis.query import Node, index_content, to_fts
from db import backend, sqlite_specific
from db.models import AuditEntry, Document

_MARKER = "audit_id"
_CHUNK = 500


def _marker() -> str:
    return str(AuditEntry.select(fn.MAX(AuditEntry.id)).scalar() or 0)


def sync(db) -> int:
    """Bring the index up to date; returns how many documents were (re)indexed.

    Raises one of ``backend.STORE_ERRORS`` when the index cannot be written (read-only
    or locked file, no full-text support): ``usable`` then says to use the portable path.
    """
    with db.atomic():
        if not sqlite_specific.fts_exists(db):
            sqlite_specific.fts_create(db)
        marker = _marker()
        if sqlite_specific.fts_state(db, _MARKER) == marker:
            return 0
        indexed = sqlite_specific.fts_indexed(db)
        current = dict(Document.select(Document.id, Document.text_sha256).tuples())
        stale = [i for i, sha in indexed.items() if current.get(i) != sha]
        sqlite_specific.fts_remove(db, stale)
        todo = [i for i, sha in current.items() if indexed.get(i) != sha]
        for k in range(0, len(todo), _CHUNK):
            chunk = todo[k:k + _CHUNK]
            rows = Document.select(Document.id, Document.text_sha256, Document.text).where(Document.id.in_(chunk))
            sqlite_specific.fts_put(db, ((i, sha, index_content(text)) for i, sha, text in
                                         db.execute_sql(*rows.sql()).fetchall()))
        sqlite_specific.fts_set_state(db, _MARKER, marker)
        return len(todo)


def usable(db) -> bool:
    """Sync the index and say whether it can answer (False: use the portable path)."""
    if backend.is_postgres(db):
        return False
    try:
        sync(db)
    except backend.STORE_ERRORS:  # read-only or locked file, no full-text support: same answers by scanning
        return False
    return True


def candidates(db, node: Node) -> list[int]:
    """Ids of the documents matching the query (index must be usable and synced)."""
    return sqlite_specific.fts_match(db, to_fts(node))


def drop(db) -> None:
    if not backend.is_postgres(db):
        with db.atomic():
            sqlite_specific.fts_drop(db)
