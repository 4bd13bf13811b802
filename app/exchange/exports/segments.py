"""The coded-segments table: one row per segment, with exact text and positions.

Built from ``app.coding.queries.segment_tuples`` (one joined query read as plain tuples),
plus one query for code paths, one for the documents (text, outlet, author, date) and
one for the attributes.

Cells are typed: positions are ints; a number attribute is an int or a float, a date a
``datetime.date`` (also the document date when it is a whole date), a boolean a bool;
everything else is text. The writers guard only text cells against formulas, so R and
pandas read a number column as numbers and a spreadsheet shows a date as a date.
"""
from __future__ import annotations

import math
import re
from datetime import date

from app.coding.codebook import code_paths
from app.exchange.exports.common import Selection, iso_utc
from app.coding.queries import segment_tuples
from db.models import Document, DocumentAttribute

BASE_COLUMNS = ["segment_id", "document_id", "document_title", "document_outlet", "document_author",
                "document_date"]
TAIL_COLUMNS = ["code_path", "code_id", "coder", "start", "end", "text", "memo", "created", "modified"]
_CHUNK = 500
_INTEGER = re.compile(r"^[+-]?\d+$")


def typed_value(value_type: str, value: str | None):
    """A stored attribute value as the cell it should be (text stays text)."""
    if value is None:
        return ""
    if value_type == "number":
        text = value.strip()
        if _INTEGER.match(text):
            return int(text)
        try:
            number = float(text)
        except ValueError:
            return value
        return number if math.isfinite(number) else value
    if value_type == "date":
        return _date(value)
    if value_type == "boolean":
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    return value


def _date(value: str | None):
    """A whole ISO date as a date; a partial one ('2017', '2017-10') stays text."""
    if not value:
        return ""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return value


def _attributes(document_ids: list[int]) -> tuple[list[str], dict[int, dict[str, object]]]:
    """Attribute names (sorted) and typed values by document, for these documents."""
    values: dict[int, dict[str, object]] = {}
    names: set[str] = set()
    for i in range(0, len(document_ids), _CHUNK):
        query = (DocumentAttribute.select(DocumentAttribute.document, DocumentAttribute.name,
                                          DocumentAttribute.value_type, DocumentAttribute.value)
                 .where(DocumentAttribute.document.in_(document_ids[i:i + _CHUNK])).tuples())
        for doc_id, name, value_type, value in query:
            names.add(name)
            values.setdefault(doc_id, {})[name] = typed_value(value_type, value)
    return sorted(names), values


def _documents(document_ids: list[int]) -> dict[int, tuple[str, str, str, object]]:
    """(text, outlet, author, date) by document id."""
    out: dict[int, tuple[str, str, str, object]] = {}
    for i in range(0, len(document_ids), _CHUNK):
        query = (Document.select(Document.id, Document.text, Document.source, Document.author, Document.published)
                 .where(Document.id.in_(document_ids[i:i + _CHUNK])).tuples())
        for doc_id, text, source, author, published in query:
            out[doc_id] = (text, source or "", author or "", _date(published))
    return out


def segments_table(selection: Selection, include_attributes: bool) -> tuple[list[str], list[list]]:
    rows = segment_tuples(selection.code_ids, selection.coder_ids, selection.document_ids)
    doc_ids = sorted({r[2] for r in rows})
    names: list[str] = []
    values: dict[int, dict[str, object]] = {}
    if include_attributes and rows:
        names, values = _attributes(doc_ids)
    header = BASE_COLUMNS + [f"attr:{n}" for n in names] + TAIL_COLUMNS
    documents = _documents(doc_ids)
    texts = {doc_id: doc[0] for doc_id, doc in documents.items()}
    empty: dict[str, object] = {}
    # per document: outlet, author, date, then its attribute values (one list, shared by its rows)
    middle = {doc_id: [*doc[1:], *[values.get(doc_id, empty).get(n, "") for n in names]]
              for doc_id, doc in documents.items()}
    paths = code_paths()
    table = [
        [seg, doc_uuid, title, *middle[doc_id], paths[code_id], code_uuid, coder, start, end,
         texts[doc_id][start:end], memo, iso_utc(created), iso_utc(modified)]
        for (_id, seg, doc_id, doc_uuid, title, code_id, code_uuid, _colour, _coder_id, coder, start, end, memo,
             created, modified) in rows
    ]
    # consensus segments carry their review decision (AGREEMENT, app.exchange.exports.decisions)
    if any(r[9] == "consensus" for r in rows):
        from app.exchange.exports.decisions import consensus_decisions
        decided = consensus_decisions([r[1] for r in rows if r[9] == "consensus"])
        none = ("", "", "")
        header = header + ["decision_id", "decision_outcome", "decision_rationale"]
        for row, raw in zip(table, rows):
            row.extend(decided.get(raw[1], none) if raw[9] == "consensus" else none)
    return header, table
