"""Entry point: check the path, then hand the file to the module for its format."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from .docx_doc import extract_docx_file
from .document import DEFAULT_MAX_BYTES, ExtractedDocument, ImportRejected, format_size
from .html_doc import extract_html_file
from .markdown_doc import extract_markdown_file
from .pdf_doc import extract_pdf_file
from .plaintext import extract_text_file
from .rtf_doc import extract_rtf_file

_EXTRACTORS: dict[str, Callable[[Path, int], ExtractedDocument]] = {
    ".txt": extract_text_file,
    ".text": extract_text_file,
    ".md": extract_markdown_file,
    ".markdown": extract_markdown_file,
    ".html": extract_html_file,
    ".htm": extract_html_file,
    ".docx": extract_docx_file,
    ".pdf": extract_pdf_file,
    ".rtf": extract_rtf_file,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_EXTRACTORS)


def is_supported(path: Path) -> bool:
    """True when the file name has a suffix we can import (case-insensitive)."""
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


def extract(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, whole_page: bool = False) -> ExtractedDocument:
    """Read *path* into an ExtractedDocument; raise ImportRejected for any bad input.

    *whole_page*: for HTML, keep every visible word of the page, not only the article."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ImportRejected(path, "file not found") from None
    except PermissionError:
        raise ImportRejected(path, "permission denied") from None
    except OSError as exc:
        raise ImportRejected(path, f"cannot read file ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportRejected(path, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ImportRejected(path, "not a regular file")
    suffix = path.suffix.lower()
    if suffix not in _EXTRACTORS:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ImportRejected(path, f"unsupported file type '{suffix or path.name}' (supported: {supported})")
    if info.st_size == 0:
        raise ImportRejected(path, "empty file")
    if info.st_size > max_bytes:
        raise ImportRejected(
            path, f"file is too large: {format_size(info.st_size)}, the limit is {format_size(max_bytes)}"
        )
    if suffix in (".html", ".htm"):
        return extract_html_file(path, max_bytes, whole_page=whole_page)
    return _EXTRACTORS[suffix](path, max_bytes)
