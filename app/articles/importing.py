"""Importing articles into a project: files and folders, one transaction per document.

Bad files get a one-line reason naming them and are skipped; good files in the same
batch still import; a document is either fully imported or not at all. The same text
imported again (same SHA-256 after normalisation) is reported, not duplicated.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from app.articles.documents import text_hash
from app.articles.importers import DEFAULT_MAX_BYTES, ExtractedDocument, ImportRejected, extract, is_supported
from app.errors import StoreError
from app.project import Project
from app.text import normalize_text
from db.models import Document

Progress = Callable[[int, int, Path], None]


@dataclass
class ImportOutcome:
    path: Path
    status: str  # 'imported' | 'duplicate' | 'rejected'
    message: str
    document_id: int | None = None


@dataclass
class ImportReport:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    cancelled: bool = False

    def _with(self, status: str) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def imported(self) -> list[ImportOutcome]:
        return self._with("imported")

    @property
    def duplicates(self) -> list[ImportOutcome]:
        return self._with("duplicate")

    @property
    def rejected(self) -> list[ImportOutcome]:
        return self._with("rejected")

    def summary(self) -> str:
        text = (f"{len(self.imported)} imported, {len(self.duplicates)} already in the project, "
                f"{len(self.rejected)} rejected")
        return text + (" (cancelled)" if self.cancelled else "")


def collect_paths(paths: list[Path], exclude: set[Path] = frozenset()) -> list[Path]:
    """Expand folders (recursively, sorted, hidden files skipped); keep files as given.

    Files in ``exclude`` (resolved paths) are skipped when found inside a folder.
    """
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if (child.is_file() and not any(part.startswith(".") for part in rel.parts)
                        and child.resolve() not in exclude):
                    out.append(child)
        else:
            out.append(path)
    return out


def add_document(project: Project, text: str, title: str, *, source: str | None = None,
                 author: str | None = None, published: str | None = None, url: str | None = None,
                 import_path: str | None = None, uuid: str | None = None) -> Document:
    """Add one document from text (normalised here) in its own transaction."""
    text = normalize_text(text)
    extra = {"uuid": uuid} if uuid else {}
    with project.change(f"Import {title[:40]}") as rec:
        return rec.insert(Document, title=title, source=source, author=author, published=published, url=url,
                          import_path=import_path, text=text, text_sha256=text_hash(text),
                          char_count=len(text), **extra)


def _store(project: Project, doc: ExtractedDocument, path: Path) -> Document:
    return add_document(project, doc.text, doc.title, source=doc.source, author=doc.author,
                        published=doc.published, url=doc.url, import_path=str(path))


def import_paths(project: Project, paths: list[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> ImportReport:
    own = project.path.resolve()
    files = collect_paths(paths, {own} | {own.with_name(own.name + s) for s in ("-wal", "-shm", "-journal")})
    report = ImportReport()
    known = {h: i for i, h in Document.select(Document.id, Document.text_sha256).tuples()}
    for index, path in enumerate(files):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if progress is not None:
            progress(index, len(files), path)
        report.outcomes.append(_import_one(project, path, max_bytes, known))
    if progress is not None and not report.cancelled:
        progress(len(files), len(files), Path())
    return report


def _import_one(project: Project, path: Path, max_bytes: int, known: dict[str, int]) -> ImportOutcome:
    if path.is_file() and not is_supported(path):
        return ImportOutcome(path, "rejected", f"{path.name}: unsupported file type '{path.suffix or '(none)'}'")
    try:
        extracted = extract(path, max_bytes=max_bytes)
    except ImportRejected as exc:
        return ImportOutcome(path, "rejected", str(exc))
    digest = text_hash(extracted.text)
    if digest in known:
        existing = Document.get_by_id(known[digest])
        return ImportOutcome(path, "duplicate", f"{path.name}: same text as '{existing.title}' (id {existing.id})",
                             existing.id)
    try:
        document = _store(project, extracted, path)
    except StoreError as exc:  # full disk, read-only, busy, damaged: this file is not saved
        return ImportOutcome(path, "rejected", f"{path.name}: not saved: {exc}")
    known[digest] = document.id
    return ImportOutcome(path, "imported", f"{path.name}: imported as '{document.title}'", document.id)
