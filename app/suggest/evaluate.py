"""How good are the suggestions? Hide part of a code's segments and look for them.

k-fold: the code's segments are united into passages (two coders' segments on the
same words are one passage), shuffled (fixed seed) and cut into ``folds`` parts.
For each part, the engine sees only the other parts, ranks every candidate unit,
and a unit counts as *relevant* when a hidden segment covers at least half of it or
it covers at least half of a hidden segment. Reported per engine and baseline, as the
mean over folds with at least one relevant unit:

- precision@k, recall@k, average precision (AP, over the whole ranking);
- character-level agreement with the human coder: the top-N units (N = the number of
  relevant units in that fold) are treated as a second coder "suggester", the hidden
  segments as the coder "human", and Cohen's kappa and Krippendorff's alpha come from
  the same engine as inter-coder agreement, pooled over folds (each fold's documents
  are separate units, so no character is counted twice).

Baselines: *random* (the mean over 50 seeded random orderings of the same candidates)
and *keyword* (units ranked by how many words of the code's name, stemmed, they contain:
what a researcher would type into a search box).
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

import numpy as np

from app.coding.codebook import code_path, resolve_code
from app.errors import InvalidOperation
from app.project import Project
from app.suggest import corpus
from app.suggest.engines import index_for
from app.suggest.suggest import _code_ids, _dismissed, codebook_examples
from app.suggest.tokens import words
from app.team.agreement import AgreementInput, Unit, compute_agreement
from app.team.blind import visible_coder_ids

RANDOM_RUNS = 50


@dataclass
class Scores:
    name: str
    precision_at: dict[int, float] = field(default_factory=dict)
    recall_at: dict[int, float] = field(default_factory=dict)
    average_precision: float = 0.0
    kappa: float | None = None
    alpha: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Evaluation:
    code_path: str
    engine: str
    unit: str
    folds: int
    folds_scored: int
    segments: int
    passages: int
    candidates: int
    relevant: int
    ks: list[int]
    results: list[Scores]
    method: str = __doc__.split("\n\n", 1)[1].strip()

    def to_dict(self) -> dict:
        out = asdict(self)
        out["results"] = [r.to_dict() for r in self.results]
        return out


def _relevant(units: corpus.Units, rows: np.ndarray, hidden: list[corpus.Span]) -> np.ndarray:
    """Boolean per row: does a hidden segment cover half of it, or it half of one?"""
    out = np.zeros(len(rows), dtype=bool)
    if not len(rows):
        return out
    starts, ends, docs = units.starts[rows], units.ends[rows], units.doc_ids[rows]
    lengths = ends - starts
    for span in hidden:
        same = docs == span.doc_id
        overlap = np.minimum(ends, span.end) - np.maximum(starts, span.start)
        hit = same & (overlap > 0) & ((2 * overlap >= lengths) | (2 * overlap >= (span.end - span.start)))
        out |= hit
    return out


def _metrics(relevant_in_order: np.ndarray, ks: list[int]) -> tuple[dict, dict, float]:
    total = int(relevant_in_order.sum())
    hits = np.cumsum(relevant_in_order)
    p_at = {k: float(hits[min(k, len(hits)) - 1]) / k if len(hits) else 0.0 for k in ks}
    r_at = {k: float(hits[min(k, len(hits)) - 1]) / total if len(hits) and total else 0.0 for k in ks}
    positions = np.nonzero(relevant_in_order)[0]
    ap = float(np.mean(hits[positions] / (positions + 1))) if total else 0.0
    return p_at, r_at, ap


def _keyword_scores(index, rows: np.ndarray, keywords: set[str]) -> np.ndarray:
    texts = index.units.texts
    return np.asarray([sum(1 for w in words(texts[r]) if w in keywords) for r in rows], dtype=np.float32)


def evaluate(project: Project, code, *, engine: str = "lexical", unit: str = "sentence", folds: int = 5,
             ks: tuple[int, ...] = (5, 10, 20), seed: int = 7, include_subcodes: bool = True) -> Evaluation:
    code = resolve_code(code)
    if folds < 2:
        raise InvalidOperation("--folds must be at least 2")
    index = index_for(project, engine, unit)
    units = index.units
    spans = corpus.code_segments(_code_ids(code, include_subcodes), visible_coder_ids(project))
    n_segments = len(spans)
    spans = _passages(spans)
    if len(spans) < folds:
        raise InvalidOperation(f"code '{code_path(code)}' has {len(spans)} coded passage(s): "
                               f"at least {folds} are needed for {folds} folds")
    random.Random(seed).shuffle(spans)
    parts = [spans[i::folds] for i in range(folds)]
    dismissed = _dismissed(code.id)
    keywords = set(words(code.name))
    names = [engine, "keyword", "random"]
    sums = {n: {"p": {k: 0.0 for k in ks}, "r": {k: 0.0 for k in ks}, "ap": 0.0} for n in names}
    agreement_units: dict[str, list[Unit]] = {n: [] for n in names}
    doc_lengths: dict[str, int] = {}
    lengths = dict(corpus.Document.select(corpus.Document.id, corpus.Document.char_count).tuples())
    scored = candidates_total = relevant_total = 0
    for f, hidden in enumerate(parts):
        train = [s for i, part in enumerate(parts) if i != f for s in part]
        candidates = np.nonzero(~corpus.covered_mask(units, train + dismissed))[0]
        relevant = _relevant(units, candidates, hidden)
        if not relevant.any():
            continue
        scored += 1
        candidates_total += len(candidates)
        relevant_total += int(relevant.sum())
        examples = corpus.segment_texts(train) + codebook_examples(code)
        orders = {
            engine: np.lexsort((candidates, -index.scores(examples, candidates))),
            "keyword": np.lexsort((candidates, -_keyword_scores(index, candidates, keywords))),
        }
        for n, order in orders.items():
            p, r, ap = _metrics(relevant[order], list(ks))
            _accumulate(sums[n], p, r, ap)
        rng = np.random.default_rng(seed + f)
        rp = {k: 0.0 for k in ks}
        rr = {k: 0.0 for k in ks}
        rap = 0.0
        for _ in range(RANDOM_RUNS):
            order = rng.permutation(len(candidates))
            p, r, ap = _metrics(relevant[order], list(ks))
            for k in ks:
                rp[k] += p[k] / RANDOM_RUNS
                rr[k] += r[k] / RANDOM_RUNS
            rap += ap / RANDOM_RUNS
        orders["random"] = np.random.default_rng(seed + 1000 + f).permutation(len(candidates))
        _accumulate(sums["random"], rp, rr, rap)
        n_top = int(relevant.sum())
        for d in {s.doc_id for s in hidden}:
            doc_lengths[f"{f}:{d}"] = lengths[d]
        for n, order in orders.items():
            for row in candidates[order[:n_top]]:
                d = int(units.doc_ids[row])
                doc_lengths[f"{f}:{d}"] = lengths[d]
                agreement_units[n].append(Unit(f"{f}:{d}", "suggester", "c", int(units.starts[row]),
                                               int(units.ends[row])))
        for s in hidden:
            for n in names:
                agreement_units[n].append(Unit(f"{f}:{s.doc_id}", "human", "c", s.start, s.end))
    results = []
    for n in names:
        div = scored or 1
        res = Scores(n, {k: v / div for k, v in sums[n]["p"].items()}, {k: v / div for k, v in sums[n]["r"].items()},
                     sums[n]["ap"] / div)
        if scored:
            docs = {u.doc for u in agreement_units[n]}
            inp = AgreementInput({d: doc_lengths[d] for d in docs}, {d: ["human", "suggester"] for d in docs},
                                 agreement_units[n])
            pooled = compute_agreement(inp, codes=["c"]).pooled
            res.kappa, res.alpha = pooled.mean_pairwise_kappa, pooled.krippendorff_alpha
        results.append(res)
    return Evaluation(code_path(code), engine, unit, folds, scored, n_segments, len(spans),
                      candidates_total // (scored or 1), relevant_total // (scored or 1), list(ks), results)


def _passages(spans: list[corpus.Span]) -> list[corpus.Span]:
    """Overlapping segments (two coders on one passage) united into one passage, sorted."""
    out: list[corpus.Span] = []
    for span in sorted(spans, key=lambda s: (s.doc_id, s.start, s.end)):
        last = out[-1] if out else None
        if last is not None and last.doc_id == span.doc_id and span.start < last.end:
            out[-1] = corpus.Span(last.doc_id, last.start, max(last.end, span.end))
        else:
            out.append(span)
    return out


def _accumulate(acc: dict, p: dict, r: dict, ap: float) -> None:
    for k in p:
        acc["p"][k] += p[k]
        acc["r"][k] += r[k]
    acc["ap"] += ap
