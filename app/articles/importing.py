"""Importing articles into a project: files and folders, one transaction per document.

Bad files get a one-line reason naming them and are skipped; good files in the same
batch still import; a document is either fully imported or not at all. The same text
imported again (same SHA-256 after normalisation) is reported, not duplicated.

A news-database export (LexisNexis, Nexis Uni, Factiva: one file, many articles) becomes
one document per article, each in its own transaction, with its outlet, date, headline,
byline as document fields and length and section as attributes (app.articles.batches).

Folders are walked without following symbolic links out of the chosen folder (unless
``follow_links``); named pipes, devices, sockets, broken links and link loops are
skipped with one line each and never opened.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from app.articles.importers import batches
from app.articles.importers.batches import BatchPreview, preview_batch  # noqa: F401 (for the window)
from app.articles.documents import check_attribute_value, text_hash
from app.articles.importers import DEFAULT_MAX_BYTES, ExtractedDocument, ImportRejected, extract, is_supported
from app.articles.importers.document import display_name
from app.errors import StoreError
from db.connection import must_not_read
from app.project import Project
from app.text import normalize_text
from db.models import Document, DocumentAttribute

Progress = Callable[[int, int, Path], None]


@dataclass(frozen=True)
class ImportOptions:
    """How files are read. ``whole_page``: HTML keeps every visible word, not only the
    article. ``batch_format``: 'auto' (detect news-database exports), 'lexisnexis',
    'nexisuni', 'factiva' (split every file as that format), or 'none' (never split).
    ``follow_links``: follow symbolic links that point out of a chosen folder."""

    max_bytes: int = DEFAULT_MAX_BYTES
    whole_page: bool = False
    batch_format: str = "auto"
    follow_links: bool = False

    def __post_init__(self) -> None:
        if self.batch_format not in batches.FORMAT_CHOICES:
            raise ValueError(f"unknown batch format {self.batch_format!r}")


@dataclass
class ImportOutcome:
    path: Path
    status: str  # 'imported' | 'duplicate' | 'rejected' | 'skipped'
    message: str
    document_id: int | None = None
    extraction: str | None = None  # e.g. 'article', 'whole page (asked for)', 'factiva batch'


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

    @property
    def skipped(self) -> list[ImportOutcome]:
        return self._with("skipped")

    def summary(self) -> str:
        text = (f"{len(self.imported)} imported, {len(self.duplicates)} already in the project, "
                f"{len(self.rejected)} rejected")
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        return text + (" (cancelled)" if self.cancelled else "")


def collect_paths(paths: list[Path], exclude: set[Path] = frozenset()) -> list[Path]:
    """Expand folders (recursively, sorted, hidden files skipped); keep files as given.

    Files in ``exclude`` (resolved paths) are skipped when found inside a folder.
    """
    return walk_paths(paths, exclude)[0]


def walk_paths(paths: list[Path], exclude: set[Path] = frozenset(), *,
               follow_links: bool = False) -> tuple[list[Path], list[ImportOutcome]]:
    """(files to import, skipped entries with their one-line reason).

    Paths named directly are kept as given (the reader refuses what is not a file).
    Inside a folder: hidden entries are passed over silently; FIFOs, devices, sockets,
    broken links and link loops are skipped with a line; a symbolic link whose target
    is outside the chosen folder is skipped unless *follow_links*. Nothing is opened.
    """
    files: list[Path] = []
    skipped: list[ImportOutcome] = []
    for top in map(Path, paths):
        try:
            is_dir = stat.S_ISDIR(os.stat(top).st_mode)
        except OSError:
            is_dir = False
        if not is_dir:
            files.append(top)
            continue
        top_real = top.resolve()
        seen_dirs = {_dir_key(top)}
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                skipped.append(_skip(folder, f"cannot read the folder ({exc.strerror or exc})"))
                continue
            subdirs = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                reason, kind = _classify(path, top_real, follow_links)
                if reason:
                    skipped.append(_skip(path, reason))
                elif kind == "dir":
                    key = _dir_key(path)
                    if key in seen_dirs:
                        skipped.append(_skip(path, "symbolic link loop (folder already visited)"))
                    else:
                        seen_dirs.add(key)
                        subdirs.append(path)
                elif path.resolve() not in exclude:
                    files.append(path)
            stack.extend(reversed(subdirs))
    return files, skipped


def _dir_key(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def _classify(path: Path, top_real: Path, follow_links: bool) -> tuple[str | None, str]:
    """(reason to skip, or None; 'dir' | 'file')."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})", ""
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except RuntimeError:
            return "symbolic link loop", ""
        except OSError as exc:
            if getattr(exc, "errno", None) == 40:  # ELOOP
                return "symbolic link loop", ""
            return "broken symbolic link", ""
        if not follow_links and not target.is_relative_to(top_real):
            return ("symbolic link to a file outside the folder (not followed; "
                    "--follow-links to import it)"), ""
        try:
            info = os.stat(path)
        except OSError as exc:
            return f"cannot read ({exc.strerror or exc})", ""
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        return None, "dir"
    if stat.S_ISREG(mode):
        return None, "file"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO), not a file", ""
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device, not a file", ""
    if stat.S_ISSOCK(mode):
        return "socket, not a file", ""
    return "not a regular file", ""


def _skip(path: Path, reason: str) -> ImportOutcome:
    return ImportOutcome(path, "skipped", f"{display_name(path)}: {reason}")


def add_document(project: Project, text: str, title: str, *, source: str | None = None,
                 author: str | None = None, published: str | None = None, url: str | None = None,
                 import_path: str | None = None, uuid: str | None = None,
                 attributes: tuple[tuple[str, str, str], ...] = ()) -> Document:
    """Add one document from text (normalised here) in its own transaction, with its
    typed attributes ((name, type, value), checked before anything is written)."""
    text = normalize_text(text)
    extra = {"uuid": uuid} if uuid else {}
    checked = [(name, value_type, check_attribute_value(value_type, value))
               for name, value_type, value in attributes]
    with project.change(f"Import {title[:40]}") as rec:
        document = rec.insert(Document, title=title, source=source, author=author, published=published,
                              url=url, import_path=import_path, text=text, text_sha256=text_hash(text),
                              char_count=len(text), **extra)
        for name, value_type, value in checked:
            if value is not None:
                rec.insert(DocumentAttribute, document=document.id, name=name, value=value,
                           value_type=value_type)
        return document


def _store(project: Project, doc: ExtractedDocument, path: Path) -> Document:
    return add_document(project, doc.text, doc.title, source=doc.source, author=doc.author,
                        published=doc.published, url=doc.url, import_path=str(path),
                        attributes=doc.attributes)


def import_paths(project: Project, paths: list[Path], *, max_bytes: int | None = None,
                 options: ImportOptions | None = None, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ImportReport:
    options = options or ImportOptions()
    if max_bytes is not None:
        options = ImportOptions(max_bytes=max_bytes, whole_page=options.whole_page,
                                batch_format=options.batch_format, follow_links=options.follow_links)
    own = project.path.resolve() if project.path is not None else None
    exclude = {own} | {own.with_name(own.name + s) for s in ("-wal", "-shm", "-journal")} if own else set()
    files, skipped = walk_paths(paths, exclude, follow_links=options.follow_links)
    report = ImportReport(outcomes=list(skipped))
    known = {h: i for i, h in Document.select(Document.id, Document.text_sha256).tuples()}
    for index, path in enumerate(files):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if progress is not None:
            progress(index, len(files), path)
        report.outcomes.extend(_import_one(project, path, options, known, cancelled))
    else:
        report.cancelled = cancelled is not None and bool(files) and cancelled()  # inside a batch
    if progress is not None and not report.cancelled:
        progress(len(files), len(files), Path())
    return report


def _import_one(project: Project, path: Path, options: ImportOptions, known: dict[str, int],
                cancelled: Callable[[], bool] | None) -> list[ImportOutcome]:
    name = display_name(path)
    if must_not_read(path):  # never read a project file this process has open (SAFETY: locks)
        return [ImportOutcome(path, "rejected", f"{name}: a Chorus project that is open (not an article)")]
    try:
        fmt = batches.detect(path, options.batch_format, options.max_bytes)
    except ImportRejected as exc:
        return [ImportOutcome(path, "rejected", str(exc))]
    if fmt is not None:
        return _import_batch(project, path, fmt, options, known, cancelled)
    if path.is_file() and not is_supported(path):
        return [ImportOutcome(path, "rejected", f"{name}: unsupported file type '{path.suffix or '(none)'}'")]
    try:
        extracted = extract(path, max_bytes=options.max_bytes, whole_page=options.whole_page)
    except ImportRejected as exc:
        return [ImportOutcome(path, "rejected", str(exc))]
    return [_store_one(project, path, extracted, known, name)]


def _store_one(project: Project, path: Path, extracted: ExtractedDocument, known: dict[str, int],
               label: str, batch: bool = False) -> ImportOutcome:
    """Store one document unless its text is already in the project. In a news-database
    batch, the same text under another outlet, date or headline (a syndicated story) is a
    document of its own: it is imported and the shared text is reported."""
    how = f" ({extracted.extraction})" if extracted.extraction else ""
    digest = text_hash(normalize_text(extracted.text))
    note = ""
    if digest in known:
        existing = Document.get_by_id(known[digest])
        same = (existing.title, existing.source, existing.published) == (
            extracted.title, extracted.source, extracted.published)
        if not batch or same:
            return ImportOutcome(path, "duplicate", f"{label}: same text as '{existing.title}' (id {existing.id})",
                                 existing.id, extracted.extraction)
        note = f"; same text as '{existing.title}' (id {existing.id}) from {existing.source or 'no outlet'}"
    try:
        document = _store(project, extracted, path)
    except StoreError as exc:  # full disk, read-only, busy, damaged: not saved (SAFETY)
        return ImportOutcome(path, "rejected", f"{label}: not saved: {exc}")
    known.setdefault(digest, document.id)
    return ImportOutcome(path, "imported", f"{label}: imported as '{document.title}'{how}{note}", document.id,
                         extracted.extraction)


def _import_batch(project: Project, path: Path, fmt: str, options: ImportOptions, known: dict[str, int],
                  cancelled: Callable[[], bool] | None) -> list[ImportOutcome]:
    try:
        articles = batches.split(path, fmt, options.max_bytes)
    except ImportRejected as exc:
        return [ImportOutcome(path, "rejected", str(exc))]
    outcomes = []
    for number, extracted in enumerate(articles, start=1):
        if cancelled is not None and cancelled():
            break
        label = f"{display_name(path)} [{number}/{len(articles)}]"
        outcomes.append(_store_one(project, path, extracted, known, label, batch=True))
    return outcomes
