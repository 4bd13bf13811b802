"""Character-level statistics: 2x2 tables, percent agreement, Cohen's kappa,
Krippendorff's nominal alpha from coincidence counts.

Every character of a document is a unit and every code is scored as a binary
variable ("this code applied" / "not applied"). Tables are plain tuples of ints
so that sums over documents and codes are exact.
"""
from __future__ import annotations

from app.team.agreement.intervals import Interval, intersection_length, total_length

# (both, only_a, only_b, neither)
Table = tuple[int, int, int, int]


def pair_table(a: list[Interval], b: list[Interval], length: int) -> Table:
    """2x2 character counts of two coders' span lists in a document."""
    both = intersection_length(a, b)
    len_a = total_length(a)
    len_b = total_length(b)
    return (both, len_a - both, len_b - both, length - len_a - len_b + both)


def percent_agreement(table: Table) -> float | None:
    """100 * (both + neither) / n; None when n == 0."""
    n = sum(table)
    if n == 0:
        return None
    return 100.0 * (table[0] + table[3]) / n


def cohen_kappa(table: Table) -> float | None:
    """(p_o - p_e) / (1 - p_e) from a 2x2 table.

    p_o = (both + neither) / n; p_e = (a1*b1 + a0*b0) / n^2 where a1, b1 are the
    characters each coder coded and a0, b0 those they did not. None when n == 0
    or p_e == 1 (both coders constant and identical: kappa undefined).
    Computed in integers so that exact cases stay exact.
    """
    both, only_a, only_b, neither = table
    n = both + only_a + only_b + neither
    if n == 0:
        return None
    a1, b1 = both + only_a, both + only_b
    a0, b0 = n - a1, n - b1
    expected = a1 * b1 + a0 * b0  # p_e * n^2
    observed = (both + neither) * n  # p_o * n^2
    if expected == n * n:
        return None
    return (observed - expected) / (n * n - expected)


class Coincidence:
    """Accumulates Krippendorff's coincidence matrix for a binary variable.

    Counts are kept as ``weight[m][k]``: the number of units (characters) with
    ``m`` pairable values of which ``k`` are 1 ("code applied"). Each unit
    contributes k(k-1)/(m-1) to o_11, (m-k)(m-k-1)/(m-1) to o_00 and
    k(m-k)/(m-1) to o_01 (= o_10). Units with m < 2 are not pairable.
    """

    __slots__ = ("weights",)

    def __init__(self) -> None:
        self.weights: dict[int, list[int]] = {}

    def add_histogram(self, hist: list[int]) -> None:
        """Add ``hist[k]`` units with k ones among m = len(hist) - 1 values."""
        m = len(hist) - 1
        if m < 2:
            return
        row = self.weights.get(m)
        if row is None:
            self.weights[m] = list(hist)
            return
        for k, count in enumerate(hist):
            row[k] += count

    def merge(self, other: "Coincidence") -> None:
        for m, row in other.weights.items():
            self.add_histogram(row)

    def matrix(self) -> tuple[float, float, float]:
        """(o_00, o_01, o_11); o_10 equals o_01. Integer sums, one division per m."""
        o00 = o01 = o11 = 0.0
        for m, row in self.weights.items():
            s00 = s01 = s11 = 0
            for k, count in enumerate(row):
                if count:
                    s11 += count * k * (k - 1)
                    s00 += count * (m - k) * (m - k - 1)
                    s01 += count * k * (m - k)
            o00 += s00 / (m - 1)
            o01 += s01 / (m - 1)
            o11 += s11 / (m - 1)
        return o00, o01, o11

    def pairable_units(self) -> int:
        return sum(sum(row) for row in self.weights.values())

    def alpha(self) -> float | None:
        """Nominal alpha = 1 - (n - 1) * o_01 / (n_0 * n_1).

        n_0 = o_00 + o_01, n_1 = o_11 + o_01, n = n_0 + n_1 (pairable values).
        None when fewer than two values are pairable or only one category
        occurs (n_0 * n_1 == 0: expected disagreement is 0).
        """
        o00, o01, o11 = self.matrix()
        n0 = o00 + o01
        n1 = o11 + o01
        n = n0 + n1
        if n < 2 or n0 * n1 == 0:
            return None
        return 1.0 - (n - 1.0) * o01 / (n0 * n1)
