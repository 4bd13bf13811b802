"""A generated corpus with known structure: three topics, each with its own vocabulary,
and a code per topic coded on some of that topic's sentences."""
from __future__ import annotations

import random

import pytest

TOPICS = {
    "Workplace policy": "employer policy harassment training complaint procedure human resources office "
                        "manager investigation contract",
    "Online amplification": "hashtag tweet retweet followers viral timeline platform share replies trending "
                            "post",
    "Legal reckoning": "lawsuit court judge attorney settlement testimony jury verdict prosecutor trial "
                       "evidence",
}
FILLER = "the and of a to in that it was for on with as by at this from an".split()


def topic_sentence(rng: random.Random, vocab: list[str]) -> str:
    words = [rng.choice(vocab) if rng.random() < 0.55 else rng.choice(FILLER) for _ in range(rng.randint(9, 16))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


@pytest.fixture
def topic_project(project):
    """40 documents of 12 sentences, each about one topic; a quarter of them coded."""
    return build(project, 0.25)


@pytest.fixture
def coded_topic_project(project):
    """The same corpus coded exhaustively (every sentence with its topic's code)."""
    return build(project, 1.0)


def build(project, share: float):
    from app.articles.importing import add_document
    from app.coding import codebook
    from app.coding.segments import code_span

    rng = random.Random(11)
    truth = []  # (doc id, start, end, topic)
    for name in TOPICS:
        codebook.create_code(project, name)
    for d in range(40):
        sentences, topics = [], []
        for _ in range(12):
            topic = rng.choice(list(TOPICS))
            sentences.append(topic_sentence(rng, TOPICS[topic].split()))
            topics.append(topic)
        text = " ".join(sentences)
        doc = add_document(project, text, f"Article {d:02d}")
        pos = 0
        for sentence, topic in zip(sentences, topics):
            truth.append((doc.id, pos, pos + len(sentence), topic))
            pos += len(sentence) + 1
    coded = [t for t in truth if rng.random() < share]

    for doc_id, start, end, topic in coded:
        code_span(project, doc_id, start, end, topic)
    return project, truth, coded
