"""Writers for tables: CSV (RFC 4180) and XLSX (openpyxl, write-only, no formulas).

A table is a header (list of str) and rows (lists of str / int / float). Both writers
return notes about anything they had to change to fit the format.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable, Sequence

# openpyxl (0.2 s to import) loads when an XLSX is written, not with every command

from app.exchange.exports.common import FORMULA_TRIGGERS, safe_cell

Progress = Callable[[int, int], None] | None
EXCEL_CELL_LIMIT = 32767  # characters (UTF-16 units) per cell
_PROGRESS_EVERY = 5000
_CHECK_FIRST = FORMULA_TRIGGERS | {"'"}


def _report(progress: Progress, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence], *, raw: bool,
              progress: Progress = None) -> list[str]:
    """UTF-8 with a BOM and formula-safe cells by default; ``raw``: neither."""
    total = len(rows)
    with open(path, "w", encoding="utf-8" if raw else "utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        if raw:
            writer.writerow(header)
            for start in range(0, total, _PROGRESS_EVERY):
                writer.writerows(rows[start:start + _PROGRESS_EVERY])
                _report(progress, min(start + _PROGRESS_EVERY, total), total)
        else:
            writer.writerow([safe_cell(h) for h in header])
            check = _CHECK_FIRST
            for start in range(0, total, _PROGRESS_EVERY):
                writer.writerows(
                    [v if v.__class__ is not str or not v or v[0] not in check else safe_cell(v) for v in row]
                    for row in rows[start:start + _PROGRESS_EVERY])
                _report(progress, min(start + _PROGRESS_EVERY, total), total)
    if total == 0:
        _report(progress, 0, 0)
    return []


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit_excel(text: str) -> str:
    cut = text[:EXCEL_CELL_LIMIT]
    while _utf16_len(cut) > EXCEL_CELL_LIMIT:
        cut = cut[:-1]
    return cut


class _XlsxCleaner:
    """Make strings storable in XLSX, counting every change (reported as notes)."""

    def __init__(self, ws):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell

        self.ws = ws
        self.replaced = 0
        self.cut = 0
        self._illegal, self._cell = ILLEGAL_CHARACTERS_RE, WriteOnlyCell

    def cell(self, value):
        if value.__class__ is not str:
            return value
        value = self.text(value)
        if value.startswith("="):  # openpyxl would store it as a formula: force a string cell
            cell = self._cell(self.ws, value=value)
            cell.data_type = "s"
            return cell
        return value

    def text(self, value: str) -> str:
        if self._illegal.search(value):
            value, n = self._illegal.subn("\ufffd", value)
            self.replaced += n
        if len(value) > EXCEL_CELL_LIMIT // 2 and _utf16_len(value) > EXCEL_CELL_LIMIT:
            value = _fit_excel(value)
            self.cut += 1
        return value

    def notes(self) -> list[str]:
        out = []
        if self.replaced:
            out.append(f"{self.replaced} control character(s) that XLSX cannot hold were replaced "
                       "with U+FFFD (use CSV for the exact text)")
        if self.cut:
            out.append(f"{self.cut} cell(s) longer than Excel's {EXCEL_CELL_LIMIT}-character limit "
                       "were cut (use CSV for the exact text)")
        return out


def _widths(header: Sequence[str], rows: Sequence[Sequence], sample: int = 200) -> list[float]:
    widths = [len(h) for h in header]
    for row in rows[:sample]:
        for i, v in enumerate(row):
            text = str(v) if v is not None else ""
            line = max((len(part) for part in text.split("\n")), default=0)
            widths[i] = max(widths[i], line)
    return [min(max(w + 2, 8), 60) for w in widths]


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence], *, sheet: str,
               progress: Progress = None, head: tuple[int, str] | None = None) -> list[str]:
    """One sheet: bold frozen header, sensible widths, strings and numbers only.

    ``head`` (audit entries, last hash) goes into the document properties.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    if head is not None:
        wb.properties.identifier = f"chorus-audit-head:{head[0]}:{head[1]}"
        wb.properties.description = f"Made from a Chorus project at audit head {head[1]} ({head[0]} entries)"
    ws = wb.create_sheet(title=sheet[:31])
    ws.freeze_panes = "A2"
    for i, width in enumerate(_widths(header, rows), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    clean = _XlsxCleaner(ws)
    bold = Font(bold=True)
    head_cells = []
    for h in header:
        cell = WriteOnlyCell(ws, value=clean.text(h))
        cell.data_type = "s"
        cell.font = bold
        head_cells.append(cell)
    ws.append(head_cells)
    total = len(rows)
    for i, row in enumerate(rows, start=1):
        ws.append([clean.cell(v) for v in row])
        if i % _PROGRESS_EVERY == 0:
            _report(progress, i, total)
    _report(progress, total, total)
    wb.save(path)
    return clean.notes()
