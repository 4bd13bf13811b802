"""Sentences and paragraphs of a document as ``(start, end)`` spans in code points.

One segmentation serves suggestions and (where analysis widens a hit) auto-coding:
a paragraph is a run of non-blank lines; a sentence ends at ``.``, ``!``, ``?`` or
``…`` (with closing quotes or brackets) followed by white space, except after a
known abbreviation or a single capital letter (initials). Spans are trimmed of
surrounding white space and never empty.
"""
from __future__ import annotations

import re
from typing import Iterator

UNITS = ("sentence", "paragraph")

_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc inc ltd co corp gov sen rep gen col lt sgt no vol fig "
    "jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k a.m p.m approx".split()
)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    for match in _PARAGRAPH.finditer(text):
        yield _trim(text, match.start(), match.end())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Is the word before ``dot`` (a '.') an abbreviation or an initial?"""
    i = dot
    while i > start and not text[i - 1].isspace():
        i -= 1
    word = text[i:dot].strip("(\"'“‘").lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Doe"
    return word in _ABBREVIATIONS


def sentences(text: str) -> Iterator[tuple[int, int]]:
    for p_start, p_end in paragraphs(text):
        begin = p_start
        for match in _SENTENCE_END.finditer(text, p_start, p_end):
            if text[match.start()] == "." and match.end() - match.start() == 1 \
                    and _is_abbreviation(text, begin, match.start()):
                continue
            span = _trim(text, begin, match.end())
            if span[0] < span[1]:
                yield span
            begin = match.end()
        span = _trim(text, begin, p_end)
        if span[0] < span[1]:
            yield span


def spans(text: str, unit: str) -> list[tuple[int, int]]:
    """Every unit of ``text`` in order: ``unit`` is 'sentence' or 'paragraph'."""
    if unit == "sentence":
        return list(sentences(text))
    if unit == "paragraph":
        return list(paragraphs(text))
    raise ValueError(f"unknown unit {unit!r} (use sentence or paragraph)")


def widen(text: str, start: int, end: int, unit: str) -> tuple[int, int]:
    """The smallest run of whole units that covers ``[start, end)``."""
    covering = [(s, e) for s, e in spans(text, unit) if s < end and e > start]
    if not covering:
        return start, end
    return min(start, covering[0][0]), max(end, covering[-1][1])
