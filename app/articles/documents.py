"""Documents: look-up, metadata edits, typed attributes, and document memos."""
from __future__ import annotations

import hashlib
from datetime import date

from app.errors import InvalidOperation, NotFound
from app.project import Project
from db.models import Document, DocumentAttribute, Memo, Segment

METADATA_FIELDS = ("title", "source", "author", "published", "url")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resolve_document(ref: Document | str | int) -> Document:
    """A document by object, id, UUID, or exact title (which must be unambiguous)."""
    if isinstance(ref, Document):
        return ref
    found = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        found = Document.get_or_none(Document.id == int(ref))
    if found is None and isinstance(ref, str):
        found = Document.get_or_none(Document.uuid == ref)
        if found is None:
            matches = list(Document.select(Document.id, Document.title, Document.char_count)
                           .where(Document.title == ref).limit(3))
            if len(matches) > 1:
                raise NotFound(f"more than one document is titled {ref!r}: use its id")
            if matches:
                found = Document.get_by_id(matches[0].id)
    if found is None:
        raise NotFound(f"no document {ref!r}")
    return found


def document_metadata(document_id: int) -> Document:
    """A document without its text (title, outlet, dates, memo, length): for headers,
    which need not read 300,000 characters the reader reads anyway."""
    found = (Document.select(*[f for f in Document._meta.sorted_fields if f.name != "text"])
             .where(Document.id == document_id).first())
    if found is None:
        raise NotFound(f"no document {document_id!r}")
    return found


def edit_metadata(project: Project, document: Document | str | int, **fields) -> Document:
    document = resolve_document(document)
    unknown = set(fields) - set(METADATA_FIELDS)
    if unknown:
        raise InvalidOperation(f"unknown document fields: {', '.join(sorted(unknown))}")
    if "title" in fields and not (fields["title"] or "").strip():
        raise InvalidOperation("a document needs a title")
    with project.change(f"Edit {document.title[:40]}") as rec:
        return rec.update(document, **fields)


def set_document_memo(project: Project, document: Document | str | int, memo: str) -> Document:
    document = resolve_document(document)
    with project.change(f"Edit memo of {document.title[:40]}") as rec:
        return rec.update(document, memo=memo or "")


def check_attribute_value(value_type: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = str(value).strip()
    if value_type == "number":
        try:
            float(value)
        except ValueError as exc:
            raise InvalidOperation(f"'{value}' is not a number") from exc
    elif value_type == "date":
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidOperation(f"'{value}' is not a date (YYYY-MM-DD)") from exc
    elif value_type == "boolean":
        lowered = value.lower()
        if lowered not in ("true", "false", "yes", "no", "1", "0"):
            raise InvalidOperation(f"'{value}' is not true or false")
        value = "true" if lowered in ("true", "yes", "1") else "false"
    elif value_type != "text":
        raise InvalidOperation(f"unknown attribute type {value_type!r}")
    return value


def set_attribute(project: Project, document: Document | str | int, name: str, value: str | None,
                  value_type: str = "text") -> DocumentAttribute | None:
    """Set (or with an empty value, remove) a typed attribute of a document."""
    document = resolve_document(document)
    name = (name or "").strip()
    if not name:
        raise InvalidOperation("an attribute needs a name")
    value = check_attribute_value(value_type, value)
    existing = DocumentAttribute.get_or_none(
        (DocumentAttribute.document == document.id) & (DocumentAttribute.name == name))
    with project.change(f"Set {name} of {document.title[:40]}") as rec:
        if value is None:
            if existing is not None:
                rec.delete(existing)
            return None
        if existing is None:
            return rec.insert(DocumentAttribute, document=document.id, name=name, value=value,
                              value_type=value_type)
        return rec.update(existing, value=value, value_type=value_type)


def attributes_of(document_id: int) -> dict[str, tuple[str, str]]:
    """name -> (type, value) for one document."""
    rows = DocumentAttribute.select().where(DocumentAttribute.document == document_id).order_by(
        DocumentAttribute.name)
    return {a.name: (a.value_type, a.value) for a in rows}


def delete_document(project: Project, document: Document | str | int) -> None:
    """Delete a document with its segments, attributes and memos (undoable)."""
    document = resolve_document(document)
    with project.change(f"Delete {document.title[:40]}") as rec:
        for seg in Segment.select().where(Segment.document == document.id):
            rec.delete(seg)
        for attr in DocumentAttribute.select().where(DocumentAttribute.document == document.id):
            rec.delete(attr)
        for memo in Memo.select().where(Memo.document == document.id):
            rec.delete(memo)
        rec.delete(document)
