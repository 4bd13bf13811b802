"""Krippendorff's unitized alpha (alpha_u; Krippendorff 1995, 2004 p. 251-256).

Follows DKPro Statistics' ``KrippendorffAlphaUnitizingAgreement``, with each
code scored separately ("this code" vs gap) on a continuum of length L with R
coders, every coder covering the whole continuum:

* Observed disagreement of code c: D_o(c) = 2 / (R (R-1) L^2) * sum over coder
  pairs of: for every pair of overlapping units, (begin difference)^2 +
  (end difference)^2; for every unit lying entirely in a gap of the other coder
  (overlapping none of its units), length^2.
* Expected disagreement: with N_c units of c over all coders, and for every
  coder the list of gaps (maximal stretches without c),
  D_e(c) = 2/L * sum_u [ (N_c - 1) l_u (l_u - 1)(2 l_u - 1) / 3
                         + l_u^2 * sum_{gaps g >= l_u} (g - l_u + 1) ]
           / ( R L (R L - 1) - sum_u l_u (l_u - 1) ).
* alpha_u(c) = 1 - D_o(c)/D_e(c); over several codes
  alpha_u = 1 - sum_c D_o(c) / sum_c D_e(c) (not the mean of per-code values).

Each document is its own continuum (gaps end at document boundaries), so the
result never depends on titles or document order. Over several documents D_o(c)
and D_e(c) are pooled as length-weighted means, D(c) = sum_d L_d D(c, d) / sum_d L_d
(for one document this is exactly the single-continuum value); alpha_u(c) =
1 - D_o(c) / D_e(c). Joining documents into one continuum (DKPro's way) would let a
gap run from the end of one document into the next.
One coder's overlapping units of a code are united beforehand (the reference
silently miscounts them).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from app.team.agreement.intervals import Interval


def pair_observed(a: list[Interval], b: list[Interval]) -> int:
    """Observed-disagreement sum of two coders' span lists (one code, one doc)."""
    total = 0
    i = j = 0
    n_a, n_b = len(a), len(b)
    hit_a = hit_b = False
    while i < n_a and j < n_b:
        a_start, a_end = a[i]
        b_start, b_end = b[j]
        if a_start < b_end and b_start < a_end:
            d_begin = a_start - b_start
            d_end = a_end - b_end
            total += d_begin * d_begin + d_end * d_end
            hit_a = hit_b = True
        if a_end < b_end:
            if not hit_a:
                total += (a_end - a_start) ** 2
            i += 1
            hit_a = False
        else:
            if not hit_b:
                total += (b_end - b_start) ** 2
            j += 1
            hit_b = False
    for start, end in a[i:]:
        if not hit_a:
            total += (end - start) ** 2
        hit_a = False
    for start, end in b[j:]:
        if not hit_b:
            total += (end - start) ** 2
        hit_b = False
    return total


def observed_sum(span_lists: list[list[Interval]]) -> int:
    """Sum of :func:`pair_observed` over all unordered coder pairs."""
    total = 0
    for x in range(len(span_lists)):
        for y in range(x + 1, len(span_lists)):
            total += pair_observed(span_lists[x], span_lists[y])
    return total


def expected_numerator(lengths: list[int], gaps: list[int]) -> int:
    """sum_u [(N-1) l(l-1)(2l-1)/3 + l^2 sum_{g >= l}(g - l + 1)], exact ints."""
    n_units = len(lengths)
    if n_units == 0:
        return 0
    gaps = sorted(gaps)
    suffix = [0] * (len(gaps) + 1)
    for idx in range(len(gaps) - 1, -1, -1):
        suffix[idx] = suffix[idx + 1] + gaps[idx]
    total = 0
    for length in lengths:
        total += (n_units - 1) * (length * (length - 1) * (2 * length - 1) // 3)
        idx = bisect_left(gaps, length)
        fitting = len(gaps) - idx
        if fitting:
            total += length * length * (suffix[idx] - fitting * (length - 1))
    return total


@dataclass
class UnitizedResult:
    """D_o, D_e and alpha_u of one scope; alpha_u None when D_e == 0 or R < 2."""

    observed: float
    expected: float
    coders: int
    length: int

    @property
    def alpha(self) -> float | None:
        if self.expected == 0:
            return None
        return 1.0 - self.observed / self.expected


class UnitizedAccumulator:
    """alpha_u of one code over documents, each its own continuum (see module doc)."""

    __slots__ = ("coders", "length", "observed_weighted", "expected_weighted", "cells")

    def __init__(self, coders: int) -> None:
        self.coders = coders
        self.length = 0
        self.observed_weighted = 0.0  # sum_d L_d D_o(d)
        self.expected_weighted = 0.0  # sum_d L_d D_e(d)
        self.cells: list[UnitizedResult] = []

    def add_doc(
        self, doc_length: int, span_lists: list[list[Interval]], observed: int | None = None
    ) -> UnitizedResult:
        """Add a document; ``span_lists`` has one span list per coder. Returns its result.

        ``observed`` may pass a precomputed :func:`observed_sum` of the lists.
        """
        result = unitized_for_doc(doc_length, span_lists, observed)
        self.add_result(result)
        return result

    def add_result(self, result: "UnitizedResult") -> None:
        self.length += result.length
        self.observed_weighted += result.length * result.observed
        self.expected_weighted += result.length * result.expected
        self.cells.append(result)

    def result(self) -> UnitizedResult:
        if self.length == 0:
            return UnitizedResult(0.0, 0.0, self.coders, 0)
        return UnitizedResult(self.observed_weighted / self.length, self.expected_weighted / self.length,
                              self.coders, self.length)


def _result(r: int, length: int, observed: int, lengths: list[int], gaps: list[int]):
    """D_o and D_e from the integer ingredients (formulas in the module doc)."""
    if r < 2 or length == 0 or not lengths:
        return UnitizedResult(0.0, 0.0, r, length)
    d_o = 2 * observed / (r * (r - 1) * length * length)
    denominator = r * length * (r * length - 1) - sum(x * (x - 1) for x in lengths)
    numerator = expected_numerator(lengths, gaps)
    d_e = 2 * numerator / (length * denominator) if denominator else 0.0
    return UnitizedResult(d_o, d_e, r, length)


def unitized_for_doc(
    doc_length: int, span_lists: list[list[Interval]], observed: int | None = None
) -> UnitizedResult:
    """alpha_u ingredients of one code on a single document (its own continuum)."""
    lengths: list[int] = []
    gaps: list[int] = []
    for spans in span_lists:
        pos = 0
        for start, end in spans:
            if start > pos:
                gaps.append(start - pos)
            lengths.append(end - start)
            pos = end
        if doc_length > pos:
            gaps.append(doc_length - pos)
    if not lengths:
        return UnitizedResult(0.0, 0.0, len(span_lists), doc_length)
    if observed is None:
        observed = observed_sum(span_lists)
    return _result(len(span_lists), doc_length, observed, lengths, gaps)
