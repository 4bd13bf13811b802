"""Interval primitives against brute force (property-based)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.team.agreement.intervals import coverage_histogram, intersection_length, unite

LENGTH = 60
interval = st.tuples(st.integers(0, LENGTH - 1), st.integers(1, 20)).map(
    lambda t: (t[0], min(LENGTH, t[0] + t[1]))
)
interval_lists = st.lists(interval, max_size=8)


def covered(intervals):
    return {p for s, e in intervals for p in range(s, e)}


@given(interval_lists)
def test_unite_is_sorted_disjoint_non_adjacent_union(raw):
    united = unite(raw)
    assert covered(united) == covered(raw)
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(united, united[1:]))
    assert all(s < e for s, e in united)


@given(interval_lists, interval_lists)
def test_intersection_length(a, b):
    assert intersection_length(unite(a), unite(b)) == len(covered(a) & covered(b))


@given(st.lists(interval_lists, min_size=1, max_size=4))
def test_coverage_histogram(lists):
    united = [unite(x) for x in lists]
    hist = coverage_histogram(united, LENGTH)
    expected = [0] * (len(lists) + 1)
    for pos in range(LENGTH):
        expected[sum(pos in covered(x) for x in united)] += 1
    assert hist == expected
