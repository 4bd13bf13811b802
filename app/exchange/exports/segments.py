"""The coded-segments table: one row per segment, with exact text and positions.

Built from ``app.coding.queries.segment_tuples`` (one joined query read as plain tuples),
plus one query for code paths, one for the document texts and one for the attributes.
"""
from __future__ import annotations

from app.coding.codebook import code_paths
from app.exchange.exports.common import Selection, iso_utc
from app.coding.queries import document_texts, segment_tuples
from db.models import DocumentAttribute

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


def segments_table(selection: Selection, include_attributes: bool) -> tuple[list[str], list[list]]:
    rows = segment_tuples(selection.code_ids, selection.coder_ids, selection.document_ids)
    doc_ids = sorted({r[2] for r in rows})
    names: list[str] = []
    values: dict[int, dict[str, str]] = {}
    if include_attributes and rows:
        names, values = _attributes(doc_ids)
    header = BASE_COLUMNS + [f"attr:{n}" for n in names] + TAIL_COLUMNS
    texts = document_texts(doc_ids)
    paths = code_paths()
    empty: dict[str, str] = {}
    if names:
        return header, [
            [seg, doc_uuid, title, *[values.get(doc_id, empty).get(n, "") for n in names], paths[code_id],
             code_uuid, coder, start, end, texts[doc_id][start:end], memo, iso_utc(created), iso_utc(modified)]
            for (_id, seg, doc_id, doc_uuid, title, code_id, code_uuid, _colour, _coder_id, coder, start, end, memo,
                 created, modified) in rows
        ]
    return header, [
        [seg, doc_uuid, title, paths[code_id], code_uuid, coder, start, end, texts[doc_id][start:end], memo,
         iso_utc(created), iso_utc(modified)]
        for (_id, seg, doc_id, doc_uuid, title, code_id, code_uuid, _colour, _coder_id, coder, start, end, memo,
                 created, modified) in rows
    ]
