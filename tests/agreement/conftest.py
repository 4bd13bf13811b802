"""Shared generators for the agreement tests (per-character expansion lives here,
in the tests only: the engine never works per character)."""
from __future__ import annotations

import random

import pytest

from app.team.agreement import AgreementInput, Unit


def make_random_input(
    seed: int,
    *,
    n_docs: int = 3,
    coders: tuple[str, ...] = ("A", "B"),
    codes: tuple[str, ...] = ("x", "y", "z"),
    missing_prob: float = 0.0,
    max_len: int = 400,
) -> AgreementInput:
    """Random docs; each coder codes random (possibly overlapping) spans.

    With ``missing_prob`` a coder is left out of a document's coder list (its
    units there are still generated and must be ignored by the engine); every
    document keeps at least two listed coders.
    """
    rng = random.Random(seed)
    lengths, listed, units = {}, {}, []
    for d in range(n_docs):
        doc = f"d{d}"
        length = rng.randint(50, max_len)
        lengths[doc] = length
        present = [c for c in coders if rng.random() >= missing_prob]
        if len(present) < 2:
            present = list(coders[:2])
        listed[doc] = present
        for coder in coders:
            for _ in range(rng.randint(0, 6)):
                start = rng.randrange(0, length)
                end = min(length, start + rng.randint(1, length // 3 + 1))
                units.append(Unit(doc, coder, rng.choice(codes), start, end))
        # a shared span so that coders agree sometimes
        start = rng.randrange(0, length // 2)
        code = rng.choice(codes)
        for coder in coders:
            units.append(Unit(doc, coder, code, start, start + rng.randint(1, length // 2)))
    return AgreementInput(lengths, listed, units)


def expand(inp: AgreementInput, doc: str, coder: str, code: str) -> list[int]:
    """0/1 per character: did ``coder`` apply ``code`` at this character of ``doc``."""
    marks = [0] * inp.doc_lengths[doc]
    for u in inp.units:
        if u.doc == doc and u.coder == coder and u.code == code:
            for pos in range(u.start, u.end):
                marks[pos] = 1
    return marks


@pytest.fixture
def random_input():
    return make_random_input


@pytest.fixture
def expand_chars():
    return expand
