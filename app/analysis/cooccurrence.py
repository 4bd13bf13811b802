"""Code x code co-occurrence at a chosen scope, with the passages behind every count.

Scopes:
- ``overlap``: two segments of different codes that share at least one character
  (in one document, by any coders in scope). ``count`` = number of such segment pairs
  (n12); the c-coefficient as ATLAS.ti defines it, c = n12 / (n1 + n2 - n12), with n1
  and n2 the two codes' segment counts (like ATLAS.ti, c can exceed 1 when one segment
  overlaps several of the other code: ``c_distorted`` says so); Jaccard over coded
  characters, |A and B| / |A or B| (each code's coverage, overlaps counted once).
- ``paragraph``: the unit is a paragraph (``window`` N > 0: N + 1 consecutive paragraphs,
  a sliding window); a code is in a unit when one of its segments touches it. ``count``
  = units holding both codes; Jaccard = n12 / (n1 + n2 - n12) over units.
- ``document``: the unit is the document (NVivo users' "both themes in the same
  article"); count and Jaccard as for paragraphs.

Each cell names both codes by path and lists its passages: (document, start, end) and
the segment ids involved.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from app.analysis import data
from app.analysis.units import paragraphs
from app.coding.queries import document_texts
from app.errors import InvalidOperation

Scope = Literal["overlap", "paragraph", "document"]
SCOPES = ("overlap", "paragraph", "document")

# Paragraph spans by (document id, char count, first 64 chars of text hash): the text of
# a document never changes once imported, so this survives between reports.
_PARAGRAPH_CACHE: dict[int, tuple[str, list[tuple[int, int]]]] = {}


class Passage(NamedTuple):
    document_id: int
    start: int
    end: int
    segment_ids: tuple[int, ...]

    def as_json(self) -> dict:
        return {"document_id": self.document_id, "start": self.start, "end": self.end,
                "segment_ids": list(self.segment_ids)}


def _new_passage(values: tuple) -> Passage:
    """A Passage without the Python-level ``__new__`` (many are made)."""
    return tuple.__new__(Passage, values)


@dataclass
class Cell:
    code_a: str
    code_b: str
    count: int = 0
    c_coefficient: float | None = None
    jaccard: float | None = None
    passages: list[Passage] = field(default_factory=list)

    @property
    def c_distorted(self) -> bool:
        return self.c_coefficient is not None and self.c_coefficient > 1

    def as_json(self) -> dict:
        return {"code_a": self.code_a, "code_b": self.code_b, "count": self.count,
                "c_coefficient": self.c_coefficient, "c_distorted": self.c_distorted, "jaccard": self.jaccard,
                "passages": [p.as_json() for p in self.passages]}


@dataclass
class Cooccurrence:
    scope: str
    window: int
    codes: list[str]  # paths, tree order
    occurrences: dict[str, int]  # n_i: segments (overlap) or units (paragraph, document)
    cells: list[Cell] = field(default_factory=list)  # one per pair with count > 0, a before b in tree order

    def cell(self, a: str, b: str) -> Cell | None:
        for c in self.cells:
            if (c.code_a, c.code_b) in ((a, b), (b, a)):
                return c
        return None

    def matrix(self, value: str = "count") -> list[list]:
        """Square table: header row of codes, then one row per code (diagonal: n_i)."""
        lookup = {}
        for c in self.cells:
            lookup[(c.code_a, c.code_b)] = lookup[(c.code_b, c.code_a)] = getattr(c, value)
        rows = [["code", *self.codes]]
        for a in self.codes:
            row = [a]
            for b in self.codes:
                row.append(self.occurrences.get(a, 0) if a == b and value == "count" else lookup.get((a, b), 0))
            rows.append(row)
        return rows

    def as_json(self) -> dict:
        return {"kind": "cooccurrence", "scope": self.scope, "window": self.window, "codes": self.codes,
                "occurrences": self.occurrences, "cells": [c.as_json() for c in self.cells]}


def paragraph_spans(doc_texts: dict[int, str] | None, doc_ids, shas: dict[int, str]) -> dict[int, list]:
    """Paragraphs of each document, cached by text hash (texts read only when needed)."""
    out, missing = {}, []
    for d in doc_ids:
        cached = _PARAGRAPH_CACHE.get(d)
        if cached is not None and cached[0] == shas.get(d):
            out[d] = cached[1]
        else:
            missing.append(d)
    if missing:
        texts = doc_texts if doc_texts is not None else {}
        need = [d for d in missing if d not in texts]
        if need:
            texts = {**texts, **document_texts(need)}
        for d in missing:
            spans = paragraphs(texts[d])
            _PARAGRAPH_CACHE[d] = (shas.get(d), spans)
            out[d] = spans
    return out


def _order(codes: list[tuple[int, str]]) -> dict[int, int]:
    return {cid: i for i, (cid, _) in enumerate(codes)}


def cooccurrence(project=None, scope: Scope = "overlap", window: int = 0, coders: list[str] | None = None,
                 codes: list[int] | None = None) -> Cooccurrence:
    if scope not in SCOPES:
        raise InvalidOperation(f"unknown scope {scope!r} (one of: {', '.join(SCOPES)})")
    if window < 0:
        raise InvalidOperation("the paragraph window must be 0 or more")
    tree = data.codes_in_tree_order()
    if codes is not None:
        wanted = set(codes)
        tree = [(c, p) for c, p in tree if c in wanted]
    order = _order(tree)
    path = dict(tree)
    by_doc: dict[int, list[tuple]] = defaultdict(list)
    for s in data.segments(data.scope_coders(project, coders), raw=True):  # (id, doc, code, coder, start, end)
        if s[2] in order:
            by_doc[s[1]].append(s)
    if scope == "overlap":
        result = _overlap(by_doc, order, path)
    elif scope == "paragraph":
        result = _paragraphs(by_doc, order, path, window)
    else:
        result = _units(by_doc, order, path, scope, window)
    result.codes = [p for _, p in tree]
    return result


def _pair(order, a: int, b: int) -> tuple[int, int]:
    return (a, b) if order[a] < order[b] else (b, a)


def _overlap(by_doc, order, path) -> Cooccurrence:
    n: dict[int, int] = defaultdict(int)
    pairs: dict[tuple[int, int], list[Passage]] = defaultdict(list)
    cover: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))  # code -> doc -> spans
    for doc, segs in by_doc.items():
        active: list[data.Seg] = []
        for seg in segs:  # ordered by start
            sid, _, code, _, start, end = seg
            n[code] += 1
            cover[code][doc].append((start, end))
            if active:
                active = [a for a in active if a[5] > start]
                rank = order[code]
                for a in active:
                    other = a[2]
                    if other != code:
                        key = (other, code) if order[other] < rank else (code, other)
                        pairs[key].append(_new_passage((doc, a[4] if a[4] < start else start,
                                                        a[5] if a[5] > end else end, (a[0], sid))))
            active.append(seg)
    unions: dict[tuple[int, int], list] = {}

    def united(code: int, doc: int) -> list:
        key = (code, doc)
        found = unions.get(key)
        if found is None:
            spans = cover[code][doc]
            found = unions[key] = spans if len(spans) == 1 else data.union(spans)
        return found

    covered: dict[int, int] = {}
    for c, docs in cover.items():
        total = 0
        for sp in docs.values():
            total += sp[0][1] - sp[0][0] if len(sp) == 1 else data.union_length(sp)
        covered[c] = total
    result = Cooccurrence("overlap", 0, [], {path[c]: v for c, v in n.items()})
    for (a, b) in sorted(pairs, key=lambda p: (order[p[0]], order[p[1]])):
        passages = pairs[(a, b)]
        n12 = len(passages)
        both = 0
        for d in {p[0] for p in passages}:
            both += data.intersection_length(united(a, d), united(b, d))
        either = covered[a] + covered[b] - both
        result.cells.append(Cell(path[a], path[b], n12, n12 / (n[a] + n[b] - n12) if n[a] + n[b] - n12 else None,
                                 both / either if either else None, passages))
    return result


def _units(by_doc, order, path, scope: str, window: int) -> Cooccurrence:
    n: dict[int, int] = defaultdict(int)
    pairs: dict[tuple[int, int], list[Passage]] = defaultdict(list)
    if scope == "paragraph":
        from db.models import Document  # noqa: PLC0415

        shas = dict(Document.select(Document.id, Document.text_sha256).where(
            Document.id.in_(list(by_doc))).tuples()) if by_doc else {}
        paras = paragraph_spans(None, list(by_doc), shas)
    for doc, segs in by_doc.items():
        if scope == "document":
            units = [(min(s[4] for s in segs), max(s[5] for s in segs), segs)]
        else:
            units = _paragraph_units(paras[doc], segs, window)
        for start, end, members in units:
            codes_here: dict[int, list[int]] = {}
            for s in members:
                codes_here.setdefault(s[2], []).append(s[0])
            ids = sorted(codes_here, key=order.__getitem__)
            for c in ids:
                n[c] += 1
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    pairs[(a, b)].append(_new_passage((doc, start, end, tuple(codes_here[a] + codes_here[b]))))
    result = Cooccurrence(scope, window if scope == "paragraph" else 0, [], {path[c]: v for c, v in n.items()})
    for (a, b) in sorted(pairs, key=lambda p: (order[p[0]], order[p[1]])):
        n12 = len(pairs[(a, b)])
        denominator = n[a] + n[b] - n12
        result.cells.append(Cell(path[a], path[b], n12, None, n12 / denominator if denominator else None,
                                 pairs[(a, b)]))
    return result


def _paragraphs(by_doc, order, path, window: int) -> Cooccurrence:
    """Paragraph scope, vectorised: every document's paragraphs laid end to end on one
    axis, each segment mapped to the windows of N + 1 paragraphs it touches with one
    ``searchsorted``; then, per window holding two codes or more, its pairs."""
    import numpy as np  # noqa: PLC0415 - only this scope needs it

    from db.models import Document  # noqa: PLC0415

    result = Cooccurrence("paragraph", window, [], {})
    if not by_doc:
        return result
    doc_ids = sorted(by_doc)
    # text hashes from the (id, text_sha256) index: no document text is read unless a
    # document's paragraphs are not cached yet
    rows = Document.select(Document.id, Document.text_sha256)
    wanted = set(doc_ids)
    shas = {d: sha for d, sha in Document._meta.database.execute_sql(*rows.sql()).fetchall() if d in wanted}
    paras = paragraph_spans(None, doc_ids, shas)
    base, offset = [], 0
    p_start, p_end, p_doc, first_para, last_para = [], [], [], [], []
    for d in doc_ids:
        segs_here = by_doc[d]
        far = max(seg[5] for seg in segs_here)
        spans = paras[d] or [(0, max(far, 1))]
        base.append(offset)
        first_para.append(len(p_start))
        for s0, e0 in spans:
            p_start.append(offset + s0)
            p_end.append(offset + e0)
            p_doc.append(d)
        last_para.append(len(p_start) - 1)
        offset += max(far, spans[-1][1]) + 1
    p_start_np, p_end_np = np.array(p_start, dtype=np.int64), np.array(p_end, dtype=np.int64)
    arr = np.array([seg for d in doc_ids for seg in by_doc[d]], dtype=np.int64)
    sid, sdoc, scode, sstart, send = arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 4], arr[:, 5]
    doc_index = np.searchsorted(np.array(doc_ids, dtype=np.int64), sdoc)
    doc_base = np.array(base, dtype=np.int64)[doc_index]
    lo_doc = np.array(first_para, dtype=np.int64)[doc_index]
    hi_doc = np.array(last_para, dtype=np.int64)[doc_index]
    base = dict(zip(doc_ids, base))
    last_para = dict(zip(doc_ids, last_para))
    gstart, gend = doc_base + sstart, doc_base + np.maximum(send - 1, sstart)
    first = np.searchsorted(p_start_np, gstart, side="right") - 1
    first = np.maximum(first, lo_doc)
    in_gap = (p_end_np[first] <= gstart) & (first + 1 <= hi_doc)
    first = first + in_gap  # starts in the gap after a paragraph: the next one
    last = np.maximum(np.minimum(np.searchsorted(p_start_np, gend, side="right") - 1, hi_doc), first)
    last_window = np.maximum(hi_doc - window, lo_doc)
    lo = np.maximum(first - window, lo_doc)
    hi = np.maximum(np.minimum(last, last_window), lo)
    counts = hi - lo + 1
    starts_of_groups = np.repeat(np.cumsum(counts) - counts, counts)
    w = np.repeat(lo, counts) + (np.arange(int(counts.sum())) - starts_of_groups)
    member_code = np.repeat(scode, counts)
    member_id = np.repeat(sid, counts)
    rank_of = np.zeros(max(order) + 1, dtype=np.int64)
    for c, r in order.items():
        rank_of[c] = r
    ranks = rank_of[member_code]
    sort = np.lexsort((member_id, ranks, w))
    w, member_code, member_id, ranks = w[sort], member_code[sort], member_id[sort], ranks[sort]
    # distinct (window, code) memberships: the codes' unit counts, and the windows with 2+ codes
    new_pair = np.ones(len(w), dtype=bool)
    new_pair[1:] = (w[1:] != w[:-1]) | (member_code[1:] != member_code[:-1])
    unit_codes = member_code[new_pair]
    n = {int(c): int(k) for c, k in zip(*np.unique(unit_codes, return_counts=True))}
    unit_w = w[new_pair]
    per_window = np.bincount(unit_w - unit_w.min()) if len(unit_w) else np.zeros(0, dtype=np.int64)
    multi = per_window[w - unit_w.min()] > 1 if len(unit_w) else np.zeros(0, dtype=bool)
    w_list, code_list, id_list = w[multi].tolist(), member_code[multi].tolist(), member_id[multi].tolist()
    pairs: dict[tuple[int, int], list[Passage]] = defaultdict(list)
    make = _new_passage
    i, total = 0, len(w_list)
    while i < total:
        unit = w_list[i]
        j = i
        codes_here: dict[int, list[int]] = {}
        while j < total and w_list[j] == unit:
            codes_here.setdefault(code_list[j], []).append(id_list[j])
            j += 1
        ids = list(codes_here)  # in tree order (sorted by rank)
        d = p_doc[unit]
        end_index = min(unit + window, last_para[d])
        start, end = p_start[unit] - base[d], p_end[end_index] - base[d]
        for x, a in enumerate(ids):
            for b in ids[x + 1:]:
                pairs[(a, b)].append(make((d, start, end, tuple(codes_here[a] + codes_here[b]))))
        i = j
    result.occurrences = {path[c]: v for c, v in n.items()}
    for (a, b) in sorted(pairs, key=lambda p: (order[p[0]], order[p[1]])):
        n12 = len(pairs[(a, b)])
        denominator = n[a] + n[b] - n12
        result.cells.append(Cell(path[a], path[b], n12, None, n12 / denominator if denominator else None,
                                 pairs[(a, b)]))
    return result
