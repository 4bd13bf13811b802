"""Which way a REFI-QDA file counts its selection positions, per source, checked against the text.

The standard counts Unicode code points in the plain-text source as written (end
exclusive). Tools differ: NVivo counts UTF-16 code units (an emoji is 2), QualCoder's
"MAXQDA line endings" export and ATLAS.ti write CRLF text but count a CRLF as one
character. So there are up to four *readings* of a source's positions:

    code points | UTF-16 units  x  on the text as written | CRLF counted as one

Readings that cannot differ for a text (no character beyond U+FFFF, no CRLF) are
merged. Each source's reading is chosen from, in this order of strength:

1. the selections' ``name`` attributes where they quote the text (Chorus, QualCoder):
   the reading under which the quotes match;
2. word boundaries: at the positions where the readings disagree, the reading that puts
   far more selection starts and ends between words (a misread position lands inside
   a word most of the time);
3. the producing tool (the project's ``origin``), when the text decides nothing.

A source whose positions could not be placed with confidence gets a warning naming it.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from app.exchange.refi.textmap import Normalised

MIN_DECIDING = 6  # positions where the readings disagree, for word boundaries to decide
DECISIVE_SHARE = 0.8  # share of those positions the winning reading must put on word boundaries
DECISIVE_MARGIN = 0.3  # ... and by how much more than the next reading (or, with 20 positions or more:
# 90 % on word boundaries, 15 points more and a quarter of the next reading's misses)
QUOTE_SAMPLE = 100  # selection names compared per source to choose a reading (spread over the source)
CONFIRM_SAMPLE = 50  # ... and to confirm the chosen one
SANITY_MIN = 20  # positions, before a low word-boundary share is worth a warning
SANITY_SHARE = 0.5


@dataclass(frozen=True)
class Reading:
    utf16: bool  # positions count UTF-16 code units (an astral character is 2)
    lf: bool  # positions count a CRLF line end as one character

    def __hash__(self) -> int:  # cheap: readings are dict keys in loops over every selection
        return self.utf16 * 2 + self.lf

    @property
    def label(self) -> str:
        units = "UTF-16 code units" if self.utf16 else "code points"
        return units + (", CRLF counted as one" if self.lf else "")


CODE_POINTS = Reading(False, False)
UTF16 = Reading(True, False)
CODE_POINTS_LF = Reading(False, True)
UTF16_LF = Reading(True, True)
ALL_READINGS = (CODE_POINTS, UTF16, CODE_POINTS_LF, UTF16_LF)
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@dataclass
class SourceReading:
    """What the import report says about one source's positions."""

    source: str
    reading: Reading
    reason: str
    confident: bool = True
    on_boundaries: tuple[int, int] = (0, 0)  # (selection starts/ends on word boundaries, all of them)
    as_code_points: tuple[int, int] | None = None  # the same figure read as code points (when that differs)

    def line(self) -> str:
        hits, total = self.on_boundaries
        figure = f"; {hits} of {total} selection starts/ends on word boundaries" if total else ""
        if self.as_code_points is not None and self.reading != CODE_POINTS and total:
            figure += f" (read as code points: {self.as_code_points[0]} of {self.as_code_points[1]})"
        return f"source '{self.source}': positions read as {self.reading.label} ({self.reason}{figure})"


def tool_reading(origin: str) -> tuple[Reading, bool, str]:
    """(reading, known, why) for the producing tool named by ``origin``."""
    name = (origin or "").strip()
    low = name.lower()
    if low.startswith("nvivo"):
        return UTF16, True, f"{name} counts UTF-16 code units"
    if low.startswith("chorus"):
        return CODE_POINTS, True, f"{name} counts code points"
    if low.startswith(("qc ", "qualitative-coding")):
        return CODE_POINTS, True, f"{name} counts code points"
    if low.startswith("atlas.ti"):
        return CODE_POINTS_LF, False, f"{name} counts a CRLF as one character (by QualCoder's notes)"
    if name:
        return CODE_POINTS, False, f"the standard's code points (nothing known about {name})"
    return CODE_POINTS, False, "the standard's code points (the file does not say which tool made it)"


class PositionMap:
    """Producer positions of one reading -> positions in the stored text (None: no such boundary)."""

    def __init__(self, text: Normalised, reading: Reading):
        self.text = text
        self.reading = reading
        basis = text.text if reading.lf else text.raw
        self.basis_length = len(basis)
        # UTF-16 offset of each astral character of the basis text (sorted)
        self.astral = [i + k for k, i in enumerate(_astral_indices(basis))] if reading.utf16 else []
        self.length = self.basis_length + len(self.astral)
        self.identity = not self.astral and (reading.lf or not text.removed)

    def __call__(self, position: int | None) -> int | None:
        if position is None or not 0 <= position <= self.length:
            return None
        if self.identity:
            return position
        index = position
        if self.astral:
            before = bisect_left(self.astral, position - 1)
            if before < len(self.astral) and self.astral[before] == position - 1:
                return None  # between the two halves of a surrogate pair
            index = position - before
        return index if self.reading.lf else self.text.position(index)

    def pairs(self, ends: list[tuple[int | None, int | None]]) -> list[tuple[int | None, int | None]]:
        """``[(self(a), self(b)) for a, b in ends]``, computed faster (runs over every selection)."""
        n = self.length
        if self.identity:
            return [(a if a is not None and 0 <= a <= n else None, b if b is not None and 0 <= b <= n else None)
                    for a, b in ends]
        astral, count = self.astral, len(self.astral)
        lf, stored = self.reading.lf, self.text.position

        def one(position):
            if position is None or not 0 <= position <= n:
                return None
            index = position
            if count:
                before = bisect_left(astral, position - 1)
                if before < count and astral[before] == position - 1:
                    return None
                index = position - before
            return index if lf else stored(index)

        return [(one(a), one(b)) for a, b in ends]


def _astral_indices(text: str) -> list[int]:
    if text.isascii():
        return []
    return [m.start() for m in _ASTRAL.finditer(text)]


def candidates(text: Normalised) -> list[Reading]:
    """The readings that can differ for this text (the standard's first)."""
    astral = not text.raw.isascii() and _ASTRAL.search(text.raw) is not None
    removed = bool(text.removed)
    out = [CODE_POINTS]
    if astral:
        out.append(UTF16)
    if removed:
        out.append(CODE_POINTS_LF)
    if astral and removed:
        out.append(UTF16_LF)
    return out


def _is_word(ch: str) -> bool:
    if ch == "_":
        return True
    if ch.isalnum():
        return unicodedata.east_asian_width(ch) not in ("W", "F")  # ideographs: each its own word
    return unicodedata.category(ch).startswith("M")  # a combining mark belongs to its letter


def on_boundary(text: str, position: int | None) -> bool:
    if position is None:
        return False
    if position <= 0 or position >= len(text):
        return position == 0 or position == len(text)
    before, after = text[position - 1], text[position]
    if before.isascii() and after.isascii():  # the usual case
        return not ((before.isalnum() or before == "_") and (after.isalnum() or after == "_"))
    return not (_is_word(before) and _is_word(after))


_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def count_on_boundary(text: str, positions) -> int:
    """``sum(on_boundary(text, p) for p in positions)``, computed faster."""
    n, word, hits = len(text), _ASCII_WORD, 0
    for p in positions:
        if p is None:
            continue
        if p <= 0 or p >= n:
            hits += p == 0 or p == n
            continue
        before, after = text[p - 1], text[p]
        if before < "\x80" and after < "\x80":
            hits += not (before in word and after in word)
        else:
            hits += not ((before in word if before < "\x80" else _is_word(before))
                         and (after in word if after < "\x80" else _is_word(after)))
    return hits


def _normal(value: str) -> str:
    return " ".join(value.split())


def name_matches(name: str | None, quote: str) -> bool:
    """Does a selection's ``name`` quote this text (whole, or cut short with an ellipsis)?"""
    if not name:
        return False
    if name == quote or (name[-1] == "\u2026" and len(name) > 1 and quote.startswith(name[:-1])):
        return True  # the usual case, without normalising
    first, got_first = name.lstrip()[:1], quote.lstrip()[:1]
    if first != got_first and first not in ".\u2026":
        return False  # the usual miss, without normalising
    wanted = _normal(name)
    if not wanted:
        return False
    got = _normal(quote)
    if wanted == got:
        return True
    if wanted.endswith(("\u2026", "...")):
        prefix = wanted.rstrip(".\u2026").rstrip()
        return bool(prefix) and got.startswith(prefix)
    return len(wanted) >= 20 and got.startswith(wanted)


def choose(name: str, text: Normalised, selections, origin: str) -> tuple[Reading, SourceReading]:
    """The reading for one source's selections (objects with ``start``, ``end``, ``name``)."""
    reading, report, _pairs = choose_mapped(name, text, selections, origin)
    return reading, report


def choose_mapped(name: str, text: Normalised, selections, origin: str):
    """``choose``, and the selections' (start, end) mapped to stored positions under the chosen reading
    (None where a position has no place: see ``PositionMap``)."""
    tool, known, why_tool = tool_reading(origin)
    readings = candidates(text)
    stored = text.text
    if tool not in readings:
        tool = CODE_POINTS  # e.g. NVivo on a text without emoji: every reading agrees
    ends = [(s.start, s.end) for s in selections]
    mapped = {r: PositionMap(text, r).pairs(ends) for r in readings}
    counts: dict[Reading, tuple[int, int]] = {}
    quote_cache: dict[int, set[Reading]] = {}

    def boundary_count(reading: Reading) -> tuple[int, int]:
        if reading not in counts:
            pairs = mapped[reading]
            counts[reading] = (count_on_boundary(stored, [a for a, _ in pairs])
                               + count_on_boundary(stored, [b for _, b in pairs]), 2 * len(ends))
        return counts[reading]

    def named_ok(reading: Reading) -> bool:
        # selection index -> the readings under which its name quotes the text (on a sample: names are strong)
        quotes = _quote_hits(readings, mapped, selections, stored, _sample(range(len(ends)), CONFIRM_SAMPLE),
                             quote_cache)
        return len(quotes) >= 3 and sum(reading in hits for hits in quotes.values()) >= 0.9 * len(quotes)

    def result(reading: Reading, reason: str, confident: bool = True):
        figure = boundary_count(reading)
        as_cp = boundary_count(CODE_POINTS) if reading != CODE_POINTS else None
        report = SourceReading(name, reading, reason, confident, figure, as_cp)
        if confident and figure[1] >= SANITY_MIN and figure[0] < SANITY_SHARE * figure[1] \
                and not named_ok(reading):
            report.confident = False
            report.reason += "; few selections start and end between words: the positions may not fit this text"
        return reading, report, mapped[reading]

    if len(readings) == 1:
        why = "every reading agrees: no characters beyond U+FFFF and no CRLF line ends"
        return result(readings[0], why)

    # 1. selection names that quote the text
    columns = [mapped[r] for r in readings]
    width = len(columns)
    differing = [i for i, row in enumerate(zip(*columns)) if row.count(row[0]) != width]
    evidence = list(_quote_hits(readings, mapped, selections, stored, _sample(differing), quote_cache).values())
    if evidence:
        quoted = {r: sum(r in hits for hits in evidence) for r in readings}
        ranked = sorted(readings, key=lambda r: (-quoted[r], r != tool))
        best, second = ranked[0], ranked[1]
        if quoted[best] >= 0.8 * len(evidence) and quoted[best] > quoted[second]:
            return result(best, f"{quoted[best]} of the {len(evidence)} selection names that quote the text match "
                                f"it only so ({second.label}: {quoted[second]})")

    # 2. word boundaries where the readings disagree
    points = []
    for i in differing:
        for side in (0, 1):
            row = [column[i][side] for column in columns]
            if row.count(row[0]) != width:
                points.append((i, side))
    if not points:
        why = f"every selection lies before the first place where the readings differ; {why_tool}"
        return result(tool, why, confident=True)
    share = {r: count_on_boundary(stored, [mapped[r][i][side] for i, side in points]) / len(points)
             for r in readings}
    ranked = sorted(readings, key=lambda r: (-share[r], r != tool))
    best, second = ranked[0], ranked[1]
    n = len(points)
    misses = {r: round((1 - share[r]) * n) for r in (best, second)}
    clear = share[best] >= DECISIVE_SHARE and share[best] - share[second] >= DECISIVE_MARGIN
    # many positions, nearly all between words, and several times fewer misses than the next reading
    steady = n >= 20 and share[best] >= 0.9 and share[best] - share[second] >= 0.15 \
        and misses[second] >= 4 * max(misses[best], 1)
    if n >= MIN_DECIDING and (clear or steady):
        agree = "as expected: " + why_tool if best == tool and known else (
            why_tool + ", but the text says otherwise" if known else "")
        why = (f"at the {n} selection starts/ends where the readings differ, {share[best]:.0%} fall between "
               f"words ({second.label}: {share[second]:.0%})" + (f"; {agree}" if agree else ""))
        return result(best, why)
    contradicted = share[best] - share[tool] >= 0.2 and best != tool
    if known and not contradicted:
        rival = best if best != tool else second
        why = (f"{why_tool}; the text agrees without deciding: at the {n} selection starts/ends where the "
               f"readings differ, {share[tool]:.0%} fall between words ({rival.label}: {share[rival]:.0%})")
        return result(tool, why)
    why = (f"{why_tool}; could not be checked against the text: at the {n} selection starts/ends where the "
           f"readings differ, {share[tool]:.0%} fall between words ({best.label}: {share[best]:.0%})")
    return result(tool, why, confident=False)


def _quote_matches(name: str, stored: str, pair: tuple[int | None, int | None]) -> bool:
    start, end = pair
    if start is None or end is None or start >= end:
        return False
    return name_matches(name, stored[start:end])


def _sample(indices, most: int = QUOTE_SAMPLE) -> list[int]:
    """At most ``most`` of these indices, spread evenly (all of them when there are fewer)."""
    indices = list(indices)
    if len(indices) <= most:
        return indices
    step = len(indices) / most
    return [indices[int(k * step)] for k in range(most)]


def _quote_hits(readings, mapped, selections, stored, indices, cache=None) -> dict[int, set[Reading]]:
    """For each selection (of ``indices``) whose name quotes the text under some reading: those readings.

    ``cache`` (selection index -> its readings, empty or not) spares the second look at a selection."""
    cache = {} if cache is None else cache
    out: dict[int, set[Reading]] = {}
    for i in indices:
        hits = cache.get(i)
        if hits is None:
            hits = set()
            sel_name = selections[i].name
            if sel_name:
                seen: dict = {}  # readings that place the selection alike quote it alike
                for r in readings:
                    pair = mapped[r][i]
                    if pair not in seen:
                        seen[pair] = _quote_matches(sel_name, stored, pair)
                    if seen[pair]:
                        hits.add(r)
            cache[i] = hits
        if hits:
            out[i] = hits
    return out
