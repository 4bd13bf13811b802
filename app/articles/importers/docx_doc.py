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
from .document import ExtractedDocument, ImportRejected, clean_field, clean_title, format_size, require_text
from .zipguard import check_zip

# python-docx's own template stamps these on every file it creates; they say nothing.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.timezone.utc)
_DOCX_ERRORS = (
    PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError,
    zipfile.BadZipFile, zlib.error, EOFError, OSError,
)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(path: Path, max_chars: int, max_paragraphs: int | None = None) -> list[str]:
    """The text of every paragraph of word/document.xml in order (tables' too), read as a
    stream: memory stays small and a document whose text is over *max_chars* is refused
    as soon as the count passes it, before anything builds the whole tree."""
    names = check_zip(path, "DOCX")
    if "word/document.xml" not in names:
        raise ImportRejected(path, "broken DOCX: no word/document.xml (not a Word document?)")
    paragraphs: list[str] = []
    parts: list[str] = []
    total = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as stream:
            for event, el in etree.iterparse(stream, events=("end",), resolve_entities=False,
                                             no_network=True, huge_tree=False):
                tag = el.tag
                if tag == _W + "t":
                    parts.append(el.text or "")
                    total += len(el.text or "")
                elif tag == _W + "tab":
                    parts.append("\t")
                elif tag in (_W + "br", _W + "cr"):
                    parts.append("\n")
                elif tag == _W + "p":
                    paragraphs.append("".join(parts))
                    parts = []
                    if max_paragraphs is not None and len(paragraphs) >= max_paragraphs:
                        break  # enough to recognise a layout
                    el.clear()
                    parent = el.getparent()
                    while parent is not None and el.getprevious() is not None:
                        del parent[0]  # paragraphs already read
                    total += 1
                if total > max_chars:
                    raise ImportRejected(path, f"DOCX text is over the limit of {format_size(max_chars)} "
                                               f"(the same as for plain text)")
    except _DOCX_ERRORS as exc:
        raise ImportRejected(path, f"broken DOCX ({type(exc).__name__}: {exc})") from None
    return paragraphs


def extract_docx_file(path: Path, max_bytes: int) -> ExtractedDocument:
    docx_paragraphs(path, max_bytes)  # refuses over-long text quickly and in little memory
    names = check_zip(path, "DOCX")
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
