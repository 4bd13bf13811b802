"""What a suggestion engine reads: the corpus cut into units, and a code's segments.

All reads go through peewee models, so this works on SQLite and PostgreSQL alike.
Blind mode is respected: only the segments the current coder may see are read.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.units import units as unit_spans
from db.models import Document, Segment


@dataclass
class Units:
    """Every unit of the corpus: parallel arrays, plus the texts (for the engines)."""

    unit: str
    doc_ids: np.ndarray  # int64
    starts: np.ndarray  # int64, code points
    ends: np.ndarray
    texts: list[str]
    signature: tuple

    def __len__(self) -> int:
        return len(self.texts)

    def doc_range(self, doc_id: int) -> tuple[int, int]:
        """Rows ``[lo, hi)`` of one document's units (units are in document order)."""
        lo = int(np.searchsorted(self.doc_ids, doc_id, side="left"))
        hi = int(np.searchsorted(self.doc_ids, doc_id, side="right"))
        return lo, hi


def corpus_signature() -> tuple:
    """Changes whenever a document is added, removed or its text changes."""
    rows = Document.select(Document.id, Document.text_sha256).order_by(Document.id).tuples()
    return tuple(rows)


def load_units(unit: str, min_chars: int = 12) -> Units:
    doc_ids, starts, ends, texts = [], [], [], []
    query = Document.select(Document.id, Document.text).order_by(Document.id).tuples()
    for doc_id, text in query.iterator():
        for start, end in unit_spans(text, unit):
            if end - start < min_chars:
                continue
            doc_ids.append(doc_id)
            starts.append(start)
            ends.append(end)
            texts.append(text[start:end])
    return Units(unit, np.asarray(doc_ids, dtype=np.int64), np.asarray(starts, dtype=np.int64),
                 np.asarray(ends, dtype=np.int64), texts, corpus_signature())


@dataclass(frozen=True)
class Span:
    doc_id: int
    start: int
    end: int


def code_segments(code_ids: list[int], coder_ids: list[int] | None) -> list[Span]:
    query = Segment.select(Segment.document, Segment.start, Segment.end).where(Segment.code.in_(code_ids))
    if coder_ids is not None:
        query = query.where(Segment.coder.in_(coder_ids))
    return [Span(d, s, e) for d, s, e in query.tuples()]


def segment_texts(spans: list[Span]) -> list[str]:
    if not spans:
        return []
    docs = {d: t for d, t in Document.select(Document.id, Document.text)
            .where(Document.id.in_(sorted({s.doc_id for s in spans}))).tuples()}
    return [docs[s.doc_id][s.start:s.end] for s in spans]


def covered_mask(units: Units, spans: list[Span]) -> np.ndarray:
    """True for each unit that overlaps any of ``spans`` (vectorised per document)."""
    mask = np.zeros(len(units), dtype=bool)
    by_doc: dict[int, list[Span]] = {}
    for span in spans:
        by_doc.setdefault(span.doc_id, []).append(span)
    for doc_id, doc_spans in by_doc.items():
        lo, hi = units.doc_range(doc_id)
        u_start, u_end = units.starts[lo:hi], units.ends[lo:hi]
        for span in doc_spans:
            mask[lo:hi] |= (u_start < span.end) & (u_end > span.start)
    return mask
