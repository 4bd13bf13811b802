"""Benchmark of the agreement engine against a per-character pure-Python loop.

Run: .venv/bin/python bench/bench_agreement.py [--docs N] [--sample N] [--seed N]

Data (generated in memory): 3 coders, 50 codes, 1,000 documents of ~5,000
characters, ~50 segments per coder and document (~150,000 segments): coders
start from a shared set of reference segments and then jitter boundaries,
drop, recode or add segments. The baseline computes only the character
statistics (2x2 tables -> kappa / percent agreement per pair, alpha coincidences
per code) with a loop over every character, on a sample of documents,
extrapolated by characters; the engine additionally computes alpha_u and the
segment matching, so the reported ratio is conservative.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.team.agreement import AgreementInput, Unit, compute_agreement  # noqa: E402

CODERS = ["ann", "bob", "cat"]
N_CODES = 50
TIME_LIMIT_S = 3.0
TARGET_RATIO = 20.0


def generate(n_docs: int, seed: int) -> AgreementInput:
    rng = random.Random(seed)
    codes = [f"code{i:02d}" for i in range(N_CODES)]
    lengths: dict[str, int] = {}
    units: list[Unit] = []
    for d in range(n_docs):
        doc = f"doc{d:04d}"
        length = rng.randint(4000, 6000)
        lengths[doc] = length
        reference = []
        for _ in range(50):
            span = rng.randint(20, 400)
            start = rng.randrange(0, length - span)
            reference.append((rng.choice(codes), start, start + span))
        for coder in CODERS:
            for code, start, end in reference:
                roll = rng.random()
                if roll < 0.06:
                    continue  # dropped
                if roll < 0.10:
                    code = rng.choice(codes)  # recoded
                start = max(0, start + rng.randint(-8, 8))
                end = min(length, max(start + 1, end + rng.randint(-8, 8)))
                units.append(Unit(doc, coder, code, start, end))
            for _ in range(3):  # coder-specific additions
                span = rng.randint(20, 400)
                start = rng.randrange(0, length - span)
                units.append(Unit(doc, coder, rng.choice(codes), start, start + span))
    return AgreementInput(lengths, {doc: list(CODERS) for doc in lengths}, units)


def per_character_baseline(inp: AgreementInput, docs: list[str]) -> dict:
    """Character statistics with one Python iteration per character."""
    codes = sorted({u.code for u in inp.units})
    tables = {}
    coincidences = {}
    for doc in docs:
        length = inp.doc_lengths[doc]
        coders = inp.coders_by_doc[doc]
        marks = {(c, k): [0] * length for c in coders for k in codes}
        for u in inp.units:
            if u.doc == doc:
                row = marks[(u.coder, u.code)]
                for pos in range(u.start, u.end):
                    row[pos] = 1
        for code in codes:
            rows = [marks[(c, code)] for c in coders]
            m = len(rows)
            o = coincidences.setdefault(code, [0.0, 0.0, 0.0])
            for pos in range(length):
                k = 0
                for row in rows:
                    k += row[pos]
                o[0] += (m - k) * (m - k - 1) / (m - 1)
                o[1] += k * (m - k) / (m - 1)
                o[2] += k * (k - 1) / (m - 1)
            for x, y in combinations(range(m), 2):
                t = tables.setdefault((code, x, y), [0, 0, 0, 0])
                a, b = rows[x], rows[y]
                for pos in range(length):
                    t[2 * (1 - a[pos]) + (1 - b[pos])] += 1
    return {"tables": tables, "coincidences": coincidences}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    inp = generate(args.docs, args.seed)
    t_gen = time.perf_counter() - t0
    total_chars = sum(inp.doc_lengths.values())

    t0 = time.perf_counter()
    report = compute_agreement(inp)
    t_engine = time.perf_counter() - t0

    t0 = time.perf_counter()
    report.to_dict()
    t_dict = time.perf_counter() - t0

    sample = sorted(inp.doc_lengths)[: args.sample]
    sample_chars = sum(inp.doc_lengths[d] for d in sample)
    sample_inp = AgreementInput(
        {d: inp.doc_lengths[d] for d in sample},
        {d: inp.coders_by_doc[d] for d in sample},
        [u for u in inp.units if u.doc in set(sample)],
    )
    t0 = time.perf_counter()
    per_character_baseline(sample_inp, sample)
    t_sample = time.perf_counter() - t0
    t_baseline = t_sample * total_chars / sample_chars
    ratio = t_baseline / t_engine

    pooled = report.pooled
    counts = report.segment_counts[-1]
    rows = [
        ("documents", f"{len(inp.doc_lengths):,}"),
        ("coders x codes", f"{len(CODERS)} x {N_CODES}"),
        ("segments", f"{len(inp.units):,}"),
        ("characters", f"{total_chars:,}"),
        ("data generation", f"{t_gen:.2f} s"),
        ("engine: compute_agreement", f"{t_engine:.2f} s (limit {TIME_LIMIT_S:.0f} s)"),
        ("report.to_dict()", f"{t_dict:.2f} s"),
        (f"baseline per-char, {len(sample)} docs", f"{t_sample:.2f} s"),
        ("baseline extrapolated", f"{t_baseline:.1f} s"),
        ("speed-up", f"{ratio:.0f}x (target >= {TARGET_RATIO:.0f}x)"),
        ("pooled mean pairwise kappa", f"{pooled.mean_pairwise_kappa:.4f}"),
        ("pooled Krippendorff alpha", f"{pooled.krippendorff_alpha:.4f}"),
        ("pooled alpha_u", f"{pooled.alpha_u:.4f}"),
        ("segments agreed/recoded/only", (
            f"{counts['agreed']:,}/{counts['code_disagreed']:,}/"
            f"{counts['only_a'] + counts['only_b']:,}"
        )),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 32}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    ok = t_engine < TIME_LIMIT_S and ratio >= TARGET_RATIO
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
