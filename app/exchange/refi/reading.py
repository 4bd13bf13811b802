"""Entry points for reading REFI-QDA files."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

from app.exchange.refi import sections
from app.exchange.refi.errors import ExchangeError, ExchangeReport
from app.exchange.refi.export import rgb
from app.exchange.refi.ids import IdMap
from app.exchange.refi.importer import Importer
from app.exchange.refi.package import Package, sniff
from app.exchange.refi.parse import parse


def import_exchange_file(project, path: Path | str, progress=None) -> ExchangeReport:
    """Import a .qdpx / .qde / .qdc into ``project`` as one undoable change (all or nothing)."""
    path = Path(path)
    kind = sniff(path)
    if kind is None:
        if not path.exists():
            raise ExchangeError(path, "no such file")
        raise ExchangeError(path, "not a REFI-QDA file (.qdpx, .qde or .qdc)")
    with Package(path, kind) as package, _collector_paused():
        parsed = parse(package.xml, path)
        if kind == "qdc" and parsed.root != "CodeBook" or kind != "qdc" and parsed.root != "Project":
            kind = "qdc" if parsed.root == "CodeBook" else "qde"
        report = Importer(project, parsed, package, kind, progress).run()
    if progress is not None:
        progress(1, 1, "")
    return report


@contextmanager
def _collector_paused():
    """No automatic cyclic garbage collection while an import runs (then as before).

    An import holds hundreds of thousands of live objects (the XML tree, the parsed
    selections, the rows and their change records) while it allocates as many more;
    each automatic full collection walks all of them again, which cost a third of a
    large import. The import makes no reference cycles worth collecting early; what
    it leaves behind is collected as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_qdc(path: Path | str) -> list[dict]:
    """The codes of a codebook (.qdc, or the codebook of a .qde/.qdpx) as dicts, parents first."""
    path = Path(path)
    kind = sniff(path)
    if kind is None:
        raise ExchangeError(path, "not a REFI-QDA codebook (.qdc)")
    with Package(path, kind) as package:
        parsed = parse(package.xml, path)
    ids = IdMap()
    clean = (lambda s: s) if parsed.from_chorus else (lambda s: (s or "").strip())
    out: list[dict] = []

    stack = [(code, None) for code in reversed(parsed.codes)]  # iterative: a tree of any depth
    while stack:
        code, parent_uuid = stack.pop()
        guid = ids.assign(code.key)
        lead, values = sections.decode(clean(code.description))
        row = {"uuid": guid, "name": code.name, "parent_uuid": parent_uuid, "colour": rgb(code.colour),
               "description": clean(lead)}
        for key, _label in sections.CODE_LABELS:
            row[key] = clean(values.get(key, ""))
        out.append(row)
        stack.extend((child, guid) for child in reversed(code.children))
    return out


__all__ = ["import_exchange_file", "read_qdc"]
