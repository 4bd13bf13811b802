"""Text units: paragraphs and sentences as code-point spans, and widening a span to them.

One reusable place for segmentation (search, auto-coding, co-occurrence by paragraph and
the SUGGEST feature all use it). Positions are code points into the stored text (LF
line ends), end exclusive; spans never include the surrounding whitespace.

- A paragraph is a run of text between blank lines. A text with no blank line at all
  (one paragraph per line, as many plain-text exports are) has one paragraph per line.
- A sentence ends after ``.``, ``!``, ``?``, ``…`` (and any closing quotes or brackets)
  followed by whitespace, or at the end of its paragraph. Common abbreviations
  (``Mr.``, ``Dr.``, ``e.g.``, single capital initials) do not end a sentence.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Literal

import regex

Span = tuple[int, int]
Unit = Literal["sentence", "paragraph"]
UNITS: tuple[Unit, ...] = ("sentence", "paragraph")

_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n\s*")
_LINE = regex.compile(r"\n")
_SENTENCE_END = regex.compile(r"[.!?\u2026]+[\"'\u2019\u201d\u00bb)\]]*(?=\s)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc e.g i.e cf no vol fig p pp jan feb mar apr jun jul aug sep sept oct nov "
    "dec u.s u.k inc ltd co corp".split())


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def paragraphs(text: str) -> list[Span]:
    """The paragraphs of a text, in order, as (start, end) spans without whitespace."""
    splitter = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE
    out: list[Span] = []
    pos = 0
    for m in splitter.finditer(text):
        span = _trimmed(text, pos, m.start())
        if span:
            out.append(span)
        pos = m.end()
    span = _trimmed(text, pos, len(text))
    if span:
        out.append(span)
    return out


def _is_abbreviation(text: str, para_start: int, dot: int) -> bool:
    """Does the '.' at ``dot`` close an abbreviation or an initial rather than a sentence?"""
    if text[dot] != ".":
        return False
    i = dot
    while i > para_start and not text[i - 1].isspace():
        i -= 1
    word = text[i:dot].strip("\"'\u2018\u201c(").lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    return word in _ABBREVIATIONS


def sentences(text: str, within: Span | None = None) -> list[Span]:
    """The sentences of a text (or of one span of it), never crossing a paragraph."""
    out: list[Span] = []
    for p_start, p_end in paragraphs(text):
        if within is not None and (p_end <= within[0] or p_start >= within[1]):
            continue
        pos = p_start
        for m in _SENTENCE_END.finditer(text, p_start, p_end):
            if _is_abbreviation(text, p_start, m.start()):
                continue
            span = _trimmed(text, pos, m.end())
            if span:
                out.append(span)
            pos = m.end()
        span = _trimmed(text, pos, p_end)
        if span:
            out.append(span)
    return out


def units(text: str, unit: Unit) -> list[Span]:
    if unit == "paragraph":
        return paragraphs(text)
    if unit == "sentence":
        return sentences(text)
    raise ValueError(f"unknown unit {unit!r} (sentence or paragraph)")


def widen(text: str, start: int, end: int, unit: Unit | None, spans: list[Span] | None = None) -> Span:
    """[start, end) widened to the sentence(s) or paragraph(s) it touches (None: as is).

    ``spans`` may pass ``units(text, unit)`` already computed (for many hits in one text).
    A span that falls entirely between units (in whitespace) is returned unchanged.
    """
    if unit is None:
        return start, end
    spans = spans if spans is not None else units(text, unit)
    i = max(bisect_right([s for s, _ in spans], start) - 1, 0)
    stop = max(end, start + 1)
    new_start, new_end = start, end
    while i < len(spans) and spans[i][0] < stop:
        if spans[i][1] > start:
            new_start, new_end = min(new_start, spans[i][0]), max(new_end, spans[i][1])
        i += 1
    return new_start, new_end


def unit_index(spans: list[Span], position: int) -> int:
    """Index of the unit containing ``position`` (or the one before the gap it falls in; -1 before all)."""
    starts = [s for s, _ in spans]
    return bisect_right(starts, position) - 1
