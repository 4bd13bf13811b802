"""Entry point: check the path, then hand the file to the module for its format."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from importlib import import_module

from .document import DEFAULT_MAX_BYTES, ExtractedDocument, ImportRejected, format_size

# suffix -> (module, function); a format's module (trafilatura, pypdf, python-docx: about
# 0.4 s together) loads when a file of that format is imported, not with every command
_EXTRACTORS: dict[str, tuple[str, str]] = {
    ".txt": (".plaintext", "extract_text_file"),
    ".text": (".plaintext", "extract_text_file"),
    ".md": (".markdown_doc", "extract_markdown_file"),
    ".markdown": (".markdown_doc", "extract_markdown_file"),
    ".html": (".html_doc", "extract_html_file"),
    ".htm": (".html_doc", "extract_html_file"),
    ".docx": (".docx_doc", "extract_docx_file"),
    ".pdf": (".pdf_doc", "extract_pdf_file"),
    ".rtf": (".rtf_doc", "extract_rtf_file"),
}


def _extractor(suffix: str) -> Callable[..., ExtractedDocument]:
    module, name = _EXTRACTORS[suffix]
    return getattr(import_module(module, __package__), name)


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
        return _extractor(suffix)(path, max_bytes, whole_page=whole_page)
    return _extractor(suffix)(path, max_bytes)
