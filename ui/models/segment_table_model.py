"""Segments as a table: document, coded text, code, coder, memo."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.coding import queries
from app.coding.queries import SegmentRow
from ui.models.roles import COLOUR_ROLE, ID_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Document", "Text", "Code", "Coder", "Memo")


def _one_line(text: str, limit: int = 220) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class SegmentTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[SegmentRow] = []

    def reload(self, code_ids: list[int] | None = None, coder_ids: list[int] | None = None,
               document_ids: list[int] | None = None) -> None:
        self.set_rows(queries.segment_rows(code_ids=code_ids, coder_ids=coder_ids, document_ids=document_ids))

    def set_rows(self, rows: list[SegmentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def segment(self, row: int) -> SegmentRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            leaf = row.code_path.rsplit("/", 1)[-1]
            return (row.document_title, _one_line(row.text), leaf, row.coder, _one_line(row.memo, 80))[col]
        if role == SORT_ROLE:
            return (row.document_title.lower(), row.text.lower(), row.code_path.lower(), row.coder.lower(),
                    row.memo.lower())[col]
        if role == Qt.ItemDataRole.ToolTipRole and col in (0, 1, 2, 4):
            return {0: row.document_title, 1: row.text, 2: row.code_path, 4: row.memo or None}[col]
        if role == ID_ROLE:
            return row.id
        if role == COLOUR_ROLE:
            return row.colour
        if role == Qt.ItemDataRole.DecorationRole and col == 2:
            return QColor(row.colour)
        return None
