"""The coded-segments table: one row per segment, with exact text and positions.

Built from one joined query read as plain tuples (the same rows as
``app.queries.segment_rows``, without making a model object per segment, which is
most of the time on 100,000 segments), plus one query for code paths, one for the
document texts and one for the attributes.
"""
from __future__ import annotations

from app.codebook import code_paths
from app.exports.common import Selection, iso_utc
from db.models import Code, Coder, Document, DocumentAttribute, Segment

BASE_COLUMNS = ["segment_id", "document_id", "document_title"]
TAIL_COLUMNS = ["code_path", "code_id", "coder", "start", "end", "text", "memo", "created", "modified"]
_CHUNK = 500


def _attributes(document_ids: list[int]) -> tuple[list[str], dict[int, dict[str, str]]]:
    """Attribute names (sorted) and values by document, for these documents."""
    values: dict[int, dict[str, str]] = {}
    names: set[str] = set()
    for i in range(0, len(document_ids), _CHUNK):
        query = (DocumentAttribute.select(DocumentAttribute.document, DocumentAttribute.name,
                                          DocumentAttribute.value)
                 .where(DocumentAttribute.document.in_(document_ids[i:i + _CHUNK])).tuples())
        for doc_id, name, value in query:
            names.add(name)
            values.setdefault(doc_id, {})[name] = value if value is not None else ""
    return sorted(names), values


def _texts(document_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(document_ids), _CHUNK):
        out.update(Document.select(Document.id, Document.text)
                   .where(Document.id.in_(document_ids[i:i + _CHUNK])).tuples())
    return out


def _segment_tuples(selection: Selection) -> list[tuple]:
    query = (
        Segment.select(Segment.uuid, Segment.document, Document.uuid, Document.title, Segment.code, Code.uuid,
                       Coder.name, Segment.start, Segment.end, Segment.memo, Segment.created_at,
                       Segment.modified_at)
        .join(Code, on=(Segment.code == Code.id)).switch(Segment)
        .join(Coder, on=(Segment.coder == Coder.id)).switch(Segment)
        .join(Document, on=(Segment.document == Document.id))
    )
    if selection.code_ids is not None:
        query = query.where(Segment.code.in_(selection.code_ids))
    if selection.coder_ids is not None:
        query = query.where(Segment.coder.in_(selection.coder_ids))
    if selection.document_ids is not None:
        query = query.where(Segment.document.in_(selection.document_ids))
    query = query.order_by(Segment.document, Segment.start, Segment.end, Segment.id)
    # Raw cursor rows: timestamps stay as stored (iso_utc reads both text and datetime).
    return Segment._meta.database.execute_sql(*query.sql()).fetchall()


def segments_table(selection: Selection, include_attributes: bool) -> tuple[list[str], list[list]]:
    rows = _segment_tuples(selection)
    doc_ids = sorted({r[1] for r in rows})
    names: list[str] = []
    values: dict[int, dict[str, str]] = {}
    if include_attributes and rows:
        names, values = _attributes(doc_ids)
    header = BASE_COLUMNS + [f"attr:{n}" for n in names] + TAIL_COLUMNS
    texts = _texts(doc_ids)
    paths = code_paths()
    empty: dict[str, str] = {}
    if names:
        return header, [
            [seg, doc_uuid, title, *[values.get(doc_id, empty).get(n, "") for n in names], paths[code_id],
             code_uuid, coder, start, end, texts[doc_id][start:end], memo, iso_utc(created), iso_utc(modified)]
            for seg, doc_id, doc_uuid, title, code_id, code_uuid, coder, start, end, memo, created, modified in rows
        ]
    return header, [
        [seg, doc_uuid, title, paths[code_id], code_uuid, coder, start, end, texts[doc_id][start:end], memo,
         iso_utc(created), iso_utc(modified)]
        for seg, doc_id, doc_uuid, title, code_id, code_uuid, coder, start, end, memo, created, modified in rows
    ]
