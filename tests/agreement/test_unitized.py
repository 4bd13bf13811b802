"""Krippendorff's unitized alpha (alpha_u)."""
from __future__ import annotations

import random

import pytest

from app.team.agreement import AgreementInput, Unit, compute_agreement
from app.team.agreement.intervals import unite
from app.team.agreement.unitized import UnitizedAccumulator, unitized_for_doc

# Krippendorff (2004) p. 254, shifted so the continuum starts at 0: (begin, length, coder, code)
TEXTBOOK = [
    (75, 70, 0, "c"), (220, 30, 0, "c"), (70, 80, 1, "c"), (205, 20, 1, "c"),
    (250, 20, 1, "c"), (30, 60, 0, "k"), (150, 50, 0, "k"), (30, 60, 1, "k"), (150, 50, 1, "k"),
]


def textbook_input() -> AgreementInput:
    units = [Unit("doc", str(r), code, b, b + n) for b, n, r, code in TEXTBOOK]
    return AgreementInput({"doc": 300}, {"doc": ["0", "1"]}, units)


def test_textbook_example():
    report = compute_agreement(textbook_input())
    by_code = {row.code: row for row in report.per_code}
    assert by_code["c"].alpha_u == pytest.approx(0.7286, abs=5e-5)
    assert by_code["c"].alpha_u_observed == pytest.approx(0.0144, abs=5e-5)  # DKPro's test
    assert by_code["k"].alpha_u == 1.0
    assert report.pooled.alpha_u == pytest.approx(0.8587, abs=5e-4)
    assert report.pooled.alpha_u == pytest.approx(0.8591, abs=5e-4)  # printed in the book
    mean_of_codes = (by_code["c"].alpha_u + by_code["k"].alpha_u) / 2
    assert abs(report.pooled.alpha_u - mean_of_codes) > 0.005
    assert report.per_doc[0].alpha_u == pytest.approx(report.pooled.alpha_u, abs=1e-12)


def test_perfect_agreement_is_one():
    units = [Unit("d", c, code, s, e) for c in ("A", "B", "C")
             for code, s, e in (("x", 10, 40), ("x", 60, 90), ("y", 30, 70))]
    report = compute_agreement(AgreementInput({"d": 100}, {"d": ["A", "B", "C"]}, units))
    assert [row.alpha_u for row in report.per_code] == [1.0, 1.0]
    assert report.pooled.alpha_u == 1.0


def test_overlapping_units_of_one_coder_are_united():
    split = [Unit("doc", "0", "c", 75, 120), Unit("doc", "0", "c", 100, 145),
             Unit("doc", "0", "c", 145, 146)]  # overlapping, then adjacent
    base = textbook_input()
    whole = [u for u in base.units if not (u.coder == "0" and u.start == 75)]
    split_input = AgreementInput(base.doc_lengths, base.coders_by_doc, whole + split)
    merged = [Unit("doc", "0", "c", 75, 146)]
    merged_input = AgreementInput(base.doc_lengths, base.coders_by_doc, whole + merged)
    a = compute_agreement(split_input)
    b = compute_agreement(merged_input)
    assert a.merged_units == 2
    assert a.per_code[0].alpha_u == b.per_code[0].alpha_u
    assert a.pooled.alpha_u == b.pooled.alpha_u


def test_undefined_without_units():
    report = compute_agreement(AgreementInput({"d": 10}, {"d": ["A", "B"]}, []), codes=["x"])
    assert report.pooled.alpha_u is None
    assert report.per_code[0].alpha_u is None


def dkpro_observed(lists, begin, length):
    """Port of DKPro's pairwise sweep (segments = units or gaps) for one code."""
    total = 0
    for x in range(len(lists)):
        for y in range(x + 1, len(lists)):
            segs = [_segments(lists[x], begin, length), _segments(lists[y], begin, length)]
            for s1, e1, u1 in segs[0]:
                for s2, e2, u2 in segs[1]:
                    if u1 and u2 and s1 < e2 and s2 < e1:
                        total += (s1 - s2) ** 2 + (e1 - e2) ** 2
                    elif u1 and not u2 and s2 <= s1 and e1 <= e2:
                        total += (e1 - s1) ** 2
                    elif u2 and not u1 and s1 <= s2 and e2 <= e1:
                        total += (e2 - s2) ** 2
    r = len(lists)
    return 2 * total / (r * (r - 1) * length * length)


def _segments(spans, begin, length):
    out, pos = [], begin
    for s, e in spans:
        if s > pos:
            out.append((pos, s, False))
        out.append((s, e, True))
        pos = e
    if pos < begin + length:
        out.append((pos, begin + length, False))
    return out


def dkpro_expected(lists, length):
    units = [e - s for spans in lists for s, e in spans]
    gaps = [e - s for spans in lists for s, e, u in _segments(spans, 0, length) if not u]
    r, n = len(lists), len(units)
    total = 0.0
    for l in units:
        total += (n - 1) * (2 * l**3 - 3 * l**2 + l) / 3
        total += l * l * sum(g - l + 1 for g in gaps if g >= l)
    return total * 2 / length / (r * length * (r * length - 1) - sum(l * (l - 1) for l in units))


@pytest.mark.parametrize("seed", range(10))
def test_matches_reference_formulas_on_random_data(seed):
    rng = random.Random(seed)
    length = rng.randint(50, 400)
    coders = rng.randint(2, 4)
    lists = []
    for _ in range(coders):
        raw = []
        for _ in range(rng.randint(0, 6)):
            start = rng.randrange(length)
            raw.append((start, min(length, start + rng.randint(1, 60))))
        lists.append(unite(raw))
    if not any(lists):
        lists[0] = [(0, 5)]
    result = unitized_for_doc(length, lists)
    assert result.observed == pytest.approx(dkpro_observed(lists, 0, length), rel=1e-12)
    assert result.expected == pytest.approx(dkpro_expected(lists, length), rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_each_document_is_its_own_continuum_pooled_by_length(seed, random_input):
    inp = random_input(seed, n_docs=4, coders=("A", "B", "C"))
    report = compute_agreement(inp)
    for row in report.per_code:
        d_o = d_e = 0.0
        total = 0
        for doc in report.docs:
            length = inp.doc_lengths[doc]
            lists = [unite([(u.start, u.end) for u in inp.units if (u.doc, u.coder, u.code) == (doc, coder, row.code)])
                     for coder in report.coders]
            total += length
            if any(lists):
                d_o += length * dkpro_observed(lists, 0, length)
                d_e += length * dkpro_expected(lists, length)
        assert row.alpha_u_observed == pytest.approx(d_o / total, rel=1e-12)
        assert row.alpha_u_expected == pytest.approx(d_e / total, rel=1e-12)


def test_gaps_end_at_document_boundaries():
    """The issue's case: renaming a document moved pooled alpha_u (gaps ran across documents)."""
    units = [Unit("b doc", "A", "x", 0, 10), Unit("b doc", "B", "x", 0, 12),
             Unit("a doc", "A", "x", 40, 50), Unit("a doc", "B", "x", 38, 50)]
    inp = AgreementInput({"a doc": 50, "b doc": 50}, {"a doc": ["A", "B"], "b doc": ["A", "B"]}, units)
    renamed = AgreementInput({"z doc": 50, "b doc": 50}, {"z doc": ["A", "B"], "b doc": ["A", "B"]},
                             [Unit("z doc" if u.doc == "a doc" else u.doc, u.coder, u.code, u.start, u.end)
                              for u in units])
    assert compute_agreement(inp).pooled.alpha_u == compute_agreement(renamed).pooled.alpha_u


def test_accumulator_pools_length_weighted():
    acc = UnitizedAccumulator(2)
    first = acc.add_doc(10, [[(2, 4)], []])
    second = acc.add_doc(30, [[], [(5, 6)]])
    result = acc.result()
    assert result.length == 40
    assert result.observed == pytest.approx((10 * first.observed + 30 * second.observed) / 40)
    assert result.expected == pytest.approx((10 * first.expected + 30 * second.expected) / 40)
    single = UnitizedAccumulator(2)
    single.add_doc(10, [[(2, 4)], []])
    assert single.result().alpha == first.alpha


def test_documents_with_missing_coders_are_excluded_from_pooled_continuum():
    base = textbook_input()
    extra = AgreementInput(
        {**base.doc_lengths, "other": 100},
        {**base.coders_by_doc, "other": ["0"]},
        base.units + [Unit("other", "0", "c", 0, 50)],
    )
    report = compute_agreement(extra)
    assert report.alpha_u_excluded_docs == ["other"]
    assert report.pooled.alpha_u == compute_agreement(base).pooled.alpha_u
