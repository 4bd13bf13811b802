"""Agreement input from the project: documents, coders and segments as engine units.

Documents are named by title (``title #id`` when two share a title), codes by path,
coders by name. The coders of a document are those with at least one segment in it
(any code), so a coder who read a document and applied none of the selected codes
counts as "coded nothing there". The consensus coder is left out unless asked for.
"""
from __future__ import annotations

from collections import Counter

from app.team.agreement import AgreementInput, AgreementReport, Unit, compute_agreement
from app.coding.codebook import code_paths, descendants, resolve_code
from app.articles.documents import resolve_document
from app.errors import InvalidOperation, NotFound
from app.team.review.items import CONSENSUS
from db.models import Coder, Document, Segment


def _doc_names() -> dict[int, str]:
    rows = list(Document.select(Document.id, Document.title).order_by(Document.id).tuples())
    counts = Counter(title for _, title in rows)
    return {i: (t if counts[t] == 1 else f"{t} #{i}") for i, t in rows}


def selected_codes(paths: list[str] | None) -> list[str] | None:
    """Code paths (each with its sub-codes) as the engine's code names; None = all."""
    if paths is None:
        return None
    all_paths = code_paths()
    out: list[str] = []
    for ref in paths:
        code = resolve_code(ref)
        for c in [code, *descendants(code)]:
            if all_paths[c.id] not in out:
                out.append(all_paths[c.id])
    return out


def build_input(coders: list[str] | None = None, docs: list[str] | None = None) -> AgreementInput:
    """Every document (or the chosen ones) with its coders and segments."""
    names = _doc_names()
    doc_ids = None if docs is None else [resolve_document(d).id for d in docs]
    if coders is not None:
        known = {n for (n,) in Coder.select(Coder.name).tuples()}
        unknown = [c for c in coders if c not in known]
        if unknown:
            raise NotFound(f"no coder {', '.join(unknown)}")
    paths = code_paths()
    query = (Segment.select(Segment.document, Coder.name, Segment.code, Segment.start, Segment.end)
             .join(Coder, on=(Segment.coder == Coder.id)))
    if doc_ids is not None:
        query = query.where(Segment.document.in_(doc_ids))
    if coders is not None:
        query = query.where(Coder.name.in_(coders))
    else:
        query = query.where(Coder.name != CONSENSUS)
    lengths = dict(Document.select(Document.id, Document.char_count).tuples())
    units, by_doc = [], {}
    for doc_id, coder, code_id, start, end in query.tuples().iterator():
        units.append(Unit(names[doc_id], coder, paths[code_id], start, end))
        by_doc.setdefault(names[doc_id], set()).add(coder)
    chosen = doc_ids if doc_ids is not None else list(lengths)
    return AgreementInput(
        doc_lengths={names[d]: lengths[d] for d in chosen},
        coders_by_doc={names[d]: sorted(by_doc.get(names[d], ())) for d in chosen},
        units=units,
    )


def project_agreement(coders: list[str] | None = None, codes: list[str] | None = None,
                      docs: list[str] | None = None, threshold: float = 0.9) -> AgreementReport:
    """Agreement of the project's coding with the filters applied (paths include sub-codes)."""
    inp = build_input(coders, docs)
    chosen = sorted({c for cs in inp.coders_by_doc.values() for c in cs})
    if len(chosen) < 2:
        raise InvalidOperation(f"agreement needs at least two coders with segments (found: {', '.join(chosen) or 'none'})")
    try:
        return compute_agreement(inp, codes=selected_codes(codes), threshold=threshold)
    except ValueError as exc:
        raise InvalidOperation(str(exc)) from exc
