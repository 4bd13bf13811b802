"""Plain text files (.txt, .text), with article heuristics for title/author/date."""

from __future__ import annotations

from pathlib import Path

from app.text import normalize_text

from . import article
from .document import ExtractedDocument, read_bytes, require_text
from .encoding import decode_bytes


def extract_text_file(path: Path, max_bytes: int) -> ExtractedDocument:
    """The file's text exactly as decoded (only normalised), and guessed metadata."""
    raw, encoding = decode_bytes(read_bytes(path, max_bytes), path)
    text = require_text(path, normalize_text(raw), "no text (the file is blank or whitespace only)")
    meta = article.analyse(text)
    return ExtractedDocument(
        text=text,
        title=meta.title or path.stem,
        format="text",
        author=meta.author,
        published=meta.published,
        source=meta.source,
        encoding=encoding,
    )
