"""Snap a code-point selection outward to word or sentence boundaries (Qt-free)."""
from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f\u061f\u06d4]+[\"'\u201d\u2019)\]]*(?=\s|$)|\n")
SNAP_MODES = ("none", "word", "sentence")


def _is_word_char(ch: str) -> bool:
    # letters, digits, combining marks, joiners, emoji (anything not space/punct)
    return ch.isalnum() or ch in "_'\u2019\u200d\ufe0f" or (ord(ch) >= 0x0300 and not ch.isspace()
                                                           and ch not in "\u2026\u2014\u2013\u201c\u201d\u00ab\u00bb")


def snap_word(text: str, start: int, end: int) -> tuple[int, int]:
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if start >= end:
        return start, end
    # Trim whitespace picked up at the edges, then grow to whole words.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < n and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        end += 1
    return start, end


def snap_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if start >= end:
        return start, end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    # sentence start: just after the previous sentence end (skipping whitespace)
    s = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 2000), start):
        if m.end() <= start:
            s = m.end()
    if s == 0 and start > 2000:
        s = start
    while s < start and text[s].isspace():
        s += 1
    m = _SENTENCE_END.search(text, max(end - 1, s), min(n, end + 2000))
    e = m.end() if m else (n if end + 2000 >= n else end)
    while e > end and text[e - 1] == "\n":
        e -= 1
    return min(s, start), max(e, end)


def snap(text: str, start: int, end: int, mode: str) -> tuple[int, int]:
    if mode == "word":
        return snap_word(text, start, end)
    if mode == "sentence":
        return snap_sentence(text, start, end)
    return start, end
