"""Fixtures of the analysis tests: the demo project, and generated corpora."""
from __future__ import annotations

import random

import pytest

WORDS = ("press harassment survivor policy court hashtag campaign movement reporter office silence "
         "statement workplace power story voice network editor reckoning trial law media public").split()
ACCENTED = ["Café", "café", "CAFÉ", "cafe\u0301", "naïve", "Straße", "STRASSE", "résumé", "Ölpreis", "Zoë"]
EXTRA = ["😀", "e\u0301", "ﬁnance", "Ⅻ", "İstanbul", "x_y", "3.5", "co-op", "don’t"]


@pytest.fixture
def demo(tmp_path):
    from app.demo import build_demo_project

    project = build_demo_project(tmp_path / "demo.chorus")
    project.activate()
    yield project
    project.close()


def random_text(rng: random.Random, paragraphs: int = 4, unicode: bool = True) -> str:
    paras = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            words = []
            for _ in range(rng.randint(4, 14)):
                r = rng.random()
                if unicode and r < 0.06:
                    words.append(rng.choice(ACCENTED))
                elif unicode and r < 0.09:
                    words.append(rng.choice(EXTRA))
                else:
                    w = rng.choice(WORDS)
                    words.append(w.capitalize() if rng.random() < 0.2 else w.upper() if rng.random() < 0.03 else w)
            sentences.append(" ".join(words) + rng.choice([".", ".", "!", "?"]))
        paras.append(" ".join(sentences))
    return "\n\n".join(paras)


def make_corpus(project, n: int, seed: int = 7, unicode: bool = True) -> list:
    from app.articles.importing import add_document

    rng = random.Random(seed)
    outlets = ["Ledger", "Courier", "Gazette"]
    docs = []
    for i in range(n):
        docs.append(add_document(project, random_text(rng, rng.randint(1, 5), unicode), f"Article {i}",
                                 source=outlets[i % 3], published=f"20{17 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}"))
    return docs


@pytest.fixture
def corpus(project):
    project.activate()
    make_corpus(project, 60)
    return project
