"""compute_agreement: one pass over documents x codes, sweeping intervals."""
from __future__ import annotations

from itertools import combinations

from app.team.agreement.character import Coincidence, cohen_kappa, percent_agreement
from app.team.agreement.intervals import coverage_histogram, intersection_length, total_length
from app.team.agreement.model import AgreementInput, Prepared, code_spans, prepare
from app.team.agreement.report import AgreementReport, AgreementRow, PairAgreement
from app.team.agreement.segments import STATUSES, match_segments
from app.team.agreement.unitized import (
    UnitizedAccumulator,
    UnitizedResult,
    observed_sum,
    unitized_for_doc,
)



Pair = tuple[str, str]


def _mean(values: list[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def _add(acc: dict[Pair, list[int]], pair: Pair, table: tuple[int, int, int, int]) -> None:
    row = acc.get(pair)
    if row is None:
        acc[pair] = list(table)
    else:
        row[0] += table[0]
        row[1] += table[1]
        row[2] += table[2]
        row[3] += table[3]


def _row(scope, code, doc, n_chars, n_compared, n_units, tables, coincidence, unitized) -> AgreementRow:
    pairs = []
    for (a, b), t in sorted(tables.items()):
        table = (t[0], t[1], t[2], t[3])
        pairs.append(
            PairAgreement(a, b, *table, percent_agreement(table), cohen_kappa(table))
        )
    o00, o01, o11 = coincidence.matrix()
    d_o = d_e = alpha_u = None
    if unitized:
        d_o = sum(r.observed for r in unitized)
        d_e = sum(r.expected for r in unitized)
        alpha_u = 1.0 - d_o / d_e if d_e else None
    return AgreementRow(
        scope=scope,
        code=code,
        doc=doc,
        n_chars=n_chars,
        n_units=n_units,
        pairs=pairs,
        n_chars_compared=n_compared,
        mean_pairwise_percent_agreement=_mean([p.percent_agreement for p in pairs]),
        mean_pairwise_kappa=_mean([p.cohen_kappa for p in pairs]),
        krippendorff_alpha=coincidence.alpha(),
        o_00=o00,
        o_01=o01,
        o_11=o11,
        alpha_u=alpha_u,
        alpha_u_observed=d_o,
        alpha_u_expected=d_e,
    )


def cell_tables(lists: list[list], coders: list[str], length: int) -> dict[Pair, tuple]:
    """2x2 character tables (both, only_a, only_b, neither) per coder pair."""
    lens = [total_length(spans) for spans in lists]
    out = {}
    for x, y in combinations(range(len(coders)), 2):
        both = intersection_length(lists[x], lists[y])
        out[(coders[x], coders[y])] = (
            both, lens[x] - both, lens[y] - both, length - lens[x] - lens[y] + both
        )
    return out


def _segments_by_coder(prepared: Prepared, doc: str) -> dict[str, list]:
    out: dict[str, list] = {c: [] for c in prepared.coders_by_doc[doc]}
    for code, by_coder in prepared.spans[doc].items():
        for coder, spans in by_coder.items():
            out[coder].extend((s, e, code) for s, e in spans)
    for segs in out.values():
        segs.sort()
    return out


def compute_agreement(
    inp: AgreementInput, *, coders=None, codes=None, docs=None, threshold: float = 0.9
) -> AgreementReport:
    """Character kappa / percent agreement, alpha, alpha_u and segment matching.

    ``coders``, ``codes``, ``docs`` restrict the analysis (None = all). Codes
    given explicitly but never applied still count (all characters "absent").
    ``threshold`` is the minimum intersection/union overlap for segments to match.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    prep = prepare(inp, coders=coders, codes=codes, docs=docs)
    all_coders = prep.coders
    code_tables = {c: {} for c in prep.codes}
    code_coin = {c: Coincidence() for c in prep.codes}
    code_unitized = {c: UnitizedAccumulator(len(all_coders)) for c in prep.codes}
    per_doc: list[AgreementRow] = []
    pooled_tables: dict[Pair, list[int]] = {}
    unitized_docs: list[str] = []
    excluded_docs: list[str] = []
    cells: list[tuple] = []
    matches = []
    total_chars = 0
    compared_chars = 0
    for doc in prep.docs:
        length = prep.doc_lengths[doc]
        total_chars += length
        doc_coders = prep.coders_by_doc[doc]
        full = len(all_coders) >= 2 and doc_coders == all_coders
        (unitized_docs if full else excluded_docs).append(doc)
        doc_tables: dict[Pair, list[int]] = {}
        doc_coin = Coincidence()
        doc_unitized: list[UnitizedResult] = []
        pairable = len(doc_coders) >= 2
        if pairable:
            compared_chars += length
        for code in prep.codes:
            spans = code_spans(prep, doc, code)
            lists = [spans[c] for c in doc_coders]
            for pair, table in cell_tables(lists, doc_coders, length).items():
                _add(doc_tables, pair, table)
                _add(code_tables[code], pair, table)
            hist = coverage_histogram(lists, length)
            doc_coin.add_histogram(hist)
            code_coin[code].add_histogram(hist)
            if pairable:
                result = unitized_for_doc(length, lists, observed_sum(lists))
                doc_unitized.append(result)
                cells.append((doc, code, length, len(doc_coders), result.observed, result.expected, full))
                if full:
                    code_unitized[code].add_result(result)
        for pair, t in doc_tables.items():
            _add(pooled_tables, pair, t)
        n_units = length * len(prep.codes)
        per_doc.append(
            _row("doc", None, doc, length, length if pairable else 0, n_units, doc_tables, doc_coin,
                 doc_unitized)
        )
        if pairable:
            segs = _segments_by_coder(prep, doc)
            for a, b in combinations(doc_coders, 2):
                matches.extend(match_segments(doc, a, b, segs[a], segs[b], threshold))
    per_code = []
    pooled_coin = Coincidence()
    code_results = []
    for code in prep.codes:
        result = code_unitized[code].result()
        code_results.append(result)
        pooled_coin.merge(code_coin[code])
        per_code.append(
            _row("code", code, None, total_chars, compared_chars, total_chars, code_tables[code],
                 code_coin[code], [result] if unitized_docs else [])
        )
    pooled = _row(
        "pooled", None, None, total_chars, compared_chars, total_chars * len(prep.codes), pooled_tables,
        pooled_coin, code_results if unitized_docs else [],
    )
    return AgreementReport(
        coders=list(all_coders),
        codes=list(prep.codes),
        docs=list(prep.docs),
        threshold=threshold,
        per_code=per_code,
        per_doc=per_doc,
        pooled=pooled,
        alpha_u_docs=unitized_docs,
        alpha_u_excluded_docs=excluded_docs,
        segment_matches=matches,
        segment_counts=_segment_counts(matches),
        merged_units=prep.merged_units,
        ignored_units=prep.ignored_units,
        unitized_cells=cells,
        prepared=prep,
    )


def _segment_counts(matches) -> list[dict]:
    """Counts per coder pair (summed over documents) and an overall total."""
    by_pair: dict[Pair, dict[str, int]] = {}
    for m in matches:
        counts = by_pair.get((m.coder_a, m.coder_b))
        if counts is None:
            counts = by_pair[(m.coder_a, m.coder_b)] = dict.fromkeys(STATUSES, 0)
        counts[m.status] += 1
    rows = [{"coder_a": a, "coder_b": b, **c} for (a, b), c in sorted(by_pair.items())]
    total = dict.fromkeys(STATUSES, 0)
    for counts in by_pair.values():
        for status, n in counts.items():
            total[status] += n
    rows.append({"coder_a": None, "coder_b": None, **total})
    return rows
