"""Report structure, exports and selection."""
from __future__ import annotations

import json

import pytest

from app.team.agreement import (
    AgreementInput,
    Unit,
    coincidence_rows,
    compute_agreement,
    per_code_table_rows,
)


def test_to_dict_is_json_and_documents_methods(random_input):
    report = compute_agreement(random_input(1, coders=("A", "B", "C"), missing_prob=0.3))
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data["method"]) >= {"percent_agreement", "cohen_kappa", "krippendorff_alpha",
                                   "alpha_u", "segments", "undefined", "mean_pairwise"}
    row = data["per_code"][0]
    for key in ("n_chars", "n_units", "pairs", "krippendorff_alpha", "alpha_u",
                "mean_pairwise_kappa", "o_00", "o_01", "o_11"):
        assert key in row
    assert {"percent_agreement", "cohen_kappa", "both", "neither"} <= set(row["pairs"][0])
    assert report.to_dict(include_segments=False)["segment_matches"] is None


def test_coincidence_rows_recompute_the_tables(random_input):
    report = compute_agreement(random_input(2, coders=("A", "B", "C"), missing_prob=0.3))
    rows = coincidence_rows(report)
    sums = {}
    for r in rows:
        if r["kind"] == "pair_2x2":
            key = (r["code"], r["coder_a"], r["coder_b"])
            cell = (r["both"], r["only_a"], r["only_b"], r["neither"])
            old = sums.get(key, (0, 0, 0, 0))
            sums[key] = tuple(o + n for o, n in zip(old, cell))
    for row in report.per_code:
        for p in row.pairs:
            expected = (p.both, p.only_a, p.only_b, p.neither)
            assert sums[(row.code, p.coder_a, p.coder_b)] == expected
    coverage = [r for r in rows if r["kind"] == "coverage"]
    assert len(coverage) == len(report.docs) * len(report.codes)
    doc_chars = {row.doc: row.n_chars for row in report.per_doc}
    for r in coverage:
        assert sum(r[f"k{k}"] for k in range(r["m"] + 1)) == doc_chars[r["doc"]]
    alpha_rows = {r["code"]: r for r in rows if r["kind"] == "alpha_coincidence"}
    for row in report.per_code:
        assert alpha_rows[row.code]["o_01"] == row.o_01
    assert {r["kind"] for r in rows} == {"pair_2x2", "coverage", "alpha_coincidence", "alpha_u", "alpha_u_doc",
                                        "segment_match", "document", "coder"}


def test_per_code_table_rows_are_flat():
    inp = AgreementInput({"d": 1000}, {"d": ["A", "B"]},
                         [Unit("d", "A", "t", 0, 150), Unit("d", "B", "t", 100, 200)])
    rows = per_code_table_rows(compute_agreement(inp))
    assert [r["code"] for r in rows] == ["t", "(all codes)"]
    assert rows[0]["percent_agreement[A|B]"] == 85.0
    assert rows[0]["n_chars"] == rows[0]["n_chars_compared"] == 1000
    assert rows[0]["kappa[A|B]"] == pytest.approx(0.318182, abs=1e-6)
    assert all(not isinstance(v, (list, dict)) for r in rows for v in r.values())


def test_selection_of_coders_codes_docs(random_input):
    inp = random_input(3, n_docs=4, coders=("A", "B", "C"), codes=("x", "y", "z"))
    full = compute_agreement(inp)
    sub = compute_agreement(inp, coders=["A", "B"], codes=["x", "never_used"], docs=["d0", "d2"])
    assert sub.coders == ["A", "B"] and sub.codes == ["never_used", "x"]
    assert sub.docs == ["d0", "d2"]
    assert all(p.coder_a == "A" and p.coder_b == "B" for p in sub.pooled.pairs)
    n = inp.doc_lengths["d0"] + inp.doc_lengths["d2"]
    assert sub.pooled.n_chars == n and sub.pooled.n_units == 2 * n
    unused = sub.per_code[0]
    assert unused.code == "never_used" and unused.pairs[0].cohen_kappa is None
    assert unused.krippendorff_alpha is None and unused.alpha_u is None
    assert full.pooled.n_units == sum(inp.doc_lengths.values()) * 3


def test_offsets_clipped_and_empty_units_ignored():
    inp = AgreementInput({"d": 10}, {"d": ["A", "B"]},
                         [Unit("d", "A", "x", -5, 20), Unit("d", "B", "x", 4, 4)])
    report = compute_agreement(inp)
    (pair,) = report.pooled.pairs
    assert (pair.both, pair.only_a, pair.only_b, pair.neither) == (0, 10, 0, 0)
    assert report.ignored_units == 1
