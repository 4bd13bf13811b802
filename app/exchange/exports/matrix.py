"""The code x document matrix: rows = documents, columns = code paths, cells = counts.

A cell counts the segments coded with exactly that code in that document (by the
selected coders); a parent's column does not add up its sub-codes, so columns never
double-count. Every selected document gets a row, even with no segments.
"""
from __future__ import annotations

from peewee import fn

from app.exchange.exports.common import Selection
from app.coding.queries import code_rows
from db.models import Document, Segment


def matrix_table(selection: Selection) -> tuple[list[str], list[list]]:
    codes = code_rows()
    if selection.code_ids is not None:
        wanted = set(selection.code_ids)
        codes = [c for c in codes if c.id in wanted]
    docs = Document.select(Document.id, Document.uuid, Document.title).order_by(Document.id)
    if selection.document_ids is not None:
        docs = docs.where(Document.id.in_(selection.document_ids))
    counts_query = Segment.select(Segment.document, Segment.code, fn.COUNT(Segment.id)).group_by(
        Segment.document, Segment.code)
    if selection.coder_ids is not None:
        counts_query = counts_query.where(Segment.coder.in_(selection.coder_ids))
    if selection.document_ids is not None:
        counts_query = counts_query.where(Segment.document.in_(selection.document_ids))
    counts = {(d, c): n for d, c, n in counts_query.tuples()}
    header = ["document_id", "document_title"] + [c.path for c in codes]
    rows = [[uuid, title, *[counts.get((doc_id, c.id), 0) for c in codes]]
            for doc_id, uuid, title in docs.tuples()]
    return header, rows
