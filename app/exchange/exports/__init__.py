"""Exports: coded segments, the codebook and a code x document matrix, as files.

``export(project, fmt, out, ...)`` writes one file and returns ``ExportResult(path,
rows, notes)``. Every format is written to a temporary file beside ``out`` and moved
into place at the end, so a failed export never leaves half a file. Exports only read:
the project file and its audit log are unchanged. Blind mode is respected (only the
current coder's segments are exported and counted).

CSV: UTF-8 with a BOM (Excel) and formula-looking cells prefixed with ``'``; with
``raw=True`` neither (for R / pandas pipelines). XLSX cells are typed strings or
numbers, never formulas. See README, "Exports".
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from app.exchange.exports.common import ExportError, ExportFilters, ExportResult, atomic_output, resolve_filters
from app.exchange.exports import tabular

__all__ = ["FORMATS", "ExportError", "ExportFilters", "ExportResult", "export", "suffix_for"]

FORMATS = ("segments-csv", "segments-xlsx", "codebook-csv", "codebook-xlsx", "codebook-md", "codebook-html",
           "matrix-csv", "qdpx", "qdc", "decisions-csv", "decisions-xlsx")
_SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "md": ".md", "html": ".html", "qdpx": ".qdpx", "qdc": ".qdc"}

Progress = Callable[[int, int], None] | None


def suffix_for(fmt: str) -> str:
    """The usual file suffix of a format ('.csv', '.xlsx', ...)."""
    return _SUFFIX[fmt.rsplit("-", 1)[-1]]


def _title(project) -> str:
    return project.setting("project_name", None) or project.path.stem


def _table(project, fmt: str, filters: ExportFilters, include_attributes: bool):
    selection = resolve_filters(project, filters)
    kind = fmt.split("-")[0]
    if kind == "segments":
        from app.exchange.exports.segments import segments_table
        return segments_table(selection, include_attributes)
    if kind == "codebook":
        from app.exchange.exports.codebook import codebook_table
        return codebook_table(selection)
    if kind == "decisions":
        from app.exchange.exports.decisions import decisions_table
        from app.team import blind
        return decisions_table(selection, blind.is_blind(project))
    from app.exchange.exports.matrix import matrix_table
    return matrix_table(selection)


def _refi(project, fmt: str, out: Path, progress: Progress) -> int:
    """REFI-QDA files come from app.exchange.refi (which writes atomically itself).

    ``rows`` counts codes (.qdc) or documents (.qdpx).
    """
    from app.exchange import refi  # imported only when needed
    from db.models import Code, Document

    if fmt == "qdc":
        refi.export_qdc(project, out)
        return Code.select().count()
    relay = None if progress is None else (lambda done, total, _label="": progress(done, total))
    refi.export_qdpx(project, out, progress=relay)
    return Document.select().count()


def export(project, fmt: str, out: Path, *, filters: ExportFilters = ExportFilters(), raw: bool = False,
           include_attributes: bool = True, progress: Progress = None) -> ExportResult:
    """Write one export file; ``rows`` counts data rows (codes for the documents).

    Beside it, ``<file>.chorus-head.json`` records the audit head the export was made
    from (XLSX files carry it in their document properties too): see README, "Audit
    trail and verification".
    """
    from app import audit  # the head of the log this export was made from (SAFETY)

    project.activate()
    head = audit.head()
    result = _export(project, fmt, out, filters=filters, raw=raw, include_attributes=include_attributes,
                     progress=progress, head=head)
    audit.write_head_sidecar(result.path, project.name, head, fmt)
    return result


def _export(project, fmt: str, out: Path, *, filters: ExportFilters, raw: bool, include_attributes: bool,
            progress: Progress, head: tuple[int, str]) -> ExportResult:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    out = Path(out)
    project.activate()
    notes: list[str] = []
    if fmt in ("qdpx", "qdc"):
        return ExportResult(out, _refi(project, fmt, out, progress))
    if fmt in ("codebook-md", "codebook-html"):
        from app.exchange.exports.codebook_doc import codebook_html, codebook_markdown
        render = codebook_markdown if fmt == "codebook-md" else codebook_html
        text, rows = render(resolve_filters(project, filters), _title(project), project.path.name)
        with atomic_output(out) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="\n")
        return ExportResult(out, rows)
    header, rows = _table(project, fmt, filters, include_attributes)
    with atomic_output(out) as tmp:
        if fmt.endswith("-csv"):
            notes = tabular.write_csv(tmp, header, rows, raw=raw, progress=progress)
        else:
            sheet = fmt.split("-")[0].capitalize()
            notes = tabular.write_xlsx(tmp, header, rows, sheet=sheet, progress=progress, head=head)
    return ExportResult(out, len(rows), tuple(notes))
