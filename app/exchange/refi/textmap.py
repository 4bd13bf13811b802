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

from app.text import BOM, normalize_text

_CRLF = re.compile("\r(?=\n)")


def decode_source(data: bytes) -> tuple[str, str | None]:
    """(text, warning or None) for the bytes of a plain-text source."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "not valid UTF-8: read as Windows-1252"


@dataclass
class Normalised:
    text: str
    raw_length: int
    removed: list[int] = field(default_factory=list)  # indices (in the raw text) of removed characters

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
    return Normalised(normalize_text(raw), len(raw), removed)
