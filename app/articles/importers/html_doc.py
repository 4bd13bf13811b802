"""HTML files (.html, .htm): a saved news page's article and metadata (news_page), or with
``whole_page`` every visible word of the page."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from app.text import normalize_text

from . import article
from .document import ExtractedDocument, ImportRejected, read_bytes, require_text
from .encoding import decode_bytes
from .htmltext import HtmlTooDeep
from .news_page import extract_page

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 in HTML.
_AS_CP1252 = {"iso8859-1", "ascii", "cp1252"}


def extract_html_file(path: Path, max_bytes: int, *, whole_page: bool = False) -> ExtractedDocument:
    raw, encoding = decode_html(read_bytes(path, max_bytes), path)
    try:
        page = extract_page(normalize_text(raw), whole_page=whole_page)
    except HtmlTooDeep as exc:
        raise ImportRejected(path, str(exc)) from None
    text = require_text(path, page.text, "no visible text in the HTML")
    guessed = article.analyse(text)
    return ExtractedDocument(
        text=text,
        title=page.title or guessed.title or path.stem,
        format="html",
        author=page.author or guessed.author,
        published=page.published or guessed.published,
        source=page.source or guessed.source,
        url=page.url,
        encoding=encoding,
        language=page.language,
        extraction=page.extraction,
        attributes=(("language", "text", page.language),) if page.language else (),
    )


def decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """Decode by BOM, else by a <meta charset> that decodes cleanly, else by detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, path)
    match = _CHARSET.search(data[:4096])
    if match:
        try:
            name = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            name = None
        if name and name in _AS_CP1252:
            name = "cp1252"
        if name and not name.startswith("utf-16") and b"\x00" not in data:
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass
    return decode_bytes(data, path)
