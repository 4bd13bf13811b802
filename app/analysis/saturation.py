"""Thematic saturation after Guest, Namey & Chen (2020), "A simple method to assess and
report thematic saturation in qualitative research", PLOS ONE 15(5): e0232076.

Documents are taken in coding order (import order, publication date, or a chosen
order); for each, the codes it introduced (applied there for the first time) are
counted. Three parameters:

- base size b (default 4): the first b documents give the denominator, the number of
  distinct codes found in them;
- run length r (default 2): the next r documents are the run; the new information is
  the number of codes in the run that the base did not have;
- new-information threshold t (default 5%): saturation is reached when
  new / base codes <= t.

When a run brings more than t, the base grows by one document (the next run starts one
later) and the test is repeated, so the result reads "base + run": "6+2" = the first 6
documents held all but <= t of what the next 2 added; the saturation point is 6. With
too few documents for another run, the result is "not reached". A sensitivity table
repeats the test for other bases, runs and thresholds. Only documents with at least
one segment (by the coders in scope) take part; per coder, only that coder's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from app.analysis import data
from app.errors import InvalidOperation
from db.models import Code

SENSITIVITY_BASES = (3, 4, 5, 6)
SENSITIVITY_RUNS = (2, 3)
SENSITIVITY_THRESHOLDS = (0.0, 0.05)


@dataclass(frozen=True)
class Step:
    base: int  # documents in the base
    run: int
    base_codes: int
    new_in_run: int
    ratio: float | None

    def as_json(self) -> dict:
        return {"base": self.base, "run": self.run, "base_codes": self.base_codes, "new_in_run": self.new_in_run,
                "ratio": self.ratio}


@dataclass(frozen=True)
class Assessment:
    base: int
    run: int
    threshold: float
    reached: bool
    point: int | None  # documents in the base when saturation was reached
    steps: tuple[Step, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.point}+{self.run}" if self.reached else "not reached"

    def as_json(self) -> dict:
        return {"base": self.base, "run": self.run, "threshold": self.threshold, "reached": self.reached,
                "point": self.point, "label": self.label, "steps": [s.as_json() for s in self.steps]}


def assess(code_sets: Sequence[set], base: int = 4, run: int = 2, threshold: float = 0.05) -> Assessment:
    """The Guest, Namey & Chen test on per-document code sets, in order (pure function)."""
    if base < 1 or run < 1:
        raise InvalidOperation("base size and run length must be at least 1")
    if not 0 <= threshold <= 1:
        raise InvalidOperation("the new-information threshold must be between 0 and 1 (e.g. 0.05)")
    # New codes per document, as prefix sums: the codes a run brings that its base lacks are
    # exactly those first seen inside the run, so every step is O(1).
    seen: set = set()
    cumulative = [0]
    for codes in code_sets:
        fresh = [c for c in codes if c not in seen]
        seen.update(fresh)
        cumulative.append(cumulative[-1] + len(fresh))
    steps = []
    for k in range(base, len(code_sets) - run + 1):
        known = cumulative[k]
        new = cumulative[k + run] - known
        ratio = new / known if known else None
        steps.append(Step(k, run, known, new, ratio))
        if ratio is not None and ratio <= threshold + 1e-12:
            return Assessment(base, run, threshold, True, k, tuple(steps))
    return Assessment(base, run, threshold, False, None, tuple(steps))


@dataclass(frozen=True)
class SaturationRow:
    position: int  # 1-based, in coding order
    document_id: int
    document_title: str
    published: str | None
    new_codes: tuple[str, ...]
    new_subcodes: int  # of the new codes, how many are sub-codes
    cumulative: int  # distinct codes so far (the codebook size found)

    @property
    def new_count(self) -> int:
        return len(self.new_codes)

    def as_json(self) -> dict:
        return {"position": self.position, "document_id": self.document_id, "document_title": self.document_title,
                "published": self.published, "new_codes": list(self.new_codes), "new_count": self.new_count,
                "new_subcodes": self.new_subcodes, "cumulative": self.cumulative}


@dataclass
class Saturation:
    coder: str | None  # None: pooled
    order: str
    result: Assessment
    rows: list[SaturationRow] = field(default_factory=list)
    sensitivity: list[Assessment] = field(default_factory=list)

    def table(self) -> list[list]:
        return [["position", "document", "new codes", "new sub-codes", "cumulative", "codes introduced"]] + [
            [r.position, r.document_title, r.new_count, r.new_subcodes, r.cumulative, "; ".join(r.new_codes)]
            for r in self.rows]

    def as_json(self) -> dict:
        return {"kind": "saturation", "coder": self.coder, "order": self.order, **self.result.as_json(),
                "rows": [r.as_json() for r in self.rows],
                "sensitivity": [{k: v for k, v in s.as_json().items() if k != "steps"} for s in self.sensitivity]}


def _ordered_documents(order: str | Sequence[int], docs: dict[int, data.DocInfo]) -> list[int]:
    if isinstance(order, str):
        if order == "import":
            return sorted(docs)
        if order == "date":
            return sorted(docs, key=lambda d: (docs[d].published is None, docs[d].published or "", d))
        raise InvalidOperation(f"unknown document order {order!r} (import, date, or a list of document ids)")
    unknown = [d for d in order if d not in docs]
    if unknown:
        raise InvalidOperation(f"no document with id {unknown[0]}")
    return list(dict.fromkeys(order))


def saturation(project=None, *, order: str | Sequence[int] = "import", base: int = 4, run: int = 2,
               threshold: float = 0.05, coders: list[str] | None = None, per_coder: bool = False) -> list[Saturation]:
    """The saturation assessment, pooled over the coders in scope (one result) or one per coder."""
    docs = data.documents()
    sequence = _ordered_documents(order, docs)
    order_name = order if isinstance(order, str) else "chosen"
    coder_ids = data.scope_coders(project, coders)
    names = data.coder_names()
    paths = data.paths()
    has_parent = {i for (i,) in Code.select(Code.id).where(Code.parent.is_null(False)).tuples()}
    groups: dict[int | None, dict[int, set[int]]] = {}
    for document, coder, code in data.document_codes(coder_ids):
        key = coder if per_coder else None
        groups.setdefault(key, {}).setdefault(document, set()).add(code)
    if not groups:
        groups = {None: {}}
    out = []
    for key in sorted(groups, key=lambda k: (k is not None, names.get(k, ""))):
        per_doc = groups[key]
        ordered = [d for d in sequence if d in per_doc]
        code_sets = [per_doc[d] for d in ordered]
        result = Saturation(None if key is None else names[key], order_name, assess(code_sets, base, run, threshold))
        seen: set[int] = set()
        for position, (doc_id, codes) in enumerate(zip(ordered, code_sets), start=1):
            new = sorted(codes - seen, key=lambda c: paths[c])
            seen |= codes
            info = docs[doc_id]
            result.rows.append(SaturationRow(position, doc_id, info.title, info.published,
                                             tuple(paths[c] for c in new), sum(c in has_parent for c in new),
                                             len(seen)))
        result.sensitivity = sensitivity(code_sets, base, run, threshold)
        out.append(result)
    return out


def sensitivity(code_sets: Sequence[set], base: int, run: int, threshold: float) -> list[Assessment]:
    bases = sorted(set(SENSITIVITY_BASES) | {base})
    runs = sorted(set(SENSITIVITY_RUNS) | {run})
    thresholds = sorted(set(SENSITIVITY_THRESHOLDS) | {threshold})
    return [assess(code_sets, b, r, t) for t in thresholds for b in bases for r in runs]
