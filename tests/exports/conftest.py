"""A small coded corpus with the awkward cases exports must get exactly right."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.coding.codebook import create_code, ensure_code_path
from app.coding.segments import code_span
from app.articles.documents import set_attribute
from app.articles.importing import add_document

TEXT_ONE = ("Start 👩‍👩‍👧 family. Cafe\u0301 au lait.\n=cmd|' /C calc'!A0\n+1 plus\n-2 minus\n"
            "@SUM(A1)\n\tindented line\r\nend")
TEXT_TWO = "שלום עולם — مرحبا بالعالم. Plain words here."
MEMO = 'He said "no",\nthen, after a pause, "yes".'


@dataclass
class Corpus:
    project: object
    doc_one: object
    doc_two: object
    segments: dict  # uuid -> (doc uuid, code path, coder, start, end, text, memo)


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


@pytest.fixture
def corpus(project) -> Corpus:
    one = add_document(project, TEXT_ONE, "Emoji & marks 👩‍👩‍👧", source="Test Wire")
    two = add_document(project, TEXT_TWO, "RTL: שלום")
    stored_one = one.text
    assert "\r" not in stored_one
    create_code(project, "Emotion", colour="#aa0000", definition="Feelings **named** in the text.",
                when_to_use="Explicit words", when_not_to_use="Tone only", example="'I was furious'",
                description="Top-level")
    create_code(project, "Joy", parent="Emotion", colour="#00aa00", definition="Happiness, relief.")
    create_code(project, "Anger", parent="Emotion", colour="#0000aa")
    create_code(project, "Formula", colour="#123456", description="=not a formula")
    ensure_code_path(project, "RTL")
    set_attribute(project, one, "outlet", "wire")
    set_attribute(project, one, "year", "2017", value_type="number")
    set_attribute(project, two, "outlet", "=HYPERLINK(\"x\")")
    plan = [
        (one, "👩‍👩‍👧", "Emotion/Joy", "ana", MEMO),
        (one, "Cafe\u0301", "Emotion", "ben", ""),
        (one, "=cmd|' /C calc'!A0", "Formula", "ana", "=memo formula"),
        (one, "+1 plus", "Formula", "ana", ""),
        (one, "-2 minus", "Formula", "ben", ""),
        (one, "@SUM(A1)", "Formula", "consensus", ""),
        (one, "\tindented line", "Formula", "ana", ""),
        (one, "Start 👩‍👩‍👧 family.", "Emotion/Anger", "consensus", ""),
        (two, "שלום עולם", "RTL", "ana", ""),
        (two, "مرحبا بالعالم", "RTL", "ben", "RTL memo"),
    ]
    segments = {}
    for doc, piece, path, coder, memo in plan:
        text = doc.text
        start, end = _span(text, piece)
        seg = code_span(project, doc, start, end, path, coder=coder, memo=memo)
        segments[seg.uuid] = (doc.uuid, path, coder, start, end, piece, memo)
    return Corpus(project, one, two, segments)
