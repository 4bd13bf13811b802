"""The coding as the analyses read it: segments, code paths, document facts, in bulk.

One or two queries each, read straight from the cursor (no model object per row), so
the analyses stay fast on 100,000 segments. ``coder_ids`` restricts the segments read
(None: all coders; blind mode: ``scope_coders`` gives only the current coder).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from peewee import fn

from app.analysis.search import coder_ids as _coder_ids
from app.coding.codebook import code_paths
from db.models import Code, Coder, Document, DocumentAttribute, Segment


class Seg(NamedTuple):
    id: int
    document: int
    code: int
    coder: int
    start: int
    end: int


def _rows(query) -> list[tuple]:
    """A query's rows as plain tuples straight from the cursor (no per-row conversion)."""
    return Document._meta.database.execute_sql(*query.sql()).fetchall()


def scope_coders(project, names: list[str] | tuple[str, ...] | None) -> list[int] | None:
    """Coder names to ids (None: everyone), restricted to mine in blind mode."""
    return _coder_ids(project, tuple(names) if names else None)


def segments(coder_ids: list[int] | None = None, code_ids: list[int] | None = None,
             document_ids: list[int] | None = None, raw: bool = False) -> list[Seg]:
    """Segments ordered by document, start, end (``raw``: plain tuples in Seg's field order)."""
    query = Segment.select(Segment.id, Segment.document, Segment.code, Segment.coder, Segment.start, Segment.end)
    if coder_ids is not None:
        query = query.where(Segment.coder.in_(list(coder_ids)))
    if code_ids is not None:
        query = query.where(Segment.code.in_(list(code_ids)))
    if document_ids is not None:
        query = query.where(Segment.document.in_(list(document_ids)))
    query = query.order_by(Segment.document, Segment.start, Segment.end, Segment.id)
    rows = _rows(query)
    return rows if raw else list(map(Seg._make, rows))


def document_codes(coder_ids: list[int] | None = None) -> list[tuple[int, int, int]]:
    """Distinct (document, coder, code) triples: what saturation needs."""
    query = Segment.select(Segment.document, Segment.coder, Segment.code).distinct()
    if coder_ids is not None:
        query = query.where(Segment.coder.in_(list(coder_ids)))
    return _rows(query)


@dataclass(frozen=True)
class DocInfo:
    id: int
    title: str
    source: str | None
    published: str | None
    char_count: int


def documents() -> dict[int, DocInfo]:
    query = Document.select(Document.id, Document.title, Document.source, Document.published,
                            Document.char_count).order_by(Document.id)
    return {row[0]: DocInfo(*row) for row in _rows(query)}


def codes_in_tree_order() -> list[tuple[int, str]]:
    """(code id, path) of every code, parents before children, siblings by sort order and name
    (the codebook panel's order)."""
    paths = code_paths()
    rows = _rows(Code.select(Code.id, Code.parent).order_by(Code.sort_order, fn.LOWER(Code.name), Code.id))
    children: dict[int | None, list[int]] = {}
    for cid, parent in rows:
        children.setdefault(parent, []).append(cid)
    out: list[tuple[int, str]] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        cid = stack.pop()
        out.append((cid, paths[cid]))
        stack.extend(reversed(children.get(cid, [])))
    return out


def paths() -> dict[int, str]:
    return code_paths()


def coder_names() -> dict[int, str]:
    return dict(Coder.select(Coder.id, Coder.name).tuples())


def attribute_values(name: str) -> dict[int, str]:
    """A document attribute by document id; built-in names too.

    ``outlet``/``source``: the document's outlet; ``year``/``month``: of its publication
    date; ``document``: its title; anything else: the named document attribute.
    """
    key = name.lower()
    if key in ("outlet", "source"):
        return {i: (s or "(no outlet)") for i, s in Document.select(Document.id, Document.source).tuples()}
    if key in ("year", "month"):
        width = 4 if key == "year" else 7
        return {i: ((p or "")[:width] if p and len(p) >= width else "(no date)")
                for i, p in Document.select(Document.id, Document.published).tuples()}
    rows = DocumentAttribute.select(DocumentAttribute.document, DocumentAttribute.value).where(
        DocumentAttribute.name == name).tuples()
    values = {d: (v if v not in (None, "") else "(empty)") for d, v in rows}
    return {i: values.get(i, "(not set)") for (i,) in Document.select(Document.id).tuples()}


def union_length(spans: list[tuple[int, int]]) -> int:
    """Characters covered by a list of spans (overlaps counted once)."""
    total, cur_s, cur_e = 0, None, None
    for s, e in sorted(spans):
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        elif e > cur_e:
            cur_e = e
    if cur_e is not None:
        total += cur_e - cur_s
    return total


def union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def intersection_length(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters in both of two sorted, disjoint span lists."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def attribute_names() -> list[str]:
    """Names of the documents' attributes, sorted (for 'group by' choices)."""
    query = DocumentAttribute.select(DocumentAttribute.name).distinct()
    return sorted((n for (n,) in _rows(query)), key=str.lower)


def documents_where(name: str, value: str) -> list[int]:
    """Ids of the documents whose attribute (or outlet, year, month, 'document') has that value."""
    if name == "document":
        return [int(value.rsplit("#", 1)[1])] if "#" in value else []
    return sorted(d for d, v in attribute_values(name).items() if v == value)
