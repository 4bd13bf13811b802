"""Random cross-check of every agreement figure against independent references.

Random projects (real project files: 2-4 coders, overlapping segments, astral characters,
combining marks, CRLF line ends, codes nobody used, done marks or the older segment
rule) go through ``project_agreement``; every figure is compared with

* percent agreement counted character by character, and scikit-learn's
  ``cohen_kappa_score`` on the expanded 0/1 vectors (per code, per document, pooled,
  per coder pair);
* the ``krippendorff`` package's nominal alpha on the expanded reliability matrix
  (NaN where a coder is missing under the segment rule);
* a brute-force alpha_u per document: D_o by enumerating every pair of sections (units
  and gaps) of every coder pair, D_e by explicit sums over unit pairs and over every
  placement of a unit inside every gap; pooled over documents with the documented
  length weights.

``bench/agreement_crosscheck.py`` runs the same check over hundreds of projects and
prints the largest deviation.
"""
from __future__ import annotations

import random
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

PIECES = ["word ", "Wort ", "🇩🇪", "👩🏽‍💻", "e\u0301", "שלום ", "𝔘𝔫𝔦", "\r\n", "\n", ", ", "x"]


def make_project(path, seed: int):
    """A random project file; returns (path, facts) with what the references need."""
    from app.articles.importing import add_document
    from app.coding.codebook import ensure_code_path
    from app.coding.segments import code_span
    from app.project import Project
    from app.team import assignments

    rng = random.Random(seed)
    coders = ["ana", "ben", "cat", "dan"][: rng.randint(2, 4)]
    codes = ["A", "B", "C/sub"][: rng.randint(1, 3)]
    done_rule = rng.random() < 0.6
    with Project.create(path, coder_name=coders[0]) as project:
        for code in codes + ["Unused"]:
            ensure_code_path(project, code)
        docs = []
        for d in range(rng.randint(1, 4)):
            text = "".join(rng.choice(PIECES) for _ in range(rng.randint(5, 60)))
            docs.append(add_document(project, text, f"T{rng.randrange(1000)}"))
        for doc in docs:
            n = doc.char_count
            for coder in coders:
                if not done_rule and rng.random() < 0.25:
                    continue  # this coder has no segment here: missing under the segment rule
                for _ in range(rng.randint(0, 5)):
                    s = rng.randrange(n)
                    code_span(project, doc, s, min(n, s + rng.randint(1, max(1, n // 2))), rng.choice(codes),
                              coder=coder)
            if rng.random() < 0.5:  # some agreement
                s = rng.randrange(n)
                e = min(n, s + rng.randint(1, 20))
                code = rng.choice(codes)
                for coder in coders:
                    code_span(project, doc, s, e, code, coder=coder)
        if done_rule:
            for coder in coders:
                mine = [d.id for d in docs if rng.random() < 0.85] or [docs[0].id]
                assignments.mark_done(project, mine, coder)
    return path


def expand(spans, length):
    marks = np.zeros(length, dtype=int)
    for s, e in spans:
        marks[s:e] = 1
    return marks


def unite(spans):
    out = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def sections(spans, length):
    out, pos = [], 0
    for s, e in spans:
        if s > pos:
            out.append((pos, s, False))
        out.append((s, e, True))
        pos = e
    if pos < length:
        out.append((pos, length, False))
    return out


def brute_alpha_u_doc(lists, length):
    """(D_o, D_e) of one code in one document, by enumeration."""
    r = len(lists)
    if not any(lists):
        return 0.0, 0.0
    observed = 0
    for x, y in combinations(range(r), 2):
        for s1, e1, u1 in sections(lists[x], length):
            for s2, e2, u2 in sections(lists[y], length):
                if u1 and u2 and s1 < e2 and s2 < e1:
                    observed += (s1 - s2) ** 2 + (e1 - e2) ** 2
                elif u1 and not u2 and s2 <= s1 and e1 <= e2:
                    observed += (e1 - s1) ** 2
                elif u2 and not u1 and s1 <= s2 and e2 <= e1:
                    observed += (e2 - s2) ** 2
    d_o = 2 * observed / (r * (r - 1) * length * length)
    units = [e - s for spans in lists for s, e in spans]
    gaps = [e - s for spans in lists for s, e, u in sections(spans, length) if not u]
    numerator = 0
    for lu in units:
        numerator += (len(units) - 1) * sum(2 * k * k for k in range(1, lu))
        for g in gaps:
            numerator += sum(lu * lu for _ in range(max(0, g - lu + 1)))
    denominator = r * length * (r * length - 1) - sum(lu * (lu - 1) for lu in units)
    return d_o, 2 * numerator / (length * denominator)


def references(report):
    """Every figure of the report, recomputed from its prepared input by the references."""
    prep = report.prepared
    coders, codes, docs = report.coders, report.codes, report.docs
    out = {}

    def vec(doc, code, coder):
        return expand(prep.spans[doc].get(code, {}).get(coder, []), prep.doc_lengths[doc])

    def scope(cells):
        pairs = {}
        for a, b in combinations(coders, 2):
            xs, ys = [], []
            for doc, code in cells:
                if a in prep.coders_by_doc[doc] and b in prep.coders_by_doc[doc]:
                    xs.append(vec(doc, code, a))
                    ys.append(vec(doc, code, b))
            if xs:
                x, y = np.concatenate(xs), np.concatenate(ys)
                pct = 100.0 * float(np.mean(x == y)) if len(x) else None
                if len(x) == 0 or (len(set(x)) == 1 and len(set(y)) == 1 and x[0] == y[0]):
                    kappa = None
                else:
                    kappa = float(cohen_kappa_score(x, y))
                pairs[(a, b)] = (pct, kappa)
        blocks = []
        for doc, code in cells:
            block = np.full((len(coders), prep.doc_lengths[doc]), np.nan)
            for i, c in enumerate(coders):
                if c in prep.coders_by_doc[doc]:
                    block[i] = vec(doc, code, c)
            blocks.append(block)
        data = np.concatenate(blocks, axis=1) if blocks else np.zeros((len(coders), 0))
        pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
        values = pairable[~np.isnan(pairable)]
        alpha = None
        if len(np.unique(values)) >= 2:
            alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        return pairs, alpha

    def unitized(cells, pooled_only):
        d_o = d_e = 0.0
        total = 0
        for doc, code in cells:
            listed = prep.coders_by_doc[doc]
            if len(listed) < 2 or (pooled_only and listed != coders):
                continue
            length = prep.doc_lengths[doc]
            lists = [prep.spans[doc].get(code, {}).get(c, []) for c in listed]
            o, e = brute_alpha_u_doc(lists, length)
            w = length if pooled_only else 1
            d_o += w * o
            d_e += w * e
        return None if d_e == 0 else 1.0 - d_o / d_e

    for code in codes:
        cells = [(d, code) for d in docs]
        out[("code", code)] = (*scope(cells), unitized(cells, True))
    for doc in docs:
        cells = [(doc, c) for c in codes]
        out[("doc", doc)] = (*scope(cells), unitized(cells, False))
    cells = [(d, c) for d in docs for c in codes]
    out[("pooled", None)] = (*scope(cells), unitized(cells, True))
    return out


def deviations(report) -> list[float]:
    """Absolute differences between the report and the references (a mismatch in None-ness raises)."""
    refs = references(report)
    rows = [(("code", r.code), r) for r in report.per_code] + [(("doc", r.doc), r) for r in report.per_doc]
    rows.append((("pooled", None), report.pooled))
    diffs = []

    def same(a, b, what):
        if a is None or b is None:
            assert a is None and b is None, (what, a, b)
            return
        diffs.append(abs(a - b))

    for key, row in rows:
        pairs, alpha, alpha_u = refs[key]
        for p in row.pairs:
            pct, kappa = pairs[(p.coder_a, p.coder_b)]
            same(p.percent_agreement, pct, (key, "percent", p.coder_a, p.coder_b))
            same(p.cohen_kappa, kappa, (key, "kappa", p.coder_a, p.coder_b))
        same(row.krippendorff_alpha, alpha, (key, "alpha"))
        same(row.alpha_u, alpha_u, (key, "alpha_u"))
    return diffs


def check_project(tmp_path, seed: int) -> tuple[list[float], dict]:
    from app.errors import InvalidOperation
    from app.project import Project
    from app.team.review.agreement_data import project_agreement

    path = make_project(tmp_path / f"x{seed}.chorus", seed)
    with Project.open(path) as project:
        project.activate()
        try:
            report = project_agreement()
        except InvalidOperation:
            return [], {"skipped": 1}
        facts = {"coders": len(report.coders), "docs": len(report.docs), "rule": report.scope["rule"],
                 "unused": len(report.scope["unused_codes"])}
        return deviations(report), facts


@pytest.mark.parametrize("seed", range(24))
def test_random_projects_match_the_references(tmp_path, seed):
    diffs, facts = check_project(tmp_path, seed)
    assert max(diffs, default=0.0) < 1e-9, facts
