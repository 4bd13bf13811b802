"""News-database exports: one file, many articles (LexisNexis Academic, Nexis Uni, Factiva).

``detect(path, wanted, max_bytes)`` says whether a file is such an export (and which
layout), ``split(path, fmt, max_bytes)`` turns it into one ExtractedDocument per article:
headline -> title, outlet -> source, date -> published (ISO), byline -> author, and the
attributes ``length`` (number, words), ``section``, ``edition``, ``language`` and
``accession number`` (Factiva's AN) where the export has them; the text is the article
body. ``preview_batch(path)`` reads a file without importing it (for the window's preview).

The splitters follow what users of the R package LexisNexisTools expect (``lnt_read``):
articles cut at the export's own separators ("N of M DOCUMENTS", "End of Document",
Factiva's HD ... AN field codes), metadata taken from the header lines and the labelled
fields, the body kept whole, with paragraphs separated by a blank line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.articles.documents import text_hash
from app.text import normalize_text

from ..document import DEFAULT_MAX_BYTES, ExtractedDocument, ImportRejected
from . import factiva, lexisnexis, nexisuni
from .sources import read_lines

FORMATS = {"lexisnexis": lexisnexis, "nexisuni": nexisuni, "factiva": factiva}
FORMAT_CHOICES = ("auto", "none", *FORMATS)
LABELS = {"lexisnexis": "LexisNexis Academic", "nexisuni": "Nexis Uni", "factiva": "Factiva"}
BATCH_SUFFIXES = {".txt", ".text", ".docx", ".rtf", ".html", ".htm"}


def detect(path: Path, wanted: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The batch format of *path* ('lexisnexis' | 'nexisuni' | 'factiva'), or None for an
    ordinary file. *wanted* 'auto' looks at the file; a format name forces it (for a file
    of a suffix a batch can have); 'none' never splits."""
    path = Path(path)
    if wanted == "none" or path.suffix.lower() not in BATCH_SUFFIXES or not path.is_file():
        return None
    if wanted in FORMATS:
        return wanted
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size == 0 or size > max_bytes:
        return None  # the ordinary reader says why
    lines = read_lines(path, max_bytes, head=True)
    for name, module in FORMATS.items():
        if module.looks_like(lines, path.suffix.lower()):
            return name
    return None


def split(path: Path, fmt: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[ExtractedDocument]:
    """Every article of the export, or ImportRejected (one line) when none can be read."""
    path = Path(path)
    lines = read_lines(path, max_bytes)
    articles = FORMATS[fmt].split(lines)
    label = LABELS[fmt]
    out = [a for a in articles if a.text.strip()]
    if not out:
        raise ImportRejected(path, f"no articles found in this {label} export")
    return [ExtractedDocument(text=normalize_text(a.text), title=a.title, format=fmt, author=a.author,
                              published=a.published, source=a.source, extraction=f"{label} batch",
                              attributes=a.attributes)
            for a in out]


@dataclass
class BatchPreview:
    """What a batch file holds: its format, each article's headline, and duplicates as
    (index, index of the earlier article with the same text), 0-based."""

    format: str | None
    articles: list[str] = field(default_factory=list)
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    details: list[ExtractedDocument] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS.get(self.format or "", "not a news-database export")


def preview_batch(path: Path, fmt: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES) -> BatchPreview:
    """Read *path* as a batch without importing; format None when it is not one.
    Raises ImportRejected (one line) for a file that is a batch but cannot be read."""
    found = detect(path, fmt, max_bytes)
    if found is None:
        return BatchPreview(None)
    articles = split(path, found, max_bytes)
    seen: dict[str, int] = {}
    duplicates = []
    for index, doc in enumerate(articles):
        digest = text_hash(doc.text)
        if digest in seen:
            duplicates.append((index, seen[digest]))
        else:
            seen[digest] = index
    return BatchPreview(found, [a.title for a in articles], duplicates, articles)
