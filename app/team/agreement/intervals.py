"""Interval primitives: uniting, intersecting, coverage sweeps.

All intervals are half-open ``(start, end)`` pairs of ints. "Span lists" are
sorted, pairwise disjoint and non-adjacent (the output of :func:`unite`).
"""
from __future__ import annotations

Interval = tuple[int, int]


def unite(intervals: list[Interval]) -> list[Interval]:
    """Sorted union of ``intervals``; overlapping or adjacent ones are merged."""
    if len(intervals) < 2:
        return list(intervals)
    ordered = sorted(intervals)
    out: list[Interval] = []
    cur_start, cur_end = ordered[0]
    for start, end in ordered[1:]:
        if start <= cur_end:
            if end > cur_end:
                cur_end = end
        else:
            out.append((cur_start, cur_end))
            cur_start, cur_end = start, end
    out.append((cur_start, cur_end))
    return out


def total_length(spans: list[Interval]) -> int:
    """Number of positions covered by a span list."""
    return sum(end - start for start, end in spans)


def intersection_length(a: list[Interval], b: list[Interval]) -> int:
    """Positions covered by both span lists (two-pointer merge, O(len a + len b))."""
    if not a or not b:
        return 0
    i = j = 0
    n_a, n_b = len(a), len(b)
    shared = 0
    while i < n_a and j < n_b:
        a_start, a_end = a[i]
        b_start, b_end = b[j]
        lo = a_start if a_start > b_start else b_start
        hi = a_end if a_end < b_end else b_end
        if hi > lo:
            shared += hi - lo
        if a_end < b_end:
            i += 1
        else:
            j += 1
    return shared


def coverage_histogram(span_lists: list[list[Interval]], length: int) -> list[int]:
    """``hist[k]`` = positions in ``[0, length)`` covered by exactly ``k`` lists.

    A sweep over the start/end events of all lists; runs of constant coverage
    contribute their length at once (never per position).
    """
    hist = [0] * (len(span_lists) + 1)
    events: list[tuple[int, int]] = []
    for spans in span_lists:
        for start, end in spans:
            events.append((start, 1))
            events.append((end, -1))
    if not events:
        hist[0] = length
        return hist
    events.sort()
    depth = 0
    prev = 0
    for pos, delta in events:
        if pos != prev:
            hist[depth] += pos - prev
            prev = pos
        depth += delta
    hist[0] += length - prev
    return hist

