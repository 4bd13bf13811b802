"""Peewee models: the Chorus project schema (see db/SCHEMA.md for the prose version).

Portable on purpose: nothing here is SQLite-specific, so the same models can later
run on PostgreSQL. SQLite-only settings live in db/sqlite_specific.py.

Conventions:
- Integer primary keys for joins; a stable ``uuid`` (text, 36 chars, dashed) on every
  row that can be exchanged or merged between projects.
- Positions (``Segment.start``/``end``) are Unicode code points into ``Document.text``,
  end exclusive. Coded text is never copied: it is ``text[start:end]``.
- Timestamps are UTC.
"""
from __future__ import annotations

import uuid as uuid_module
from datetime import datetime, timezone

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database_proxy = DatabaseProxy()


def new_uuid() -> str:
    return str(uuid_module.uuid4())


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """One row per applied migration."""

    version = IntegerField(primary_key=True)
    name = CharField()
    applied_at = DateTimeField(default=utc_now)


class ProjectSetting(BaseModel):
    """Key/value settings of the project (name, blind mode, ...)."""

    key = CharField(primary_key=True)
    value = TextField(null=True)


class Coder(BaseModel):
    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    name = CharField(unique=True)
    colour = CharField(max_length=9, default="#4477aa")
    created_at = DateTimeField(default=utc_now)


class Document(BaseModel):
    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    title = TextField()
    source = TextField(null=True)  # outlet / publication
    author = TextField(null=True)
    published = CharField(max_length=32, null=True)  # ISO date 'YYYY-MM-DD' (or partial)
    url = TextField(null=True)
    import_path = TextField(null=True)
    text = TextField()
    text_sha256 = CharField(max_length=64, index=True)
    char_count = IntegerField()  # len(text) in code points
    imported_at = DateTimeField(default=utc_now)
    memo = TextField(default="")  # markdown


class Code(BaseModel):
    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    name = TextField()
    colour = CharField(max_length=9, default="#ffcc00")
    description = TextField(default="")
    definition = TextField(default="")
    when_to_use = TextField(default="")
    when_not_to_use = TextField(default="")
    example = TextField(default="")
    sort_order = IntegerField(default=0)
    created_at = DateTimeField(default=utc_now)
    modified_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("parent", "name"), False),)


class Segment(BaseModel):
    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    document = ForeignKeyField(Document, backref="segments", on_delete="CASCADE")
    code = ForeignKeyField(Code, backref="segments", on_delete="RESTRICT")
    coder = ForeignKeyField(Coder, backref="segments", on_delete="RESTRICT")
    start = IntegerField()
    end = IntegerField()
    memo = TextField(default="")  # markdown
    created_at = DateTimeField(default=utc_now)
    modified_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = (
            (("document", "start", "end"), False),
            (("code",), False),
            (("coder",), False),
        )


class DocumentAttribute(BaseModel):
    """A typed name/value pair on a document (outlet type, region, ...)."""

    TYPES = ("text", "number", "date", "boolean")

    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    document = ForeignKeyField(Document, backref="attributes", on_delete="CASCADE")
    name = CharField()
    value_type = CharField(max_length=10, default="text")
    value = TextField(null=True)

    class Meta:
        indexes = ((("document", "name"), True),)


class Memo(BaseModel):
    """A free-standing markdown memo (project-level, or about a document or code)."""

    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    title = TextField(default="")
    body = TextField(default="")
    document = ForeignKeyField(Document, null=True, backref="memos", on_delete="CASCADE")
    code = ForeignKeyField(Code, null=True, backref="memos", on_delete="CASCADE")
    coder = ForeignKeyField(Coder, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utc_now)
    modified_at = DateTimeField(default=utc_now)


class AuditEntry(BaseModel):
    """Append-only, hash-chained log of every change to the project's rows.

    ``entry_hash`` = SHA-256 over the previous entry's hash and this entry's content,
    so editing the file behind Chorus's back breaks the chain (``chorus verify``).
    """

    id = AutoField()
    changeset = CharField(max_length=36, index=True)  # groups the rows of one user action
    label = TextField()
    coder_name = TextField(null=True)
    at = DateTimeField(default=utc_now)
    table = CharField(column_name="table_name")
    row_uuid = CharField(max_length=36, index=True)
    action = CharField(max_length=8)  # insert | update | delete
    document_uuid = CharField(max_length=36, null=True, index=True)
    code_uuid = CharField(max_length=36, null=True, index=True)
    before = TextField(null=True)  # JSON
    after = TextField(null=True)  # JSON
    prev_hash = CharField(max_length=64)
    entry_hash = CharField(max_length=64)


# --- Team review (migration 0002) ---------------------------------------------------------


class BlindEvent(BaseModel):
    """Blind coding switched on or off: who did it, when, and who leads (may end it)."""

    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    action = CharField(max_length=3)  # on | off
    coder_name = TextField()
    lead = TextField()
    at = DateTimeField(default=utc_now)


class Decision(BaseModel):
    """An adjudication of one review item: the consensus segment (if any) and why.

    ``document`` and ``code`` are row ids without a foreign-key constraint, so a decision
    outlives the deletion of its document or code (it is part of the project's history).
    """

    OUTCOMES = ("accepted", "merged", "new", "rejected", "unanimous")

    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    document = IntegerField(index=True)
    code = IntegerField(null=True, index=True)
    outcome = CharField(max_length=10)
    rationale = TextField(default="")  # markdown
    consensus_segment_uuid = CharField(max_length=36, null=True, index=True)
    decided_by = TextField()
    decided_at = DateTimeField(default=utc_now)


class DecisionSource(BaseModel):
    """A coder's segment a decision was about (a snapshot: the segment may change later)."""

    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    decision = ForeignKeyField(Decision, backref="sources", on_delete="CASCADE")
    segment_uuid = CharField(max_length=36, index=True)
    coder_name = TextField()
    code_uuid = CharField(max_length=36, null=True)
    start = IntegerField()
    end = IntegerField()


# --- Code suggestions (migration 0006) ---------------------------------------------------


class SuggestionDismissal(BaseModel):
    """A suggested passage a coder dismissed for a code: never suggested for it again."""

    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    code = ForeignKeyField(Code, backref="dismissals", on_delete="CASCADE")
    document = ForeignKeyField(Document, backref="dismissals", on_delete="CASCADE")
    start = IntegerField()
    end = IntegerField()
    coder_name = TextField()
    engine = CharField(max_length=16)
    at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("code", "document", "start", "end"), False),)


# --- Coding assignments and the team lead (migration 0003, AGREEMENT) ----------------------


class Assignment(BaseModel):
    """One coder and one document: assigned to them, and whether they marked it done.

    ``coder`` and ``document`` are row ids without a foreign-key constraint (like
    ``Decision.document``), so deleting a document never drops these rows behind the
    change pipeline's back. A coder with no row where ``assigned`` is true is assigned
    every document; otherwise exactly the documents of those rows. ``done_at`` set:
    the coder marked the document done ("read, coded what applies").
    """

    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    coder = IntegerField()
    document = IntegerField(index=True)
    assigned = BooleanField(default=False)
    done_at = DateTimeField(null=True)
    changed_by = TextField(default="")
    created_at = DateTimeField(default=utc_now)
    modified_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("coder", "document"), True),)


class TeamLead(BaseModel):
    """The project's lead (who adjudicates) was named; the newest row is the current one.

    Starting blind mode also names its lead (a ``BlindEvent``); the newer of the two wins.
    """

    id = AutoField()
    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    coder_name = TextField()
    named_by = TextField()
    at = DateTimeField(default=utc_now)


ALL_MODELS = [
    SchemaVersion,
    ProjectSetting,
    Coder,
    Document,
    Code,
    Segment,
    DocumentAttribute,
    Memo,
    AuditEntry,
    BlindEvent,
    Decision,
    DecisionSource,
    Assignment,
    TeamLead,
    SuggestionDismissal,
]

# Tables whose changes are recorded (undo and audit), by table name.
TRACKED_MODELS = {m._meta.table_name: m for m in (Coder, Document, Code, Segment, DocumentAttribute, Memo,
                                                     BlindEvent, Decision, DecisionSource, Assignment, TeamLead,
                                                     SuggestionDismissal)}

__all__ = [m.__name__ for m in ALL_MODELS] + [
    "ALL_MODELS",
    "TRACKED_MODELS",
    "BaseModel",
    "database_proxy",
    "new_uuid",
    "utc_now",
]
