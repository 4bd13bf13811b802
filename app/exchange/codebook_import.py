"""Import a codebook into the current one: our codebook CSV or XLSX, Taguette's tag CSV or
XLSX, or .qdc.

Rows are merged by code UUID first, then by path: a match is updated (colour and the
text fields; a UUID match whose path changed is moved/renamed there), anything else is
added (missing parent levels are created). The whole import is one change (one undo).
A file that cannot be read (binary, too big, no usable header) raises
``CodebookImportError`` naming the file, before the project is touched; a single bad
row is skipped and reported with its reason.

New codes keep the file's order: each comes after its siblings already there (its
``sort_order``), so the codebook reads as the file does, not alphabetically.

Taguette tags have no hierarchy: a '/' in a Taguette tag is part of the name (the code
is top-level and its path shows the '/' escaped as '\\/').
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from app.articles.importers.document import ImportRejected
from app.articles.importers.encoding import decode_bytes
from app.articles.importers.zipguard import check_zip
from app.coding.codebook import TEXT_FIELDS, _create_code, descendants, find_code
from app.coding.codepaths import join_path, split_path
from app.errors import ChorusError, InvalidOperation
from app.exchange.exports.common import unsafe_cell
from app.project import Project
from db.models import Code
from peewee import fn

MAX_BYTES = 10 * 1024 * 1024
COLOUR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class CodebookImportError(ChorusError):
    """The file cannot be imported at all (the project is unchanged)."""


@dataclass
class CodebookImportReport:
    added: list[str] = field(default_factory=list)  # code paths
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "path: reason"
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.skipped)} skipped, "
                f"{len(self.unchanged)} unchanged")


@dataclass
class _Entry:
    path: str
    uuid: str | None = None
    colour: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    line: int = 0


# -- reading ------------------------------------------------------------------------
def _decode(path: Path, data: bytes) -> str:
    if not data:
        raise CodebookImportError(f"{path.name}: the file is empty")
    try:
        return decode_bytes(data, path)[0].removeprefix("\ufeff")
    except ImportRejected as exc:
        raise CodebookImportError(f"{path.name}: not a text file ({exc.reason})") from None


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CodebookImportError(f"{path.name}: too large ({size / 1048576:.1f} MB; the limit is 10 MB)")
        return path.read_bytes()
    except OSError as exc:
        raise CodebookImportError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc


def _read_csv(path: Path) -> list[_Entry]:
    text = _decode(path, _read_bytes(path))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CodebookImportError(f"{path.name}: not a valid CSV file ({exc})") from exc
    return _entries(path, rows, unquote=True)


def _read_xlsx(path: Path) -> list[_Entry]:
    """The first sheet of an .xlsx (ours: codebook-xlsx; Taguette's codebook export), values only."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _read_bytes(path)  # the size limit
    try:
        check_zip(path, "XLSX workbook")
    except ImportRejected as exc:
        raise CodebookImportError(f"{path.name}: {exc.reason}") from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0] if book.worksheets else None
            rows = [] if sheet is None else [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, EOFError,
            OSError) as exc:
        raise CodebookImportError(f"{path.name}: not a readable XLSX workbook ({exc})") from None
    while rows and not any(v.strip() for v in rows[-1]):
        rows.pop()
    return _entries(path, rows, unquote=False)  # XLSX cells are typed: no quote was added


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _entries(path: Path, rows: list[list[str]], unquote: bool) -> list[_Entry]:
    if not rows:
        raise CodebookImportError(f"{path.name}: the file is empty")
    plain = unsafe_cell if unquote else (lambda v: v)
    header = [plain(h).strip().lower() for h in rows[0]]
    if "tag" in header and "path" not in header:
        return _taguette(header, rows[1:])
    if "path" in header or "name" in header:
        return _ours(header, [[plain(v) for v in row] for row in rows[1:]])
    raise CodebookImportError(
        f"{path.name}: missing required column 'path' (or 'name'; or Taguette's 'tag')")


def _cells(header: list[str], row: list[str]) -> dict[str, str]:
    return {name: (row[i] if i < len(row) else "") for i, name in enumerate(header)}


def _ours(header: list[str], body: list[list[str]]) -> list[_Entry]:
    out = []
    for line, row in enumerate(body, start=2):
        if not any(v.strip() for v in row):
            continue
        cells = _cells(header, row)
        path = cells.get("path", "").strip()
        if not path:
            name = cells.get("name", "").strip()
            parent = cells.get("parent", "").strip()
            path = (parent + "/" if parent else "") + join_path([name]) if name else ""
        fields = {f: cells[f] for f in TEXT_FIELDS if f in cells}
        colour = (cells.get("colour") or cells.get("color") or "").strip() or None
        out.append(_Entry(path, cells.get("code_id", "").strip() or None, colour, fields, line))
    return out


def _taguette(header: list[str], body: list[list[str]]) -> list[_Entry]:
    out = []
    for line, row in enumerate(body, start=2):
        cells = _cells(header, row)
        tag = cells.get("tag", "").strip()
        if not tag and not any(v.strip() for v in row):
            continue
        fields = {"description": cells["description"]} if "description" in cells else {}
        out.append(_Entry(join_path([tag]) if tag else "", None, None, fields, line))
    return out


def _from_qdc(path: Path) -> list[_Entry]:
    """Codes of a REFI-QDA codebook via ``app.exchange.refi.read_qdc`` (flat dicts, parents first)."""
    from app.exchange import refi  # the REFI-QDA package; imported only when needed

    reader = getattr(refi, "read_qdc", None)
    if reader is None:
        raise CodebookImportError(f"{path.name}: reading .qdc codebooks is not available in this build")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CodebookImportError(f"{path.name}: too large (the limit is 10 MB)")
    except OSError as exc:
        raise CodebookImportError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    out: list[_Entry] = []
    paths: dict[str, str] = {}
    for line, item in enumerate(reader(path), start=1):
        name = str(item.get("name") or "").strip()
        parent = item.get("parent_uuid")
        prefix = paths.get(parent, "") if parent else ""
        item_path = item.get("path") or ((prefix + "/" if prefix else "") + join_path([name]) if name else "")
        if item.get("uuid"):
            paths[item["uuid"]] = item_path
        fields = {f: item.get(f) or "" for f in TEXT_FIELDS if f in item}
        out.append(_Entry(item_path, item.get("uuid"), item.get("colour"), fields, line))
    return out


# -- merging ------------------------------------------------------------------------
def _check(entry: _Entry, seen: set[str]) -> str | None:
    """Why this entry cannot be imported (None: it can)."""
    if not entry.path:
        return "no code name"
    try:
        split_path(entry.path)
    except ValueError:
        return "bad code path (an empty level)"
    if entry.path in seen:
        return "appears more than once in the file"
    if entry.colour is not None and not COLOUR_RE.fullmatch(entry.colour):
        return f"bad colour {entry.colour!r} (use #rrggbb)"
    if entry.uuid is not None and not UUID_RE.fullmatch(entry.uuid):
        return f"bad code_id {entry.uuid!r} (not a UUID)"
    return None


def _next_order(parent: Code | None) -> int:
    """A sort_order after every sibling already under ``parent`` (the file's order is kept)."""
    query = Code.select(fn.MAX(Code.sort_order))
    query = query.where(Code.parent.is_null()) if parent is None else query.where(Code.parent == parent.id)
    top = query.scalar()
    return 0 if top is None else top + 1


def _parent_of(rec, path: str, report: CodebookImportReport) -> Code | None:
    names = split_path(path)[:-1]
    parent = None
    for i, name in enumerate(names):
        code = find_code(join_path(names[:i + 1]))
        if code is None:
            code = _create_code(rec, name, parent, sort_order=_next_order(parent))
            report.added.append(join_path(names[:i + 1]))
        parent = code
    return parent


def _merge(rec, entry: _Entry, report: CodebookImportReport) -> None:
    values = {k: v for k, v in entry.fields.items()}
    if entry.colour:
        values["colour"] = entry.colour
    if entry.uuid:
        entry.uuid = entry.uuid.lower()
    by_uuid = Code.get_or_none(Code.uuid == entry.uuid) if entry.uuid else None
    at_path = find_code(entry.path)
    if by_uuid is not None:
        if at_path is not None and at_path.id != by_uuid.id:
            report.skipped.append(f"{entry.path}: another code already has this path")
            return
        if at_path is None:  # moved or renamed in the file: follow it
            parent_path = split_path(entry.path)[:-1]
            inside = {c.id for c in descendants(by_uuid)}
            for i in range(len(parent_path)):
                level = find_code(join_path(parent_path[:i + 1]))
                if level is not None and level.id in inside:
                    report.skipped.append(f"{entry.path}: would move the code under its own sub-code")
                    return
            parent = _parent_of(rec, entry.path, report)
            values["parent"] = parent.id if parent is not None else None
            values["name"] = split_path(entry.path)[-1]
        target = by_uuid
    elif at_path is not None:
        target = at_path
    else:
        parent = _parent_of(rec, entry.path, report)
        extra = {"uuid": entry.uuid} if entry.uuid else {}
        _create_code(rec, split_path(entry.path)[-1], parent, entry.colour, sort_order=_next_order(parent),
                     **entry.fields, **extra)
        report.added.append(entry.path)
        return
    changed = {k: v for k, v in values.items() if getattr(target, "parent_id" if k == "parent" else k) != v}
    if changed:
        rec.update(target, **changed)
    (report.updated if changed else report.unchanged).append(entry.path)


def import_codebook(project: Project, path: Path | str) -> CodebookImportReport:
    path = Path(path)
    if not path.is_file():
        raise CodebookImportError(f"{path.name}: no such file")
    project.activate()
    suffix = path.suffix.lower()
    if suffix == ".qdc":
        entries = _from_qdc(path)
    elif suffix in (".xlsx", ".xlsm") or zipfile.is_zipfile(path):
        entries = _read_xlsx(path)
    else:
        entries = _read_csv(path)
    entries.sort(key=lambda e: len(split_path(e.path)) if _check(e, set()) is None else 0)
    report = CodebookImportReport()
    seen: set[str] = set()
    with project.change(f"Import codebook {path.name}") as rec:
        for entry in entries:
            problem = _check(entry, seen)
            if problem is None:
                try:
                    _merge(rec, entry, report)
                except InvalidOperation as exc:
                    problem = str(exc)
            if problem is not None:
                report.skipped.append(f"{entry.path or f'line {entry.line}'}: {problem}")
            seen.add(entry.path)
    return report

