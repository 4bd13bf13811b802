"""PDF files via pypdf: page texts joined by a blank line, document info metadata."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from pypdf import PdfReader
from pypdf import PasswordType
from pypdf.errors import DependencyError, PyPdfError

from app.text import normalize_text

from . import article
from .document import ExtractedDocument, ImportRejected, clean_field, clean_title, format_size

# pypdf raises its own errors for most damage, but malformed objects can surface as
# built-in errors from deep inside the parser; these are the ones it is known to leak.
_PDF_ERRORS = (
    PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError,
    AssertionError, RecursionError, struct.error, zlib.error, OSError,
)


def extract_pdf_file(path: Path, max_bytes: int) -> ExtractedDocument:
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            _decrypt(reader, path)
        pages, total = [], 0
        for page in reader.pages:
            pages.append(normalize_text(page.extract_text() or "").strip())
            total += len(pages[-1])
            if total > max_bytes:  # the same limit as for plain text, checked page by page
                raise ImportRejected(path, f"PDF text is over the limit of {format_size(max_bytes)} "
                                           f"(the same as for plain text)")
    except ImportRejected:
        raise
    except _PDF_ERRORS as exc:
        raise ImportRejected(path, f"broken PDF ({type(exc).__name__}: {exc})") from None
    text = "\n\n".join(page for page in pages if page)
    if not text.strip():
        raise ImportRejected(path, "no extractable text (scanned image?)")
    title = author = created = None
    try:
        info = reader.metadata
        if info is not None:
            title, author = info.title, info.author
            created = info.creation_date
    except _PDF_ERRORS:
        pass  # unreadable metadata is not a reason to refuse the text
    guessed = article.analyse(text)
    return ExtractedDocument(
        text=text,
        title=clean_title(title) or guessed.title or path.stem,
        format="pdf",
        author=clean_field(author) or guessed.author,
        published=article.iso_date(created) or guessed.published,
        source=guessed.source,
    )


def _decrypt(reader: PdfReader, path: Path) -> None:
    """Open PDFs protected only by an owner password; refuse the rest."""
    try:
        result = reader.decrypt("")
    except DependencyError:
        raise ImportRejected(path, "encrypted PDF (this encryption needs the 'cryptography' package)") from None
    if result == PasswordType.NOT_DECRYPTED:
        raise ImportRejected(path, "encrypted PDF (password required)")
