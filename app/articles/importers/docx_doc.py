"""Word documents (.docx) via python-docx.

Body paragraphs and tables in document order; paragraphs are joined by a blank line
('\\n\\n'), table rows by '\\n' with cells separated by a tab; empty paragraphs are
skipped. Headers, footers, footnotes, comments and text boxes are not read.
"""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml import etree

from app.text import normalize_text

from . import article
from .document import ExtractedDocument, ImportRejected, clean_field, clean_title, require_text
from .zipguard import check_zip

# python-docx's own template stamps these on every file it creates; they say nothing.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.timezone.utc)
_DOCX_ERRORS = (
    PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError,
    zipfile.BadZipFile, zlib.error, EOFError,
)


def extract_docx_file(path: Path, max_bytes: int) -> ExtractedDocument:
    names = check_zip(path, "DOCX")
    if "word/document.xml" not in names:
        raise ImportRejected(path, "broken DOCX: no word/document.xml (not a Word document?)")
    try:
        document = docx.Document(str(path))
        blocks = [_block_text(block) for block in document.iter_inner_content()]
        props = document.core_properties if "docProps/core.xml" in names else None
        title, author, created = (props.title, props.author, props.created) if props else (None, None, None)
    except _DOCX_ERRORS as exc:
        raise ImportRejected(path, f"broken DOCX ({type(exc).__name__}: {exc})") from None
    text = normalize_text("\n\n".join(block for block in blocks if block.strip()))
    text = require_text(path, text, "no text in the DOCX")
    if author == _TEMPLATE_AUTHOR:
        author = None
    if created == _TEMPLATE_CREATED:
        created = None
    guessed = article.analyse(text)
    return ExtractedDocument(
        text=text,
        title=clean_title(title) or guessed.title or path.stem,
        format="docx",
        author=clean_field(author) or guessed.author,
        published=article.iso_date(created) or guessed.published,
        source=guessed.source,
    )


def _block_text(block: object) -> str:
    if isinstance(block, Table):
        rows = []
        for row in block.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) not in seen:  # merged cells repeat the same element
                    seen.add(id(cell._tc))
                    cells.append(cell.text)
            rows.append("\t".join(cells))
        return "\n".join(row for row in rows if row.strip())
    return block.text
