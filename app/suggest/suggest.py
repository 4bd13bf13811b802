"""Rank passages for a code, rank codes for a passage; accept or dismiss a suggestion.

A suggestion is a unit (sentence or paragraph) that no visible segment of the code
(or its sub-codes) overlaps and that no coder dismissed for the code. Accepting one
codes it like any other segment, in one undoable change whose label (and so the audit
log) says "Accept suggestion" with the engine and its score. Dismissing is a change
too (undoable, logged), remembered per code.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from app.articles.documents import resolve_document
from app.coding.codebook import code_path, descendants, resolve_code
from app.coding.segments import _check_span, _code_span
from app.errors import InvalidOperation
from app.project import Project
from app.suggest import corpus
from app.suggest.engines import index_for
from app.team.blind import visible_coder_ids
from db.models import Code, Document, Segment, SuggestionDismissal

CONTEXT_CHARS = 80


@dataclass(frozen=True)
class Suggestion:
    document_id: int
    document_title: str
    start: int
    end: int
    text: str
    score: float
    engine: str
    before: str = ""
    after: str = ""

    def to_dict(self) -> dict:
        out = asdict(self)
        out["context"] = f"{self.before}[{self.text}]{self.after}"
        return out


@dataclass(frozen=True)
class CodeSuggestion:
    code_id: int
    code_path: str
    score: float
    engine: str

    def to_dict(self) -> dict:
        return asdict(self)


def _code_ids(code: Code, include_subcodes: bool) -> list[int]:
    return [code.id] + ([c.id for c in descendants(code)] if include_subcodes else [])


def codebook_examples(code: Code) -> list[str]:
    """The code's own codebook entry as evidence: its definition, when to use it, its example."""
    return [t for t in (code.definition, code.when_to_use, code.example) if t and t.strip()]


def _dismissed(code_id: int) -> list[corpus.Span]:
    rows = SuggestionDismissal.select(SuggestionDismissal.document, SuggestionDismissal.start,
                                      SuggestionDismissal.end).where(SuggestionDismissal.code == code_id)
    return [corpus.Span(d, s, e) for d, s, e in rows.tuples()]


def rank_units(index, examples: list[str], exclude: list[corpus.Span]) -> tuple[np.ndarray, np.ndarray]:
    """(rows, scores) of candidate units best first: units overlapping ``exclude`` are out."""
    units = index.units
    candidates = np.nonzero(~corpus.covered_mask(units, exclude))[0]
    if not len(candidates) or not examples:
        return candidates[:0], np.zeros(0, dtype=np.float32)
    scores = index.scores(examples, candidates)
    order = np.lexsort((candidates, -scores))  # by score, then corpus order (stable ties)
    return candidates[order], scores[order]


def suggest_for_code(project: Project, code: Code | str | int, *, engine: str = "lexical",
                     unit: str = "sentence", top: int = 10, include_subcodes: bool = True,
                     min_score: float = 0.0) -> list[Suggestion]:
    code = resolve_code(code)
    index = index_for(project, engine, unit)
    spans = corpus.code_segments(_code_ids(code, include_subcodes), visible_coder_ids(project))
    if not spans:
        raise InvalidOperation(f"code '{code_path(code)}' has no segments yet: code a few passages first")
    examples = corpus.segment_texts(spans) + codebook_examples(code)
    rows, scores = rank_units(index, examples, spans + _dismissed(code.id))
    keep = [(r, s) for r, s in zip(rows[: max(top, 0) * 2 + 10], scores) if s > min_score][:top]
    return _suggestions(index, keep, engine)


def _suggestions(index, picked, engine: str) -> list[Suggestion]:
    units = index.units
    doc_ids = sorted({int(units.doc_ids[r]) for r, _ in picked})
    docs = {i: (t, x) for i, t, x in Document.select(Document.id, Document.title, Document.text)
            .where(Document.id.in_(doc_ids)).tuples()} if doc_ids else {}
    out = []
    for row, score in picked:
        doc_id, start, end = int(units.doc_ids[row]), int(units.starts[row]), int(units.ends[row])
        title, text = docs[doc_id]
        out.append(Suggestion(doc_id, title, start, end, text[start:end], round(float(score), 6), engine,
                              text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS]))
    return out


def codes_for_passage(project: Project, document: Document | str | int, start: int, end: int, *,
                      engine: str = "lexical", unit: str = "sentence", top: int = 5) -> list[CodeSuggestion]:
    """The codes whose coded segments this passage is most like (codes with segments only)."""
    document = resolve_document(document)
    _check_span(document, start, end)
    index = index_for(project, engine, unit)
    coders = visible_coder_ids(project)
    query = Segment.select(Segment.code, Segment.document, Segment.start, Segment.end)
    if coders is not None:
        query = query.where(Segment.coder.in_(coders))
    by_code: dict[int, list[corpus.Span]] = {}
    for code_id, doc_id, s, e in query.tuples():
        if doc_id == document.id and s == start and e == end:
            continue  # the passage's own coding is no evidence for itself
        by_code.setdefault(code_id, []).append(corpus.Span(doc_id, s, e))
    codes = {c.id: c for c in Code.select().where(Code.id.in_(list(by_code)))} if by_code else {}
    examples = {cid: corpus.segment_texts(spans) + codebook_examples(codes[cid]) for cid, spans in by_code.items()}
    scores = index.text_scores(document.text[start:end], examples)
    paths = {c.id: code_path(c) for c in Code.select().where(Code.id.in_(list(scores)))} if scores else {}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], paths[kv[0]]))[:top]
    return [CodeSuggestion(cid, paths[cid], round(float(s), 6), engine) for cid, s in ranked]


def accept(project: Project, code: Code | str | int, document: Document | str | int, start: int, end: int,
           *, engine: str = "lexical", score: float | None = None) -> Segment:
    """Code the suggested passage (one undoable change, logged as an accepted suggestion)."""
    code, document = resolve_code(code), resolve_document(document)
    _check_span(document, start, end)
    coder = project.coder()
    scored = f", score {score:.3f}" if score is not None else ""
    label = f"Accept suggestion ({engine}{scored}): code '{code_path(code)}' in {document.title[:40]} [{start}:{end}]"
    with project.change(label, coder=coder.name) as rec:
        return _code_span(rec, document, start, end, code, coder)


def dismiss(project: Project, code: Code | str | int, document: Document | str | int, start: int, end: int,
            *, engine: str = "lexical") -> SuggestionDismissal:
    """Never suggest this passage for this code again (one undoable change)."""
    code, document = resolve_code(code), resolve_document(document)
    _check_span(document, start, end)
    label = f"Dismiss suggestion ({engine}): '{code_path(code)}' in {document.title[:40]} [{start}:{end}]"
    with project.change(label) as rec:
        return rec.insert(SuggestionDismissal, code=code.id, document=document.id, start=start, end=end,
                          coder_name=project.coder_name, engine=engine)
