"""Markdown files (.md, .markdown): rendered (bounded, see app.articles.markdown_safe),
then read as HTML text."""

from __future__ import annotations

from pathlib import Path

from app.articles import markdown_safe
from app.text import normalize_text

from . import article
from .document import ExtractedDocument, ImportRejected, clean_title, read_bytes, require_text
from .encoding import decode_bytes
from .htmltext import HtmlTooDeep, html_to_text


def extract_markdown_file(path: Path, max_bytes: int) -> ExtractedDocument:
    raw, encoding = decode_bytes(read_bytes(path, max_bytes), path)
    source = require_text(path, normalize_text(raw), "no text (the file is blank or whitespace only)")
    try:
        rendered = markdown_safe.render(source, allow_html=True)
    except markdown_safe.MarkdownRefused as exc:
        raise ImportRejected(path, f"{exc}; import it as a .txt file to keep its text") from None
    try:
        parsed = html_to_text(rendered)
    except HtmlTooDeep as exc:  # raw HTML inside the Markdown
        raise ImportRejected(path, str(exc)) from None
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
