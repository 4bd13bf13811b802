"""Grapheme clusters (what a reader sees as one character) versus code points (positions).

Positions are code points; a flag (two regional indicators), an emoji with a skin tone
or a ZWJ sequence, or a letter with a combining accent is one grapheme cluster made of
several code points. A span whose start or end falls inside a cluster "splits" it:
allowed (positions stay exact), but worth a warning. Clusters follow Unicode's
extended grapheme cluster rules (the ``regex`` module's ``\\X``).
"""
from __future__ import annotations

import regex

_CLUSTER = regex.compile(r"\X", regex.DOTALL)
_WINDOW = 4096  # how far back a scan may start
_SIMPLE = "\u0300"  # below U+0300 nothing extends or joins (no Extend, ZWJ, SpacingMark, Prepend)


def _simple_pair(text: str, pos: int) -> bool:
    """Two code points below U+0300 (LF excepted after CR): always a cluster boundary between them."""
    before, after = text[pos - 1], text[pos]
    return before < _SIMPLE and after < _SIMPLE and not (before == "\r" and after == "\n")


def is_boundary(text: str, pos: int) -> bool:
    """True when ``pos`` (a code point offset) lies between two grapheme clusters."""
    if pos <= 0 or pos >= len(text):
        return True
    if _simple_pair(text, pos):
        return True
    begin = max(0, pos - _WINDOW)
    for b in range(pos - 1, begin, -1):  # scan from a sure boundary: a line end or two plain ASCII
        if text[b - 1] == "\n" or (text[b - 1] < "\x80" and text[b] < "\x80" and text[b - 1] != "\r"):
            begin = b
            break
    for match in _CLUSTER.finditer(text, begin, min(len(text), pos + _WINDOW)):
        if match.start() == pos:
            return True
        if match.end() > pos:
            return False
    return True


def splits_grapheme(text: str, start: int, end: int) -> bool:
    """True when the span ``[start, end)`` begins or ends inside a grapheme cluster."""
    return not (is_boundary(text, start) and is_boundary(text, end))


def split_warning(start: int, end: int) -> str:
    return (f"[{start}:{end}] splits a grapheme cluster (a flag, an emoji sequence or a letter and its "
            f"accent): kept as given; positions are code points")
