"""Read-side queries: documents, codes and segments as plain rows for views and exports.

``coder_ids`` filters restrict what is counted and listed (blind mode passes only the
current coder). Each function is one or two queries, never one per row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import fn

from app.coding.codebook import code_paths
from app.coding.shared_reads import shared
from db.models import Code, Coder, Document, Segment


@dataclass(frozen=True)
class DocumentRow:
    id: int
    uuid: str
    title: str
    source: str | None
    author: str | None
    published: str | None
    url: str | None
    char_count: int
    segments: int
    imported_at: datetime


@dataclass(frozen=True)
class CodeRow:
    id: int
    uuid: str
    parent_id: int | None
    name: str
    path: str
    colour: str
    description: str
    definition: str
    when_to_use: str
    when_not_to_use: str
    example: str
    segments: int
    documents: int
    coders: int


@dataclass(frozen=True)
class SegmentRow:
    id: int
    uuid: str
    document_id: int
    document_uuid: str
    document_title: str
    code_id: int
    code_uuid: str
    code_path: str
    colour: str
    coder_id: int
    coder: str
    start: int
    end: int
    text: str
    memo: str
    created_at: datetime
    modified_at: datetime


def _coder_filter(query, coder_ids):
    return query if coder_ids is None else query.where(Segment.coder.in_(list(coder_ids)))


def document_rows(coder_ids: list[int] | None = None) -> list[DocumentRow]:
    counts_query = Segment.select(Segment.document, fn.COUNT(Segment.id)).group_by(Segment.document)
    counts = dict(_coder_filter(counts_query, coder_ids).tuples())
    query = Document.select(
        Document.id, Document.uuid, Document.title, Document.source, Document.author, Document.published,
        Document.url, Document.char_count, Document.imported_at,
    ).order_by(Document.id)
    return [
        DocumentRow(d.id, d.uuid, d.title, d.source, d.author, d.published, d.url, d.char_count,
                    counts.get(d.id, 0), d.imported_at)
        for d in query
    ]


def code_rows(coder_ids: list[int] | None = None) -> list[CodeRow]:
    """All codes in tree order (parents before children, siblings by sort order, name)."""
    stats_query = Segment.select(
        Segment.code, fn.COUNT(Segment.id), fn.COUNT(Segment.document.distinct()),
        fn.COUNT(Segment.coder.distinct()),
    ).group_by(Segment.code)
    stats = {row[0]: row[1:] for row in _coder_filter(stats_query, coder_ids).tuples()}
    paths = code_paths()
    codes = list(Code.select().order_by(Code.sort_order, fn.LOWER(Code.name), Code.id))
    by_parent: dict[int | None, list[Code]] = {}
    for c in codes:
        by_parent.setdefault(c.parent_id, []).append(c)
    ordered: list[Code] = []

    stack = list(reversed(by_parent.get(None, [])))  # iterative: a tree of any depth
    while stack:
        child = stack.pop()
        ordered.append(child)
        stack.extend(reversed(by_parent.get(child.id, [])))
    return [
        CodeRow(c.id, c.uuid, c.parent_id, c.name, paths[c.id], c.colour, c.description, c.definition,
                c.when_to_use, c.when_not_to_use, c.example, *stats.get(c.id, (0, 0, 0)))
        for c in ordered
    ]


SEGMENT_COLUMNS = ("id", "uuid", "document_id", "document_uuid", "document_title", "code_id", "code_uuid",
                   "colour", "coder_id", "coder", "start", "end", "memo", "created_at", "modified_at")


def segment_tuples(code_ids: list[int] | None = None, coder_ids: list[int] | None = None,
                   document_ids: list[int] | None = None, segment_ids: list[int] | None = None) -> list[tuple]:
    """Raw segment rows in ``SEGMENT_COLUMNS`` order, by document then position.

    Read straight from the cursor: no model object per row (most of the time on 100,000
    segments), timestamps as stored. For bulk readers (exports). Shared inside
    ``shared_reads()``."""
    key = ("segment_tuples",) + tuple(None if x is None else tuple(x)
                                      for x in (code_ids, coder_ids, document_ids, segment_ids))
    return shared(key, lambda: _segment_tuples(code_ids, coder_ids, document_ids, segment_ids))


def _segment_tuples(code_ids, coder_ids, document_ids, segment_ids) -> list[tuple]:
    # The segment columns alone (no joins), then the few documents, codes and coders they
    # name from small lookups: a third of the time of the joined query on 5,000 rows.
    query = Segment.select(Segment.id, Segment.uuid, Segment.document, Segment.code, Segment.coder, Segment.start,
                           Segment.end, Segment.memo, Segment.created_at, Segment.modified_at)
    if code_ids is not None:
        query = query.where(Segment.code.in_(list(code_ids)))
    if document_ids is not None:
        query = query.where(Segment.document.in_(list(document_ids)))
    if segment_ids is not None:  # a few rows just changed (the window's incremental views)
        query = query.where(Segment.id.in_(list(segment_ids)))
    query = _coder_filter(query, coder_ids).order_by(Segment.document, Segment.start, Segment.end, Segment.id)
    db = Segment._meta.database
    raw = db.execute_sql(*query.sql()).fetchall()
    if not raw:
        return []
    doc_ids = sorted({r[2] for r in raw})
    docs: dict[int, tuple] = {}
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i:i + 500]
        docs.update((d, (u, t)) for d, u, t in db.execute_sql(*Document.select(
            Document.id, Document.uuid, Document.title).where(Document.id.in_(chunk)).sql()).fetchall())
    codes = {c: (u, col) for c, u, col in db.execute_sql(*Code.select(Code.id, Code.uuid, Code.colour).sql()).fetchall()}
    coders = dict(db.execute_sql(*Coder.select(Coder.id, Coder.name).sql()).fetchall())
    return [(sid, uuid, doc) + docs[doc] + (code,) + codes[code] + (coder, coders[coder], start, end, memo, created,
                                                                     modified)
            for sid, uuid, doc, code, coder, start, end, memo, created, modified in raw]


def segment_rows(code_ids: list[int] | None = None, coder_ids: list[int] | None = None,
                 document_ids: list[int] | None = None) -> list[SegmentRow]:
    """Segments with their exact text, ordered by document then position."""
    rows = segment_tuples(code_ids, coder_ids, document_ids)
    texts = document_texts({r[2] for r in rows})
    paths = code_paths()
    return [segment_row(r, texts[r[2]], paths[r[5]]) for r in rows]


def segment_row(raw: tuple, text: str, code_path: str) -> SegmentRow:
    """One ``segment_tuples`` row as a SegmentRow (``text``: its document's whole text)."""
    (sid, uuid, doc, doc_uuid, title, code, code_uuid, colour, coder_id, coder, start, end, memo, created,
     modified) = raw
    when = Segment.created_at.python_value
    return SegmentRow(sid, uuid, doc, doc_uuid, title, code, code_uuid, code_path, colour, coder_id, coder, start,
                      end, text[start:end], memo, when(created), when(modified))


def document_texts(document_ids) -> dict[int, str]:
    """Document texts by id (read in chunks, so any number of ids works). Shared inside
    ``shared_reads()``."""
    ids = sorted(document_ids)
    return shared(("document_texts", tuple(ids)), lambda: _document_texts(ids))


def _document_texts(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        out.update(Document.select(Document.id, Document.text).where(Document.id.in_(ids[i:i + 500])).tuples())
    return out


def document_segments(document_id: int, coder_ids: list[int] | None = None) -> list[tuple[int, int, int, int, int]]:
    """(segment id, start, end, code id, coder id) of one document, by start: for the reader."""
    query = Segment.select(Segment.id, Segment.start, Segment.end, Segment.code, Segment.coder).where(
        Segment.document == document_id)
    return list(_coder_filter(query, coder_ids).order_by(Segment.start, Segment.end).tuples())


def stats() -> dict[str, int]:
    return {
        "documents": Document.select().count(),
        "codes": Code.select().count(),
        "coders": Coder.select().count(),
        "segments": Segment.select().count(),
    }


def document_segment_count(document_id: int, coder_ids: list[int] | None = None) -> int:
    """How many segments a document has (all coders unless ``coder_ids``)."""
    return _coder_filter(Segment.select().where(Segment.document == document_id), coder_ids).count()


def coder_rows() -> list[tuple[int, str]]:
    """(id, name) of every coder, by name (the consensus coder included)."""
    return [(cid, name) for cid, name in Coder.select(Coder.id, Coder.name).order_by(Coder.name).tuples()]


def document_titles() -> list[tuple[int, str]]:
    """(id, title) of every document, by id (for filters)."""
    return list(Document.select(Document.id, Document.title).order_by(Document.id).tuples())


# -- counts for a few rows (the window updates its views from each change set) ---------------
def document_segment_counts(document_ids, coder_ids: list[int] | None = None) -> dict[int, int]:
    """Segments per document, for just these documents (0 where none)."""
    ids = list(document_ids)
    query = Segment.select(Segment.document, fn.COUNT(Segment.id)).where(Segment.document.in_(ids))
    found = dict(_coder_filter(query, coder_ids).group_by(Segment.document).tuples())
    return {d: found.get(d, 0) for d in ids}


def code_stats(code_ids, coder_ids: list[int] | None = None) -> dict[int, tuple[int, int, int]]:
    """(segments, documents, coders) per code, for just these codes ((0, 0, 0) where none)."""
    ids = list(code_ids)
    query = Segment.select(Segment.code, fn.COUNT(Segment.id), fn.COUNT(Segment.document.distinct()),
                           fn.COUNT(Segment.coder.distinct())).where(Segment.code.in_(ids))
    found = {row[0]: tuple(row[1:]) for row in _coder_filter(query, coder_ids).group_by(Segment.code).tuples()}
    return {c: found.get(c, (0, 0, 0)) for c in ids}
