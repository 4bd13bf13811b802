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
from typing import Literal

from app.analysis import data
from app.analysis.units import paragraphs
from app.coding.queries import document_texts
from app.errors import InvalidOperation

Scope = Literal["overlap", "paragraph", "document"]
SCOPES = ("overlap", "paragraph", "document")

# Paragraph spans by (document id, char count, first 64 chars of text hash): the text of
# a document never changes once imported, so this survives between reports.
_PARAGRAPH_CACHE: dict[int, tuple[str, list[tuple[int, int]]]] = {}


@dataclass(frozen=True)
class Passage:
    document_id: int
    start: int
    end: int
    segment_ids: tuple[int, ...]

    def as_json(self) -> dict:
        return {"document_id": self.document_id, "start": self.start, "end": self.end,
                "segment_ids": list(self.segment_ids)}


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
    segs = [s for s in data.segments(data.scope_coders(project, coders)) if s.code in order]
    by_doc: dict[int, list[data.Seg]] = defaultdict(list)
    for s in segs:
        by_doc[s.document].append(s)
    if scope == "overlap":
        result = _overlap(by_doc, order, path)
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
        for s in segs:  # ordered by start
            n[s.code] += 1
            cover[s.code][doc].append((s.start, s.end))
            active = [a for a in active if a.end > s.start]
            for a in active:
                if a.code != s.code:
                    pairs[_pair(order, a.code, s.code)].append(
                        Passage(doc, min(a.start, s.start), max(a.end, s.end), (a.id, s.id)))
            active.append(s)
    unions: dict[int, dict[int, list]] = {}
    covered: dict[int, int] = {}
    for c, docs in cover.items():
        per_doc = unions[c] = {d: (sp if len(sp) == 1 else data.union(sp)) for d, sp in docs.items()}
        covered[c] = sum(e - s for sp in per_doc.values() for s, e in sp)
    result = Cooccurrence("overlap", 0, [], {path[c]: v for c, v in n.items()})
    for (a, b) in sorted(pairs, key=lambda p: (order[p[0]], order[p[1]])):
        passages = pairs[(a, b)]
        n12 = len(passages)
        both = sum(data.intersection_length(unions[a][d], unions[b][d]) for d in {p.document_id for p in passages})
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
            units = [(min(s.start for s in segs), max(s.end for s in segs), segs)]
        else:
            units = _paragraph_units(paras[doc], segs, window)
        for start, end, members in units:
            codes_here: dict[int, list[int]] = {}
            for s in members:
                codes_here.setdefault(s.code, []).append(s.id)
            ids = sorted(codes_here, key=order.__getitem__)
            for c in ids:
                n[c] += 1
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    pairs[(a, b)].append(Passage(doc, start, end, tuple(codes_here[a] + codes_here[b])))
    result = Cooccurrence(scope, window if scope == "paragraph" else 0, [], {path[c]: v for c, v in n.items()})
    for (a, b) in sorted(pairs, key=lambda p: (order[p[0]], order[p[1]])):
        n12 = len(pairs[(a, b)])
        denominator = n[a] + n[b] - n12
        result.cells.append(Cell(path[a], path[b], n12, None, n12 / denominator if denominator else None,
                                 pairs[(a, b)]))
    return result


def _paragraph_units(spans: list[tuple[int, int]], segs: list[data.Seg], window: int):
    """(start, end, segments touching it) for each paragraph window holding a segment."""
    if not spans:
        spans = [(0, max(s.end for s in segs))]
    from bisect import bisect_right  # noqa: PLC0415

    starts = [s for s, _ in spans]
    members: dict[int, list[data.Seg]] = defaultdict(list)
    count = len(spans)
    last_window = max(count - 1 - window, 0)
    for s in segs:
        first = max(bisect_right(starts, s.start) - 1, 0)
        if spans[first][1] <= s.start and first + 1 < count:
            first += 1  # the segment starts in the gap after paragraph `first`
        last = max(bisect_right(starts, max(s.end - 1, s.start)) - 1, first)
        for w in range(max(first - window, 0), min(last, last_window) + 1):
            members[w].append(s)
    out = []
    for w in sorted(members):
        end_index = min(w + window, count - 1)
        out.append((spans[w][0], spans[end_index][1], members[w]))
    return out
