"""Input model of the agreement engine and its preparation (selection, uniting)."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.team.agreement.intervals import unite

Interval = tuple[int, int]


@dataclass(frozen=True)
class Unit:
    """One coded segment: ``[start, end)`` in code points of document ``doc``."""

    doc: str
    coder: str
    code: str
    start: int
    end: int


@dataclass(frozen=True)
class AgreementInput:
    """Everything the engine needs; no database access happens here.

    ``coders_by_doc`` lists, per document, the coders who coded it. A listed
    coder without units in a document coded nothing there (every character is
    "absent" for every code). A coder not listed is *missing* for that document.
    """

    doc_lengths: dict[str, int]
    coders_by_doc: dict[str, list[str]]
    units: list[Unit]


@dataclass
class Prepared:
    """Selected, validated and united data, ready for the statistics.

    ``spans[doc][code][coder]`` is the sorted list of disjoint, non-adjacent
    intervals of one coder for one code in one document (only listed coders
    appear; an empty list means "coded the document, applied nothing").
    """

    docs: list[str]
    codes: list[str]
    coders: list[str]
    doc_lengths: dict[str, int]
    coders_by_doc: dict[str, list[str]]
    spans: dict[str, dict[str, dict[str, list[Interval]]]] = field(default_factory=dict)
    merged_units: int = 0
    ignored_units: int = 0


def _ordered(values, keep) -> list[str]:
    """Unique values in sorted order, restricted to ``keep`` when given."""
    found = sorted(set(values))
    if keep is None:
        return found
    wanted = set(keep)
    return [v for v in found if v in wanted]


def prepare(inp: AgreementInput, *, coders=None, codes=None, docs=None) -> Prepared:
    """Select docs/coders/codes, validate offsets and unite each coder's spans.

    Units of unselected or unlisted coders, codes, or documents are ignored
    (counted in ``ignored_units``). Offsets are clipped to ``[0, doc_length]``;
    empty units are dropped. Raises ``ValueError`` for unknown lengths.
    """
    doc_ids = _ordered(inp.doc_lengths.keys(), docs)
    all_coders = [c for cs in inp.coders_by_doc.values() for c in cs]
    coder_ids = _ordered(all_coders, coders)
    code_ids = _ordered((u.code for u in inp.units), None)
    if codes is not None:
        code_ids = sorted(set(codes))
    coder_set = set(coder_ids)
    code_set = set(code_ids)
    prepared = Prepared(
        docs=doc_ids,
        codes=code_ids,
        coders=coder_ids,
        doc_lengths={d: int(inp.doc_lengths[d]) for d in doc_ids},
        coders_by_doc={
            d: sorted(set(inp.coders_by_doc.get(d, ())) & coder_set) for d in doc_ids
        },
    )
    for length in prepared.doc_lengths.values():
        if length < 0:
            raise ValueError("document lengths must be >= 0")
    listed = {d: set(cs) for d, cs in prepared.coders_by_doc.items()}
    raw: dict[tuple[str, str, str], list[Interval]] = {}
    ignored = 0
    for u in inp.units:
        doc_listed = listed.get(u.doc)
        if doc_listed is None or u.coder not in doc_listed or u.code not in code_set:
            ignored += 1
            continue
        length = prepared.doc_lengths[u.doc]
        start = max(0, u.start)
        end = min(length, u.end)
        if end <= start:
            ignored += 1
            continue
        raw.setdefault((u.doc, u.code, u.coder), []).append((start, end))
    merged = 0
    spans = prepared.spans
    for d in doc_ids:
        spans[d] = {}
    for (d, code, coder), intervals in raw.items():
        united = unite(intervals)
        merged += len(intervals) - len(united)
        spans[d].setdefault(code, {})[coder] = united
    for d in doc_ids:
        doc_spans = spans[d]
        for code in list(doc_spans):
            by_coder = doc_spans[code]
            for coder in prepared.coders_by_doc[d]:
                by_coder.setdefault(coder, [])
    prepared.merged_units = merged
    prepared.ignored_units = ignored
    return prepared


def code_spans(prepared: Prepared, doc: str, code: str) -> dict[str, list[Interval]]:
    """Intervals per listed coder for ``code`` in ``doc`` (empty lists if none)."""
    found = prepared.spans[doc].get(code)
    if found is not None:
        return found
    return {coder: [] for coder in prepared.coders_by_doc[doc]}
