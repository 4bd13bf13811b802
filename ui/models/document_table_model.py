"""Documents as a table: title, outlet, date, number of segments."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.coding import queries
from app.coding.queries import DocumentRow
from ui.models.follows_changes import FollowsChangeSets
from ui.models.roles import ID_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Title", "Outlet", "Date", "#")
COUNT_COLUMN = 3


class DocumentTableModel(FollowsChangeSets, QAbstractTableModel):
    """Once ``track(session)`` is called, coding updates only the counts of the documents
    a change set touched (one small query), and ``reload`` with the same coders is free;
    a change to documents themselves makes the next ``reload`` read them all again."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[DocumentRow] = []
        self._index: dict[int, int] = {}
        self._coders: tuple | None | bool = False  # the coder filter the counts are for
        self.full_loads = 0

    def reload(self, coder_ids: list[int] | None = None) -> None:
        """One query for all documents (segment counts restricted to ``coder_ids``)."""
        coders = None if coder_ids is None else tuple(sorted(set(coder_ids)))
        if self.following() and coders == self._coders:
            return
        self.set_rows(queries.document_rows(coder_ids))
        self._coders, self._fresh = coders, True
        self.full_loads += 1

    def apply_changeset(self, changeset) -> None:
        """Counts from the change set: only the documents whose segments changed."""
        if not self._fresh:
            return
        if (getattr(changeset, "outside", False) and not changeset.changes) or "document" in changeset.tables:
            self._fresh = False
            return
        coders = self._coders
        delta: dict[int, int] = {}  # exact, from the rows themselves: no query
        for change in changeset.changes:
            if change.table != "segment":
                continue
            for row, sign in ((change.before, -1), (change.after, 1)):
                if row is not None and (coders is None or row.get("coder") in coders):
                    delta[row.get("document")] = delta.get(row.get("document"), 0) + sign
        for doc_id, step in delta.items():
            i = self._index.get(doc_id)
            if i is None or not step:
                continue
            self._rows[i] = replace(self._rows[i], segments=max(0, self._rows[i].segments + step))
            # only the count cell: a proxy sorted by another column need not re-sort
            self.dataChanged.emit(self.index(i, COUNT_COLUMN), self.index(i, COUNT_COLUMN))

    def set_rows(self, rows: list[DocumentRow]) -> None:
        """Replace the rows; when the same documents are listed, update them in place."""
        self._fresh = False
        if rows and [r.id for r in rows] == [r.id for r in self._rows]:
            changed = [i for i, (old, new) in enumerate(zip(self._rows, rows)) if old != new]
            self._rows = list(rows)
            for i in changed:  # usually one row: a count went up or down
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._index = {r.id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def row_of(self, document_id: int) -> int:
        return self._index.get(document_id, -1)

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
