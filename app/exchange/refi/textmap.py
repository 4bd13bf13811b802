"""Source texts: decoding, normalisation (LF only, no BOM) and remapping of positions.

Selections in a REFI-QDA file count code points in the source text *as given*. We
store texts with LF line ends and no leading BOM, so when normalisation removes
characters (the CR of each CRLF, a leading U+FEFF) positions are shifted to match.
A UTF-8 byte-order mark is an encoding marker, not text: positions count after it
(as .NET and Python readers do).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from pathlib import PurePosixPath

from app.articles.importers.document import ImportRejected
from app.articles.importers.encoding import decode_bytes
from app.text import BOM, normalize_text

_CRLF = re.compile("\r(?=\n)")


def decode_source(data: bytes, name: str = "source") -> tuple[str, str | None]:
    """(text, warning or None) for the bytes of a plain-text source.

    Decided as for a plain-text file (``app.articles.importers.encoding``): a BOM, then
    UTF-8, then a Western single-byte encoding when the text reads so; bytes that are no
    text (binary, random, damaged UTF-8) raise ``SourceRejected`` with the reason.
    """
    if not data:
        return "", None
    try:
        text, codec = decode_bytes(data, PurePosixPath(name))
    except ImportRejected as exc:
        raise SourceRejected(exc.reason) from None
    if codec == "utf-8-sig":
        text = data[3:].decode("utf-8")  # the mark is not text, but a U+FEFF after it is (positions count it)
    if codec in ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        return text, None
    return text, f"not valid UTF-8: read as {codec}"


class SourceRejected(Exception):
    """The bytes of a source or note are not text (``reason`` is one line)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Normalised:
    text: str
    raw_length: int
    removed: list[int] = field(default_factory=list)  # indices (in the raw text) of removed characters
    raw: str = ""  # the text as written (before normalisation)

    def position(self, raw: int) -> int:
        """A boundary in the raw text -> the same boundary in the stored text."""
        if not self.removed:
            return raw
        return raw - bisect_left(self.removed, raw)


def normalise(raw: str) -> Normalised:
    removed: list[int] = []
    if raw.startswith(BOM):
        removed.append(0)
    if "\r" in raw:
        removed.extend(m.start() for m in _CRLF.finditer(raw))
    return Normalised(normalize_text(raw), len(raw), removed, raw)
