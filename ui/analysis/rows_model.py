"""A read-only table of plain rows (numbers sort as numbers), with a payload per row
and an optional check box in the first column (auto-coding preview)."""
from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[list[Any]] = []
        self.payloads: list[Any] = []
        self.checks: list[bool] | None = None

    def set_rows(self, header: Sequence[str], rows: Sequence[Sequence[Any]], payloads: Sequence[Any] | None = None,
                 checks: Sequence[bool] | None = None) -> None:
        self.beginResetModel()
        self.header = list(header)
        self.rows = [list(r) for r in rows]
        self.payloads = list(payloads) if payloads is not None else [None] * len(self.rows)
        self.checks = list(checks) if checks is not None else None
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.header)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.header[section] if section < len(self.header) else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, float):
                return f"{value:.3f}"
            return "" if value is None else str(value).replace("\n", " ")
        if role == SORT_ROLE:
            return value if isinstance(value, (int, float)) else ("" if value is None else str(value).lower())
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.CheckStateRole and self.checks is not None and index.column() == 0:
            return Qt.CheckState.Checked if self.checks[index.row()] else Qt.CheckState.Unchecked
        return None

    def flags(self, index):
        base = super().flags(index)
        if self.checks is not None and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if self.checks is not None and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            self.checks[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
            self.dataChanged.emit(index, index, [role])
            return True
        return False

    def text_rows(self) -> list[list[str]]:
        return [[("" if v is None else str(v)) for v in row] for row in self.rows]
