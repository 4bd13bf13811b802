"""Highlight spans and a small interval index over them (Qt-free)."""
from __future__ import annotations

import heapq
from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True)
class HighlightSpan:
    id: int          # segment id
    start: int       # code points, end exclusive
    end: int
    colour: str      # '#rrggbb' of the code
    code_id: int
    label: str       # tooltip text: code path, coder, memo


def _key(span: HighlightSpan) -> tuple[int, int, int]:
    return (span.start, span.end, span.id)


class SpanIndex:
    """Spans sorted by start, with stripe columns assigned greedily.

    ``overlapping(lo, hi)`` bisects on the start offsets, looking back by the
    longest span length, so a query costs O(log n + k) for ordinary coding.
    """

    def __init__(self, spans: list[HighlightSpan] | tuple = ()) -> None:
        self.reset(spans)

    def reset(self, spans) -> None:
        spans = [s for s in spans if s.end > s.start]
        by_id = {s.id: s for s in spans}            # last one wins on duplicate ids
        self._spans = sorted(by_id.values(), key=_key)
        self._keys = [_key(s) for s in self._spans]
        self._by_id = by_id
        self._max_len = max((s.end - s.start for s in self._spans), default=0)
        self.columns: dict[int, int] = {}
        self._assign_columns()

    def _assign_columns(self) -> None:
        active: list[tuple[int, int]] = []   # (end, column)
        free: list[int] = []
        next_col = 0
        for span in self._spans:
            while active and active[0][0] <= span.start:
                _, col = heapq.heappop(active)
                heapq.heappush(free, col)
            if free:
                col = heapq.heappop(free)
            else:
                col, next_col = next_col, next_col + 1
            self.columns[span.id] = col
            heapq.heappush(active, (span.end, col))

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self):
        return iter(self._spans)

    def get(self, span_id: int) -> HighlightSpan | None:
        return self._by_id.get(span_id)

    def add(self, span: HighlightSpan) -> None:
        if span.id in self._by_id:
            self.remove(span.id)
        if span.end <= span.start:
            return
        used = {self.columns[s.id] for s in self.overlapping(span.start, span.end)}
        col = 0
        while col in used:
            col += 1
        key = _key(span)
        i = bisect_left(self._keys, key)
        self._keys.insert(i, key)
        self._spans.insert(i, span)
        self._by_id[span.id] = span
        self._max_len = max(self._max_len, span.end - span.start)
        self.columns[span.id] = col

    def remove(self, span_id: int) -> HighlightSpan | None:
        span = self._by_id.pop(span_id, None)
        if span is None:
            return None
        i = bisect_left(self._keys, _key(span))
        del self._keys[i]
        del self._spans[i]
        self.columns.pop(span_id, None)
        return span

    def overlapping(self, lo: int, hi: int) -> list[HighlightSpan]:
        """Spans with start < hi and end > lo (hi == lo: spans covering lo)."""
        if hi <= lo:
            hi = lo + 1
        i0 = bisect_left(self._keys, (lo - self._max_len,))
        i1 = bisect_left(self._keys, (hi,))
        return [s for s in self._spans[i0:i1] if s.end > lo]

    def at(self, position: int) -> list[HighlightSpan]:
        """Spans covering ``position``, shortest (topmost) first."""
        found = self.overlapping(position, position + 1)
        found.sort(key=lambda s: (s.end - s.start, -s.start, s.id))
        return found

    def max_column(self) -> int:
        return max(self.columns.values(), default=-1)
