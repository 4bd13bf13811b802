"""RTF files (.rtf) that are not news-database batches: their text via striprtf."""

from __future__ import annotations

from pathlib import Path

from app.text import normalize_text

from . import article
from .batches.sources import rtf_text
from .document import ExtractedDocument, read_bytes, require_text


def extract_rtf_file(path: Path, max_bytes: int) -> ExtractedDocument:
    text = normalize_text(rtf_text(path, read_bytes(path, max_bytes))).replace("\u00a0", " ")
    text = require_text(path, "\n".join(line.rstrip() for line in text.split("\n")).strip("\n"),
                        "no text in the RTF")
    meta = article.analyse(text)
    return ExtractedDocument(text=text, title=meta.title or path.stem, format="rtf", author=meta.author,
                             published=meta.published, source=meta.source)
