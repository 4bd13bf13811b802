"""Segment-level agreement: matching two coders' segments in a document.

Segments are each coder's united spans (one coder's overlapping or adjacent
segments of the same code are merged first). Two segments *match* when their
overlap = |intersection| / |union| (in characters, the Jaccard index of the two
spans) is >= threshold. Matching is one-to-one and greedy: same-code pairs
first, then pairs with different codes, each by decreasing overlap (ties by
position, then code). Outcome per segment:

* ``agreed``: matched with a segment of the same code;
* ``code_disagreed``: matched span, different codes;
* ``only_a`` / ``only_b``: no matching span from the other coder.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

AGREED = "agreed"
CODE_DISAGREED = "code_disagreed"
ONLY_A = "only_a"
ONLY_B = "only_b"
STATUSES = (AGREED, CODE_DISAGREED, ONLY_A, ONLY_B)

# (start, end, code)
Segment = tuple[int, int, str]


@dataclass(slots=True)
class SegmentMatch:
    """One outcome; ``*_a`` / ``*_b`` fields are None for the absent side.

    A segment is identified by (doc, coder, code, start, end) of the united span.
    """

    doc: str
    coder_a: str
    coder_b: str
    status: str
    code_a: str | None
    start_a: int | None
    end_a: int | None
    code_b: str | None
    start_b: int | None
    end_b: int | None
    overlap: float | None

    def to_dict(self) -> dict:
        return {
            "doc": self.doc,
            "coder_a": self.coder_a,
            "coder_b": self.coder_b,
            "status": self.status,
            "code_a": self.code_a,
            "start_a": self.start_a,
            "end_a": self.end_a,
            "code_b": self.code_b,
            "start_b": self.start_b,
            "end_b": self.end_b,
            "overlap": self.overlap,
        }


def overlap_ratio(a: Segment, b: Segment) -> float:
    """|a ∩ b| / |a ∪ b| of two spans (0.0 when disjoint)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _candidates(seg_a: list[Segment], seg_b: list[Segment], threshold: float) -> list:
    """Pairs with overlap >= threshold, found through a window on start offsets.

    overlap >= t implies |start_a - start_b| <= union - intersection
    <= union (1 - t) <= len_a (1 - t) / t, so only b segments whose start lies
    in that window around start_a (bisect on sorted starts) are examined.
    """
    order_b = sorted(range(len(seg_b)), key=lambda j: seg_b[j][0])
    starts_b = [seg_b[j][0] for j in order_b]
    slack = (1.0 - threshold) / threshold
    found = []
    for i, (a_start, a_end, a_code) in enumerate(seg_a):
        window = int((a_end - a_start) * slack) + 1
        lo = bisect_left(starts_b, a_start - window)
        hi = bisect_right(starts_b, a_start + window)
        for k in range(lo, hi):
            j = order_b[k]
            b_start, b_end, b_code = seg_b[j]
            lo_end, hi_end = (a_end, b_end) if a_end < b_end else (b_end, a_end)
            lo_start, hi_start = (a_start, b_start) if a_start < b_start else (b_start, a_start)
            inter = lo_end - hi_start
            if inter <= 0:
                continue
            ratio = inter / (hi_end - lo_start)
            if ratio >= threshold:
                key = (a_code != b_code, -ratio, a_start, b_start, a_code, b_code)
                found.append((*key, i, j, ratio))
    return found


def match_segments(
    doc: str,
    coder_a: str,
    coder_b: str,
    seg_a: list[Segment],
    seg_b: list[Segment],
    threshold: float,
) -> list[SegmentMatch]:
    """Classify every segment of two coders in one document (see module doc)."""
    candidates = _candidates(seg_a, seg_b, threshold)
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[SegmentMatch] = []
    for differs, *_key, i, j, ratio in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        a, b = seg_a[i], seg_b[j]
        status = CODE_DISAGREED if differs else AGREED
        out.append(SegmentMatch(
            doc, coder_a, coder_b, status, a[2], a[0], a[1], b[2], b[0], b[1], ratio
        ))
    for i, a in enumerate(seg_a):
        if i not in used_a:
            out.append(SegmentMatch(
                doc, coder_a, coder_b, ONLY_A, a[2], a[0], a[1], None, None, None, None
            ))
    for j, b in enumerate(seg_b):
        if j not in used_b:
            out.append(SegmentMatch(
                doc, coder_a, coder_b, ONLY_B, None, None, None, b[2], b[0], b[1], None
            ))
    return out

