"""Segment-level matching and classification."""
from __future__ import annotations

import random

import pytest

from app.team.agreement import AgreementInput, Unit, compute_agreement
from app.team.agreement.segments import _candidates, match_segments, overlap_ratio


def statuses(matches):
    return sorted(
        (m.status, m.code_a, m.start_a, m.code_b, m.start_b) for m in matches
    )


def test_overlap_is_intersection_over_union():
    assert overlap_ratio((0, 100, "x"), (10, 100, "x")) == 0.9
    assert overlap_ratio((0, 50, "x"), (50, 100, "x")) == 0.0
    assert overlap_ratio((0, 100, "x"), (50, 150, "y")) == pytest.approx(50 / 150)


def test_classification():
    a = [(0, 100, "x"), (200, 300, "x"), (400, 500, "z"), (600, 700, "x")]
    b = [(5, 100, "x"), (200, 299, "y"), (400, 450, "z"), (900, 950, "w")]
    out = match_segments("d", "A", "B", a, b, 0.9)
    assert statuses(out) == [
        ("agreed", "x", 0, "x", 5),
        ("code_disagreed", "x", 200, "y", 200),
        ("only_a", "x", 600, None, None),
        ("only_a", "z", 400, None, None),  # overlap 0.5 < 0.9
        ("only_b", None, None, "w", 900),
        ("only_b", None, None, "z", 400),
    ]
    agreed = next(m for m in out if m.status == "agreed")
    assert agreed.overlap == 0.95 and agreed.coder_a == "A" and agreed.doc == "d"


def test_threshold_is_configurable():
    a, b = [(400, 500, "z")], [(400, 450, "z")]
    assert [m.status for m in match_segments("d", "A", "B", a, b, 0.5)] == ["agreed"]
    assert sorted(m.status for m in match_segments("d", "A", "B", a, b, 0.51)) == [
        "only_a", "only_b"]


def test_same_code_match_preferred_and_one_to_one():
    # B coded the span twice with different codes; A once with "y".
    a = [(0, 100, "y")]
    b = [(0, 100, "x"), (0, 100, "y")]
    out = match_segments("d", "A", "B", a, b, 0.9)
    assert statuses(out) == [("agreed", "y", 0, "y", 0), ("only_b", None, None, "x", 0)]


def test_report_counts_per_pair_and_total():
    units = [
        Unit("d", "A", "x", 0, 100), Unit("d", "B", "x", 2, 100), Unit("d", "C", "y", 0, 100),
        Unit("d", "A", "x", 200, 250), Unit("d", "A", "x", 250, 300),  # adjacent: united
        Unit("d", "B", "x", 200, 300),
    ]
    inp = AgreementInput({"d": 400}, {"d": ["A", "B", "C"]}, units)
    report = compute_agreement(inp, threshold=0.9)
    counts = {(c["coder_a"], c["coder_b"]): c for c in report.segment_counts}
    assert counts[("A", "B")] == {"coder_a": "A", "coder_b": "B", "agreed": 2,
                                  "code_disagreed": 0, "only_a": 0, "only_b": 0}
    assert counts[("A", "C")]["code_disagreed"] == 1 and counts[("A", "C")]["only_a"] == 1
    assert counts[("B", "C")]["code_disagreed"] == 1 and counts[("B", "C")]["only_a"] == 1
    assert counts[(None, None)] == {"coder_a": None, "coder_b": None, "agreed": 2,
                                    "code_disagreed": 2, "only_a": 2, "only_b": 0}
    assert len(report.segment_matches) == 6


def test_threshold_validated():
    with pytest.raises(ValueError):
        compute_agreement(AgreementInput({}, {}, []), threshold=0)


@pytest.mark.parametrize("threshold", [0.1, 0.5, 0.75, 0.9, 1.0])
@pytest.mark.parametrize("seed", range(5))
def test_candidate_window_finds_every_match(threshold, seed):
    rng = random.Random(seed)

    def segs():
        out = []
        for _ in range(rng.randint(0, 30)):
            start = rng.randrange(200)
            out.append((start, start + rng.randint(1, 80), rng.choice("xyz")))
        return sorted(out)

    a, b = segs(), segs()
    brute = {(i, j) for i, sa in enumerate(a) for j, sb in enumerate(b)
             if overlap_ratio(sa, sb) >= threshold}
    assert {(c[-3], c[-2]) for c in _candidates(a, b, threshold)} == brute
