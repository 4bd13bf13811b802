"""Shared pieces of the exports: filters resolved to ids, safe cells, atomic files."""
from __future__ import annotations

import os
import re
import secrets
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from app.team import blind
from app.coding.codebook import descendants, resolve_code
from app.articles.documents import resolve_document
from app.errors import ChorusError, InvalidOperation, NotFound
from db.models import Coder

# OWASP "CSV injection": a cell starting with one of these may run as a formula.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
# A cell that already starts with quotes before a trigger gets one more quote, so the
# codebook import can remove exactly one quote again (the round trip stays exact).
_QUOTED_TRIGGER = re.compile(r"'+[=+\-@\t\r]")


class ExportError(ChorusError):
    """An export that cannot be written (message names the file and the reason)."""


@dataclass(frozen=True)
class ExportFilters:
    codes: list[str] | None = None  # code paths, ids or UUIDs
    include_children: bool = True
    coders: list[str] | None = None  # coder names ('consensus' is just a coder)
    documents: list[str] | None = None  # titles, ids or UUIDs


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    notes: tuple[str, ...] = field(default=())  # what had to be changed to fit the format


@dataclass(frozen=True)
class Selection:
    """Filters resolved to database ids (None = no restriction)."""

    code_ids: list[int] | None
    coder_ids: list[int] | None
    document_ids: list[int] | None


def safe_cell(value: str) -> str:
    """Prefix a formula-looking cell with ``'`` (spreadsheet safety)."""
    if value and (value[0] in FORMULA_TRIGGERS or (value[0] == "'" and _QUOTED_TRIGGER.match(value))):
        return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """Undo ``safe_cell`` (used when reading our own CSV back in)."""
    if value.startswith("'") and (value[1:2] in FORMULA_TRIGGERS or _QUOTED_TRIGGER.match(value[1:])):
        return value[1:]
    return value


def iso_utc(value: datetime | str | None) -> str:
    """ISO 8601 in UTC with a 'Z' (stored timestamps are naive UTC)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:19].replace(" ", "T") + "Z"
    return value.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def resolve_filters(project, filters: ExportFilters) -> Selection:
    """Turn names into ids; unknown names raise NotFound. Never changes the project.

    Blind mode is respected: only the current coder's segments are exported, and
    naming another coder is refused.
    """
    code_ids = None
    if filters.codes is not None:
        ids: dict[int, None] = {}
        for ref in filters.codes:
            code = resolve_code(ref)
            ids[code.id] = None
            if filters.include_children:
                ids.update((c.id, None) for c in descendants(code))
        code_ids = list(ids)
    coder_ids = None
    if filters.coders is not None:
        found = {c.name: c.id for c in Coder.select().where(Coder.name.in_(list(filters.coders)))}
        missing = [n for n in filters.coders if n not in found]
        if missing:
            raise NotFound(f"no coder {missing[0]!r}")
        coder_ids = sorted(set(found.values()))
    if blind.is_blind(project):
        mine = blind.visible_coder_ids(project)
        if coder_ids is not None and set(coder_ids) - set(mine):
            raise InvalidOperation(
                f"blind mode is on: exports include only your own segments ({project.coder_name})")
        coder_ids = mine
    document_ids = None
    if filters.documents is not None:
        document_ids = list(dict.fromkeys(resolve_document(ref).id for ref in filters.documents))
    return Selection(code_ids, coder_ids, document_ids)


def new_partial_file(out: Path, suffix: str = ".partial") -> tuple[int, Path]:
    """Open a new, empty temporary file beside ``out`` (an fd open for writing, and its path).

    Made with mode 0666 and ``O_EXCL``, so the umask (and a folder's default ACL) decide
    its permissions exactly as for any new file -- not ``mkstemp``'s 0600, which a
    teammate on a shared drive could not read.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = out.parent / f".{out.stem}.{secrets.token_hex(4)}{suffix}"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {out}")


def replace_keeping_mode(tmp: Path, out: Path) -> None:
    """Move ``tmp`` over ``out``; a file that was there keeps its permission bits."""
    try:
        mode = stat.S_IMODE(os.stat(out).st_mode)
    except FileNotFoundError:
        mode = None
    if mode is not None:
        os.chmod(tmp, mode)
    os.replace(tmp, out)


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; on success it replaces ``out``.

    A new file gets the permissions the umask gives; a replaced file keeps its mode.
    """
    out = Path(out)
    if not out.parent.is_dir():
        raise ExportError(f"{out.name}: folder {out.parent} does not exist")
    fd, tmp = new_partial_file(out, f".partial{out.suffix}")
    os.close(fd)
    try:
        yield tmp
        replace_keeping_mode(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
