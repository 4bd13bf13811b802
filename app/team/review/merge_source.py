"""Reading another project file for a merge, strictly read-only.

The file is opened with its own database connection (``mode=ro``) and the models are
bound to it only while its rows are copied into plain dicts; nothing is ever written
to it, and the open project's connection is untouched.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from peewee import DatabaseError

from app.articles.documents import text_hash
from db import sqlite_specific
from db.connection import ProjectFileError
from db.migrations import LATEST_VERSION
from db.models import Assignment, AuditEntry, Code, Coder, Document, DocumentAttribute, SchemaVersion, Segment

READ_MODELS = [SchemaVersion, Coder, Code, Document, DocumentAttribute, Segment, Assignment]


@dataclass
class OtherProject:
    """The rows of another project, as dicts of field name to value (ids are its own)."""

    path: Path
    coders: list[dict] = field(default_factory=list)
    codes: list[dict] = field(default_factory=list)  # parents before children
    documents: list[dict] = field(default_factory=list)  # 'text_ok': stored hash matches the text
    attributes: list[dict] = field(default_factory=list)
    segments: list[dict] = field(default_factory=list)
    assignments: list[dict] = field(default_factory=list)  # done marks (empty in older files)
    head: tuple[int, str] | None = None  # its audit log's (entries, last hash) when read


def _parents_first(codes: list[dict]) -> list[dict]:
    """Codes ordered parents before children (iterative: a tree of any depth; cycles cut)."""
    by_id = {c["id"]: c for c in codes}
    done: set[int] = set()
    out: list[dict] = []
    for code in sorted(codes, key=lambda c: (c["sort_order"], c["id"])):
        chain, seen = [], set()
        node = code
        while node is not None and node["id"] not in done and node["id"] not in seen:
            seen.add(node["id"])
            chain.append(node)
            node = by_id.get(node["parent"])
        for item in reversed(chain):  # the topmost ancestor first
            done.add(item["id"])
            out.append(item)
    return out


def read_project(path: Path | str) -> OtherProject:
    """Every row a merge needs from the project file at ``path`` (never modified)."""
    path = Path(path)
    if not path.is_file():
        raise ProjectFileError(path, "no such project file")
    if not sqlite_specific.looks_like_sqlite(path):
        raise ProjectFileError(path, "not a Chorus project (not an SQLite database)")
    db = sqlite_specific.open_readonly(path)
    try:
        db.connect()
        if sqlite_specific.read_application_id(db) != sqlite_specific.CHORUS_APPLICATION_ID:
            raise ProjectFileError(path, "not a Chorus project (an SQLite file of another program)")
        with db.bind_ctx(READ_MODELS):
            version = SchemaVersion.select().order_by(SchemaVersion.version.desc()).limit(1).scalar() or 0
            if version > LATEST_VERSION:
                raise ProjectFileError(path, f"made by a newer Chorus (schema version {version}); update Chorus")
            other = OtherProject(path)
            other.coders = list(Coder.select().order_by(Coder.id).dicts())
            other.codes = _parents_first(list(Code.select().dicts()))
            other.documents = list(Document.select().order_by(Document.id).dicts())
            other.attributes = list(DocumentAttribute.select().order_by(DocumentAttribute.id).dicts())
            other.segments = list(Segment.select().order_by(Segment.id).dicts())
            if db.table_exists(Assignment._meta.table_name):
                other.assignments = list(Assignment.select().order_by(Assignment.id).dicts())
        with db.bind_ctx([AuditEntry]):  # the head it was merged from (SAFETY)
            last = AuditEntry.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1).scalar()
            other.head = (AuditEntry.select().count(), last or "0" * 64)
    except DatabaseError as exc:
        raise ProjectFileError(path, f"the file is damaged or not a project ({exc})") from exc
    finally:
        db.close()
    for doc in other.documents:
        doc["text_ok"] = text_hash(doc["text"]) == doc["text_sha256"]
    return other
