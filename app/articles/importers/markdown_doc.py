"""Markdown files (.md, .markdown): rendered with ``markdown`` then read as HTML text."""

from __future__ import annotations

from pathlib import Path

import markdown

from app.text import normalize_text

from . import article
from .document import ExtractedDocument, ImportRejected, clean_title, read_bytes, require_text
from .encoding import decode_bytes
from .htmltext import html_to_text

EXTENSIONS = ("tables", "fenced_code")


def extract_markdown_file(path: Path, max_bytes: int) -> ExtractedDocument:
    raw, encoding = decode_bytes(read_bytes(path, max_bytes), path)
    source = require_text(path, normalize_text(raw), "no text (the file is blank or whitespace only)")
    rendered = markdown.markdown(source, extensions=list(EXTENSIONS), output_format="html")
    parsed = html_to_text(rendered)
    text = require_text(path, parsed.text, "no visible text in the Markdown")
    guessed = article.analyse(text)
    return ExtractedDocument(
        text=text,
        title=clean_title(parsed.first_heading) or guessed.title or path.stem,
        format="markdown",
        author=guessed.author,
        published=guessed.published,
        source=guessed.source,
        encoding=encoding,
    )
