"""Documents as a table: title, outlet, date, number of segments."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.coding import queries
from app.coding.queries import DocumentRow
from ui.models.roles import ID_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Title", "Outlet", "Date", "#")


class DocumentTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[DocumentRow] = []

    def reload(self, coder_ids: list[int] | None = None) -> None:
        """One query for all documents (segment counts restricted to ``coder_ids``)."""
        self.set_rows(queries.document_rows(coder_ids))

    def set_rows(self, rows: list[DocumentRow]) -> None:
        """Replace the rows; when the same documents are listed, update them in place."""
        if rows and [r.id for r in rows] == [r.id for r in self._rows]:
            changed = [i for i, (old, new) in enumerate(zip(self._rows, rows)) if old != new]
            self._rows = list(rows)
            for i in changed:  # usually one row: a count went up or down
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, document_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == document_id:
                return i
        return -1

    def document(self, row: int) -> DocumentRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == 3:
                return "Number of coded segments"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.source or "", row.published or "", str(row.segments))[col]
        if role == SORT_ROLE:
            return (row.title.lower(), (row.source or "").lower(), row.published or "", row.segments)[col]
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.title, " · ".join(p for p in (row.source, row.author) if p), f"{row.char_count:,} characters"]
            return "\n".join(p for p in parts if p)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DocumentFilterProxy(QSortFilterProxyModel):
    """Case-insensitive filter over title and outlet; sorts by SORT_ROLE."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
