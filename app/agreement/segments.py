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

from dataclasses import dataclass

from app.agreement.intervals import overlapping_pairs

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


def match_segments(
    doc: str,
    coder_a: str,
    coder_b: str,
    seg_a: list[Segment],
    seg_b: list[Segment],
    threshold: float,
) -> list[SegmentMatch]:
    """Classify every segment of two coders in one document (see module doc)."""
    candidates = []
    for i, j in overlapping_pairs(seg_a, seg_b):
        a, b = seg_a[i], seg_b[j]
        ratio = overlap_ratio(a, b)
        if ratio >= threshold:
            candidates.append((a[2] != b[2], -ratio, a[0], b[0], a[2], b[2], i, j, ratio))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[SegmentMatch] = []
    for differs, _neg, _sa, _sb, _ca, _cb, i, j, ratio in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        a, b = seg_a[i], seg_b[j]
        status = CODE_DISAGREED if differs else AGREED
        out.append(SegmentMatch(doc, coder_a, coder_b, status, a[2], a[0], a[1], b[2], b[0], b[1], ratio))
    for i, a in enumerate(seg_a):
        if i not in used_a:
            out.append(SegmentMatch(doc, coder_a, coder_b, ONLY_A, a[2], a[0], a[1], None, None, None, None))
    for j, b in enumerate(seg_b):
        if j not in used_b:
            out.append(SegmentMatch(doc, coder_a, coder_b, ONLY_B, None, None, None, b[2], b[0], b[1], None))
    return out


def count_statuses(matches: list[SegmentMatch]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for match in matches:
        counts[match.status] += 1
    return counts
