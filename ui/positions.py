"""The one place that converts between stored positions and Qt positions.

Stored positions are Unicode code points into the LF-normalised text (end
exclusive).  Qt's QTextDocument counts UTF-16 code units: every astral
(non-BMP) character such as an emoji takes two.  QPlainTextEdit turns '\\n'
into a paragraph separator but keeps the count 1:1, so the only difference
between the two systems is one extra unit per astral character before a
position.  ``PositionMap`` keeps the sorted code-point offsets of the astral
characters and answers each conversion with one bisect (O(1) when the text is
all BMP).
"""
from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class PositionMap:
    """Convert code-point offsets of ``text`` to/from Qt (UTF-16) positions."""

    __slots__ = ("_astral", "_qt_starts", "cp_length", "qt_length")

    def __init__(self, text: str) -> None:
        self.cp_length = len(text)
        self.qt_length = len(text.encode("utf-16-le")) // 2
        if self.qt_length == self.cp_length:
            self._astral: list[int] = []
            self._qt_starts: list[int] = []
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
            # Qt position of the k-th astral character's high surrogate.
            self._qt_starts = [cp + k for k, cp in enumerate(self._astral)]

    @property
    def all_bmp(self) -> bool:
        return not self._astral

    def to_qt(self, cp: int) -> int:
        """Code-point offset -> UTF-16 offset (clamped to the text)."""
        if cp <= 0:
            return 0
        if cp >= self.cp_length:
            return self.qt_length
        if not self._astral:
            return cp
        return cp + bisect_left(self._astral, cp)

    def to_cp(self, qt: int, round_up: bool = False) -> int:
        """UTF-16 offset -> code-point offset (clamped to the text).

        A Qt position between the two halves of a surrogate pair is rounded
        down to the start of that character, or up past it with
        ``round_up=True`` (use it for the end of a range, so a range always
        grows outward to whole characters).
        """
        if qt <= 0:
            return 0
        if qt >= self.qt_length:
            return self.cp_length
        if not self._astral:
            return qt
        k = bisect_left(self._qt_starts, qt)        # astral chars starting before qt
        if k and qt == self._qt_starts[k - 1] + 1:   # between the halves of the last one
            return self._astral[k - 1] + (1 if round_up else 0)
        return qt - k

    def range_to_cp(self, qt_start: int, qt_end: int) -> tuple[int, int]:
        """Qt range -> code-point range, normalised and rounded outward."""
        if qt_end < qt_start:
            qt_start, qt_end = qt_end, qt_start
        return self.to_cp(qt_start), self.to_cp(qt_end, round_up=True)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        if end < start:
            start, end = end, start
        return self.to_qt(start), self.to_qt(end)
