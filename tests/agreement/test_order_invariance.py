"""alpha_u (and every other figure) does not depend on document titles or order."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.team.agreement import AgreementInput, Unit, compute_agreement


@st.composite
def projects(draw):
    n_docs = draw(st.integers(2, 4))
    coders = ["A", "B", "C"][: draw(st.integers(2, 3))]
    lengths, units = {}, []
    for d in range(n_docs):
        length = draw(st.integers(1, 60))
        lengths[f"d{d}"] = length
        for coder in coders:
            for _ in range(draw(st.integers(0, 3))):
                start = draw(st.integers(0, length - 1))
                end = draw(st.integers(start + 1, length))
                units.append(Unit(f"d{d}", coder, draw(st.sampled_from("xy")), start, end))
    return AgreementInput(lengths, {d: list(coders) for d in lengths}, units)


def _figures(report):
    rows = [report.pooled, *report.per_code]
    return [(r.code, r.alpha_u, r.krippendorff_alpha, r.mean_pairwise_kappa, r.n_chars) for r in rows]


def _renamed(inp: AgreementInput, names: dict[str, str]) -> AgreementInput:
    return AgreementInput({names[d]: n for d, n in inp.doc_lengths.items()},
                          {names[d]: c for d, c in inp.coders_by_doc.items()},
                          [Unit(names[u.doc], u.coder, u.code, u.start, u.end) for u in inp.units])


def _close(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        for u, v in zip(x, y):
            if isinstance(u, float) and isinstance(v, float):
                assert abs(u - v) <= 1e-12 * max(1.0, abs(u))
            else:
                assert u == v


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), st.randoms(use_true_random=False))
def test_document_order_and_titles_do_not_change_pooled_figures(inp, rnd):
    base = _figures(compute_agreement(inp))
    docs = list(inp.doc_lengths)
    # reverse the (title) order
    reverse = {d: f"t{len(docs) - i:02d}" for i, d in enumerate(docs)}
    _close(base, _figures(compute_agreement(_renamed(inp, reverse))))
    # a random renaming (a random order)
    shuffled = docs[:]
    rnd.shuffle(shuffled)
    random_names = {d: f"n{shuffled.index(d):02d}" for d in docs}
    _close(base, _figures(compute_agreement(_renamed(inp, random_names))))


def test_renaming_one_document_keeps_alpha_u():
    units = [Unit("Alpha", "A", "x", 0, 5), Unit("Alpha", "B", "x", 1, 5), Unit("Beta", "A", "x", 20, 30),
             Unit("Beta", "B", "x", 25, 30), Unit("Beta", "B", "x", 0, 3)]
    inp = AgreementInput({"Alpha": 30, "Beta": 30}, {"Alpha": ["A", "B"], "Beta": ["A", "B"]}, units)
    before = compute_agreement(inp).pooled.alpha_u
    after = compute_agreement(_renamed(inp, {"Alpha": "Zulu", "Beta": "Beta"})).pooled.alpha_u
    assert before == after
