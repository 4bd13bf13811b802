"""Text normalisation shared by importers and the store."""

from __future__ import annotations

BOM = "\ufeff"


def normalize_text(text: str) -> str:
    """Return *text* with CRLF and lone CR turned into LF and a leading BOM removed.

    Nothing else changes: no Unicode normalisation (NFC/NFD), no trimming, so
    character offsets stay meaningful for the text a user saw.
    """
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
