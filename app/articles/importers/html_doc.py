"""HTML files (.html, .htm): visible text, title and article metadata from <meta> tags."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from app.text import normalize_text

from . import article
from .document import ExtractedDocument, ImportRejected, clean_field, clean_title, read_bytes, require_text
from .encoding import decode_bytes
from .htmltext import html_to_text

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 in HTML.
_AS_CP1252 = {"iso8859-1", "ascii", "cp1252"}


def extract_html_file(path: Path, max_bytes: int) -> ExtractedDocument:
    raw, encoding = decode_html(read_bytes(path, max_bytes), path)
    parsed = html_to_text(normalize_text(raw))
    text = require_text(path, parsed.text, "no visible text in the HTML")
    meta = parsed.meta
    guessed = article.analyse(text)
    title = clean_title(parsed.title) or clean_title(meta.get("og:title")) or clean_title(parsed.first_h1)
    published = None
    for key in ("article:published_time", "datepublished", "date", "dc.date", "pubdate"):
        published = published or article.parse_date(meta.get(key))
    return ExtractedDocument(
        text=text,
        title=title or guessed.title or path.stem,
        format="html",
        author=clean_field(meta.get("author") or meta.get("article:author")) or guessed.author,
        published=published or guessed.published,
        source=clean_field(meta.get("og:site_name")) or guessed.source,
        url=clean_field(parsed.links.get("canonical") or meta.get("og:url")),
        encoding=encoding,
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
