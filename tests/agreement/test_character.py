"""Character-level percent agreement and Cohen's kappa."""
from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from app.team.agreement import AgreementInput, Unit, compute_agreement
from app.team.agreement.character import cohen_kappa, percent_agreement


def nvivo_input() -> AgreementInput:
    # 1,000-character source; A codes 150, B codes 100, 50 of them overlap.
    units = [Unit("src", "A", "theme", 0, 150), Unit("src", "B", "theme", 100, 200)]
    return AgreementInput({"src": 1000}, {"src": ["A", "B"]}, units)


def test_nvivo_worked_example_exact():
    report = compute_agreement(nvivo_input())
    for row in (report.per_code[0], report.per_doc[0], report.pooled):
        (pair,) = row.pairs
        assert (pair.both, pair.only_a, pair.only_b, pair.neither) == (50, 100, 50, 800)
        assert pair.percent_agreement == 85.0
        assert round(pair.cohen_kappa, 6) == 0.318182
        assert pair.cohen_kappa == pytest.approx(7 / 22, abs=1e-15)


def test_kappa_undefined_when_expected_agreement_is_one():
    assert cohen_kappa((0, 0, 0, 500)) is None
    assert cohen_kappa((500, 0, 0, 0)) is None
    assert cohen_kappa((0, 0, 0, 0)) is None
    assert percent_agreement((0, 0, 0, 0)) is None
    assert percent_agreement((0, 0, 0, 500)) == 100.0


def _check_pair(pair, y_a: list[int], y_b: list[int]):
    assert pair.n_units == len(y_a)
    expected_pa = 100.0 * float(np.mean(np.array(y_a) == np.array(y_b)))
    assert pair.percent_agreement == pytest.approx(expected_pa, abs=1e-9)
    if len(set(y_a) | set(y_b)) < 2:  # one label only: p_e = 1, kappa undefined
        assert pair.cohen_kappa is None
        return
    expected = cohen_kappa_score(y_a, y_b)
    assert pair.cohen_kappa == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("coders", [("A", "B"), ("A", "B", "C")])
def test_kappa_matches_sklearn(seed, coders, random_input, expand_chars):
    inp = random_input(seed, n_docs=4, coders=coders, missing_prob=0.25)
    report = compute_agreement(inp)
    codes, docs = report.codes, report.docs

    def labels(coder, doc_list, code_list):
        out = []
        for doc in doc_list:
            for code in code_list:
                out += expand_chars(inp, doc, coder, code)
        return out

    def shared(a, b, doc_list):
        return [d for d in doc_list if a in inp.coders_by_doc[d] and b in inp.coders_by_doc[d]]

    for row in report.per_code:
        for pair in row.pairs:
            both_docs = shared(pair.coder_a, pair.coder_b, docs)
            _check_pair(pair, labels(pair.coder_a, both_docs, [row.code]),
                        labels(pair.coder_b, both_docs, [row.code]))
    for row in report.per_doc:
        assert len(row.pairs) == math.comb(len(inp.coders_by_doc[row.doc]), 2)
        for pair in row.pairs:
            _check_pair(pair, labels(pair.coder_a, [row.doc], codes),
                        labels(pair.coder_b, [row.doc], codes))
    for pair in report.pooled.pairs:
        both_docs = shared(pair.coder_a, pair.coder_b, docs)
        _check_pair(pair, labels(pair.coder_a, both_docs, codes),
                    labels(pair.coder_b, both_docs, codes))
    kappas = [p.cohen_kappa for p in report.pooled.pairs if p.cohen_kappa is not None]
    assert report.pooled.mean_pairwise_kappa == pytest.approx(sum(kappas) / len(kappas))


def test_listed_coder_without_units_is_all_absent():
    inp = AgreementInput({"d": 100}, {"d": ["A", "B"]}, [Unit("d", "A", "x", 0, 40)])
    (pair,) = compute_agreement(inp).pooled.pairs
    assert (pair.both, pair.only_a, pair.only_b, pair.neither) == (0, 40, 0, 60)
    assert pair.cohen_kappa == 0.0


def test_unlisted_coder_is_missing_not_absent():
    inp = AgreementInput(
        {"d1": 100, "d2": 100},
        {"d1": ["A", "B"], "d2": ["A"]},
        [Unit("d1", "A", "x", 0, 40), Unit("d1", "B", "x", 0, 40), Unit("d2", "A", "x", 0, 90),
         Unit("d2", "B", "x", 50, 60)],
    )
    report = compute_agreement(inp)
    (pair,) = report.per_code[0].pairs
    assert pair.n_units == 100  # d2 is not shared; B's unit in d2 is ignored
    assert pair.cohen_kappa == 1.0
    assert report.ignored_units == 1
    assert report.per_doc[1].pairs == []
    assert report.per_doc[1].mean_pairwise_kappa is None
