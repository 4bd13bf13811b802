"""Every number ``chorus agreement`` prints, recomputed from its exported CSV alone (item 4).

The test reads only ``--csv-coincidences`` (and ``--csv-table`` for a cross-check): the
2x2 tables, coverage histograms, per-document D_o / D_e, segment matches and the list of
documents and coders. From them it rebuilds every cell of every printed table, formatted
as printed, and compares it with the text the command wrote.
"""
from __future__ import annotations

import csv
import random
import re
from collections import defaultdict

import pytest

from app.cli import main

TEXTS = [
    "Line one 🇩🇪 with a flag.\r\nSecond line: café and naïve.\r\n" * 3,
    "שלום עולם — a quote 👩🏽‍💻 here, and more words to code later on.\n" * 4,
    "Plain text without anything special, repeated a few times. " * 5,
    "Left out: ben never marks this one done. 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 " * 3,
]
CODERS = ["ana", "ben", "cat"]
CODES = ["Theme", "Theme/Sub", "Other"]


@pytest.fixture
def project_file(tmp_path):
    from app.articles.importing import add_document
    from app.coding.codebook import ensure_code_path
    from app.coding.segments import code_span
    from app.project import Project
    from app.team import assignments

    rng = random.Random(7)
    path = tmp_path / "r.chorus"
    with Project.create(path, coder_name="ana") as project:
        docs = [add_document(project, text, f"Doc {i}") for i, text in enumerate(TEXTS)]
        for code in CODES + ["Never used"]:
            ensure_code_path(project, code)
        for doc in docs:
            n = doc.char_count
            shared = (rng.randrange(n // 2), None)
            start = shared[0]
            for coder in CODERS:
                code_span(project, doc, start, start + 10 + rng.randrange(5), "Theme", coder=coder)
                for _ in range(rng.randint(1, 4)):
                    s = rng.randrange(n - 5)
                    code_span(project, doc, s, min(n, s + rng.randint(2, 40)), rng.choice(CODES), coder=coder)
        for coder in CODERS:
            done = docs if coder != "ben" else docs[:3]
            assignments.mark_done(project, [d.id for d in done], coder)
    return path


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _num(value, percent=False):
    if value is None:
        return "-"
    return f"{value:.1f}" if percent else f"{value:.3f}"


def _kappa(t):
    both, a, b, neither = t
    n = sum(t)
    if n == 0:
        return None
    a1, b1 = both + a, both + b
    expected = a1 * b1 + (n - a1) * (n - b1)
    if expected == n * n:
        return None
    return ((both + neither) * n - expected) / (n * n - expected)


def _percent(t):
    n = sum(t)
    return None if n == 0 else 100.0 * (t[0] + t[3]) / n


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _alpha(hists):
    """Nominal binary alpha from {m: [counts of units with k ones]}."""
    o00 = o01 = o11 = 0.0
    for m, hist in hists.items():
        if m < 2:
            continue
        for k, count in enumerate(hist):
            o11 += count * k * (k - 1) / (m - 1)
            o00 += count * (m - k) * (m - k - 1) / (m - 1)
            o01 += count * k * (m - k) / (m - 1)
    n0, n1 = o00 + o01, o11 + o01
    n = n0 + n1
    if n < 2 or n0 * n1 == 0:
        return None
    return 1.0 - (n - 1.0) * o01 / (n0 * n1)


def _add_hist(acc, m, hist):
    row = acc.setdefault(m, [0] * (m + 1))
    for k, count in enumerate(hist):
        row[k] += count


def _printed_tables(text):
    """{title: [cells per row]} from the command's text output (columns: 2+ spaces)."""
    tables, title, lines = {}, None, text.splitlines()
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and line and not line.startswith(" ") and i + 1 < len(lines) and lines[i + 1] \
                and (i == 0 or not lines[i - 1].strip()):
            title = line
            tables[title] = []
            continue
        if title is not None:
            if not line.strip():
                title = None
                continue
            tables[title].append(re.split(r"\s{2,}", line.strip()))
    return {t: rows[1:] for t, rows in tables.items() if rows}  # drop header rows


def test_every_printed_number_recomputed_from_the_csv(project_file, tmp_path, capsys):
    coin, table = tmp_path / "coin.csv", tmp_path / "table.csv"
    capsys.readouterr()
    assert main(["agreement", str(project_file), "--csv-coincidences", str(coin), "--csv-table", str(table)]) == 0
    printed = _printed_tables(capsys.readouterr().out)
    rows = _rows(coin)
    kinds = defaultdict(list)
    for r in rows:
        kinds[r["kind"]].append(r)
    coders = [r["coder"] for r in kinds["coder"]]
    assert coders == CODERS
    docs = {r["doc"]: (int(r["length"]), r["compared"] == "1") for r in kinds["document"]}
    assert docs["Doc 3"][1] is False  # left out: ben did not mark it done
    codes = sorted({r["code"] for r in kinds["pair_2x2"]})
    # 2x2 tables per scope
    by_code, by_doc, pooled = defaultdict(lambda: defaultdict(lambda: [0] * 4)), \
        defaultdict(lambda: defaultdict(lambda: [0] * 4)), defaultdict(lambda: [0] * 4)
    for r in kinds["pair_2x2"]:
        cell = [int(r[k]) for k in ("both", "only_a", "only_b", "neither")]
        pair = (r["coder_a"], r["coder_b"])
        for acc in (by_code[r["code"]][pair], by_doc[r["doc"]][pair], pooled[pair]):
            for i in range(4):
                acc[i] += cell[i]
    # coverage histograms per scope
    hist_code, hist_doc, hist_all = defaultdict(dict), defaultdict(dict), {}
    for r in kinds["coverage"]:
        m = int(r["m"])
        hist = [int(r[f"k{k}"]) for k in range(m + 1)]
        _add_hist(hist_code[r["code"]], m, hist)
        _add_hist(hist_doc[r["doc"]], m, hist)
        _add_hist(hist_all, m, hist)
    # alpha_u: per document D_o, D_e; pooled over documents by length
    u_code, u_doc, u_all = defaultdict(lambda: [0.0, 0.0]), defaultdict(lambda: [0.0, 0.0]), [0.0, 0.0]
    pooled_docs = set()
    for r in kinds["alpha_u_doc"]:
        d_o, d_e, length = float(r["D_o"]), float(r["D_e"]), int(r["length"])
        u_doc[r["doc"]][0] += d_o
        u_doc[r["doc"]][1] += d_e
        if r["pooled"] == "1":
            pooled_docs.add(r["doc"])
            u_code[r["code"]][0] += length * d_o
            u_code[r["code"]][1] += length * d_e
            u_all[0] += length * d_o
            u_all[1] += length * d_e

    def alpha_u(pair_sum):
        return 1.0 - pair_sum[0] / pair_sum[1] if pair_sum[1] else None

    all_chars = sum(n for n, _ in docs.values())
    compared_chars = sum(n for n, c in docs.values() if c)

    def cells(tables, hists, u, chars):
        pairs = [tables[p] for p in sorted(tables)]
        return [_num(_mean([_percent(t) for t in pairs]), True), _num(_mean([_kappa(t) for t in pairs])),
                _num(_alpha(hists)), _num(alpha_u(u) if u is not None else None), chars]

    expected_code = [[c, *cells(by_code[c], hist_code[c], u_code[c] if pooled_docs else None,
                                f"{compared_chars}/{all_chars}")] for c in codes]
    assert printed["Per code"] == expected_code
    expected_doc = [[d, *cells(by_doc[d], hist_doc[d], u_doc[d] if c else None, f"{n if c else 0}/{n}")]
                    for d, (n, c) in docs.items()]
    assert printed["Per document"] == expected_doc
    assert printed["Pooled (all codes, all documents)"] == [
        ["pooled", *cells(pooled, hist_all, u_all, f"{compared_chars}/{all_chars}")]]
    assert printed["Coder pairs (pooled)"] == [
        [a, b, _num(_percent(t), True), _num(_kappa(t)), str(sum(t))] for (a, b), t in sorted(pooled.items())]
    counts = defaultdict(lambda: defaultdict(int))
    for r in kinds["segment_match"]:
        counts[(r["coder_a"], r["coder_b"])][r["status"]] += 1
        counts[None][r["status"]] += 1
    statuses = ["agreed", "code_disagreed", "only_a", "only_b"]
    seg_title = next(t for t in printed if t.startswith("Segments"))
    assert printed[seg_title] == [
        [f"{a} / {b}", *[str(counts[(a, b)][s]) for s in statuses]] for a, b in sorted(k for k in counts if k)
    ] + [["all pairs", *[str(counts[None][s]) for s in statuses]]]
    # the per-code CSV table agrees with the same recomputation (unrounded)
    for r in _rows(table):
        if r["code"] == "(all codes)":
            assert float(r["alpha_u"]) == pytest.approx(alpha_u(u_all), abs=1e-12)
            assert int(r["n_chars"]) == all_chars
        else:
            assert float(r["krippendorff_alpha"]) == pytest.approx(_alpha(hist_code[r["code"]]), abs=1e-12)
