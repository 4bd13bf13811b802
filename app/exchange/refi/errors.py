"""Errors and the import report of the REFI-QDA exchange."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.errors import ChorusError

MAX_READING_LINES = 10  # sources listed one by one in ``lines()``


class ExchangeError(ChorusError):
    """A REFI-QDA file that cannot be read or written: ``str(e) == "<file name>: <reason>"``."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{Path(path).name}: {reason}")
        self.path = Path(path)
        self.reason = reason


@dataclass
class ExchangeReport:
    """What an import did. Counts are rows added to the project."""

    kind: str  # 'qdpx' | 'qde' | 'qdc'
    documents: int = 0
    codes: int = 0
    segments: int = 0
    users: int = 0
    notes: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reused_documents: int = 0  # sources whose text was already in the project
    reused_codes: int = 0  # codes already in the project (same id or same path)
    readings: list = field(default_factory=list)  # positions.SourceReading per source with selections
    duplicate_texts: list[str] = field(default_factory=list)  # sources whose text another source has too

    def summary(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        text = (f"{n(self.documents, 'document')}, {n(self.codes, 'code')}, {n(self.segments, 'segment')}, "
                f"{n(self.users, 'coder')}, {n(self.notes, 'memo')} added")
        if self.reused_documents or self.reused_codes:
            text += f" ({self.reused_documents} documents and {self.reused_codes} codes already in the project)"
        if self.skipped:
            text += f"; {len(self.skipped)} skipped"
        if self.warnings:
            text += f"; {n(len(self.warnings), 'warning')}"
        return text

    def lines(self) -> list[str]:
        """The summary, then how each source's positions were read, then the warnings.

        With many sources, one line per reading (how many sources) stands for the sources
        read with confidence; ``readings`` always has every source."""
        if len(self.readings) <= MAX_READING_LINES:
            return [self.summary(), *(r.line() for r in self.readings), *self.warnings]
        counts: dict[str, int] = {}
        for r in self.readings:
            if r.confident:
                counts[r.reading.label] = counts.get(r.reading.label, 0) + 1
        out = [self.summary()]
        out += [f"positions of {n} sources read as {label}, checked against their text" for label, n in counts.items()]
        out += [r.line() for r in self.readings if not r.confident]
        return out + self.warnings
