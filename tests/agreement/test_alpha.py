"""Krippendorff's nominal alpha over characters against the krippendorff package."""
from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from app.team.agreement import AgreementInput, Unit, compute_agreement
from app.team.agreement.character import Coincidence


def reliability(inp, coders, cells, expand_chars):
    """coders x units matrix over (doc, code) cells; np.nan where a coder is missing."""
    columns = []
    for doc, code in cells:
        length = inp.doc_lengths[doc]
        block = np.full((len(coders), length), np.nan)
        for r, coder in enumerate(coders):
            if coder in inp.coders_by_doc[doc]:
                block[r] = expand_chars(inp, doc, coder, code)
        columns.append(block)
    return np.concatenate(columns, axis=1)


def reference_alpha(data) -> float | None:
    """The package's alpha; None where only one value occurs among pairable units."""
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    observed = data[:, pairable]
    if len(np.unique(observed[~np.isnan(observed)])) < 2:
        return None
    return krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")


def assert_alpha(actual, expected):
    if expected is None:
        assert actual is None
    else:
        assert actual == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("coders", [("A", "B"), ("A", "B", "C"), ("A", "B", "C", "D")])
def test_alpha_matches_krippendorff_package(seed, coders, random_input, expand_chars):
    inp = random_input(seed, n_docs=3, coders=coders, missing_prob=0.3, max_len=250)
    report = compute_agreement(inp)
    all_coders = report.coders
    for row in report.per_code:
        data = reliability(inp, all_coders, [(d, row.code) for d in report.docs], expand_chars)
        assert_alpha(row.krippendorff_alpha, reference_alpha(data))
    for row in report.per_doc:
        data = reliability(inp, all_coders, [(row.doc, c) for c in report.codes], expand_chars)
        assert_alpha(row.krippendorff_alpha, reference_alpha(data))
    cells = [(d, c) for d in report.docs for c in report.codes]
    data = reliability(inp, all_coders, cells, expand_chars)
    assert_alpha(report.pooled.krippendorff_alpha, reference_alpha(data))


def test_two_coders_alpha_from_nvivo_example():
    units = [Unit("src", "A", "theme", 0, 150), Unit("src", "B", "theme", 100, 200)]
    report = compute_agreement(AgreementInput({"src": 1000}, {"src": ["A", "B"]}, units))
    row = report.pooled
    assert (row.o_00, row.o_01, row.o_11) == (1600.0, 150.0, 100.0)
    # 1 - (n-1) o_01 / (n_0 n_1) with n = 2000, n_0 = 1750, n_1 = 250
    assert row.krippendorff_alpha == pytest.approx(1 - 1999 * 150 / (1750 * 250))


def test_alpha_undefined_without_variation():
    inp = AgreementInput({"d": 50}, {"d": ["A", "B"]}, [])
    report = compute_agreement(inp, codes=["x"])
    assert report.pooled.krippendorff_alpha is None
    assert report.per_code[0].krippendorff_alpha is None
    assert report.pooled.pairs[0].cohen_kappa is None
    assert report.pooled.pairs[0].percent_agreement == 100.0


def test_coincidence_ignores_units_with_one_value():
    coincidence = Coincidence()
    coincidence.add_histogram([10, 5])  # m = 1: not pairable
    assert coincidence.pairable_units() == 0
    assert coincidence.alpha() is None
