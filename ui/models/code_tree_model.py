"""The codebook as a tree: name (with colour swatch) and segment count per code.

Codes can be dragged (mime type CODE_MIME carries the code id): onto another code to
move it there (``moveRequested``), or onto the reader to code the selection.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from app.coding import queries
from app.coding.queries import CodeRow
from ui.models.follows_changes import FollowsChangeSets
from ui.models.roles import CODE_MIME, COLOUR_ROLE, ID_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Code", "#")


class CodeTreeModel(FollowsChangeSets, QAbstractItemModel):
    """Coding updates only the counts of the codes it touched (one small query)."""

    moveRequested = Signal(int, int)  # code id, new parent id (-1: top level)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: dict[int, CodeRow] = {}
        self._children: dict[int | None, list[int]] = {None: []}
        self._row_in_parent: dict[int, int] = {}
        self._coders: tuple | None | bool = False  # the coder filter the counts are for
        self.full_loads = 0

    # -- loading -----------------------------------------------------------------
    def is_current(self, coder_ids: list[int] | None = None) -> bool:
        """True when ``reload(coder_ids)`` would change nothing (the change sets kept it)."""
        coders = None if coder_ids is None else tuple(sorted(set(coder_ids)))
        return self.following() and coders == self._coders

    def reload(self, coder_ids: list[int] | None = None) -> None:
        coders = None if coder_ids is None else tuple(sorted(set(coder_ids)))
        if self.is_current(coder_ids):
            return
        self.set_rows(queries.code_rows(coder_ids))
        self._coders, self._fresh = coders, True
        self.full_loads += 1

    def apply_changeset(self, changeset) -> None:
        if not self._fresh:
            return
        if (getattr(changeset, "outside", False) and not changeset.changes) or "code" in changeset.tables:
            self._fresh = False
            return
        coders = self._coders
        codes = set()
        for change in changeset.changes:
            if change.table != "segment":
                continue
            for row in (change.before, change.after):
                if row is not None and (coders is None or row.get("coder") in coders):
                    codes.add(row.get("code"))
        codes = {c for c in codes if c in self._rows}
        if not codes:
            return
        stats = queries.code_stats(codes, None if coders is None else list(coders))
        for code_id, (segments, documents, n_coders) in stats.items():
            old = self._rows[code_id]
            if (old.segments, old.documents, old.coders) != (segments, documents, n_coders):
                self._rows[code_id] = replace(old, segments=segments, documents=documents, coders=n_coders)
                self.dataChanged.emit(self.index_of(code_id, 0), self.index_of(code_id, len(COLUMNS) - 1))

    def set_rows(self, rows: list[CodeRow]) -> None:
        """Replace the rows; when only counts/colours/texts changed, update in place."""
        self._fresh = False
        structure = [(r.id, r.parent_id, r.name) for r in rows]
        current = [(r.id, r.parent_id, r.name) for r in self.rows_in_order()]
        if structure == current and rows:
            self._rows = {r.id: r for r in rows}
            self._emit_all_changed(None)
            return
        self.beginResetModel()
        self._rows = {r.id: r for r in rows}
        self._children = {None: []}
        for r in rows:  # tree order: parents first, siblings in order
            parent = r.parent_id if r.parent_id in self._rows else None
            self._children.setdefault(parent, []).append(r.id)
            self._row_in_parent[r.id] = len(self._children[parent]) - 1
        self.endResetModel()

    def _emit_all_changed(self, parent_id: int | None) -> None:
        kids = self._children.get(parent_id, [])
        if not kids:
            return
        parent_index = QModelIndex() if parent_id is None else self.index_of(parent_id)
        self.dataChanged.emit(self.index(0, 0, parent_index), self.index(len(kids) - 1, len(COLUMNS) - 1, parent_index))
        for kid in kids:
            self._emit_all_changed(kid)

    def rows_in_order(self) -> list[CodeRow]:
        out: list[CodeRow] = []

        def walk(parent):
            for cid in self._children.get(parent, []):
                out.append(self._rows[cid])
                walk(cid)

        walk(None)
        return out

    def code(self, code_id: int) -> CodeRow | None:
        return self._rows.get(code_id)

    def code_at(self, index: Index) -> CodeRow | None:
        return self._rows.get(index.internalId()) if index.isValid() else None

    def index_of(self, code_id: int, column: int = 0) -> QModelIndex:
        if code_id not in self._rows:
            return QModelIndex()
        return self.createIndex(self._row_in_parent[code_id], column, code_id)

    def _parent_id(self, code_id: int) -> int | None:
        parent = self._rows[code_id].parent_id
        return parent if parent in self._rows else None

    # -- QAbstractItemModel ---------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        parent_id = parent.internalId() if parent.isValid() else None
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        kids = self._children.get(parent_id, [])
        if not (0 <= row < len(kids)) or not (0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # noqa: A003 (Qt API)
        if not index.isValid():
            return QModelIndex()
        parent_id = self._parent_id(index.internalId())
        return QModelIndex() if parent_id is None else self.index_of(parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else None, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.code_at(index)
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name if col == 0 else (str(row.segments) if row.segments else "")
        if role == Qt.ItemDataRole.EditRole:
            return row.name if col == 0 else row.segments
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(row.colour)
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return f"{row.segments} segments"
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = row.path
            if row.description:
                tip += f"\n{row.description}"
            return tip + f"\n{row.segments} segments in {row.documents} documents by {row.coders} coders"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        if role == COLOUR_ROLE:
            return row.colour
        if role == SORT_ROLE:
            return row.name.lower() if col == 0 else row.segments
        return None

    # -- drag and drop ---------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        ids = [i.internalId() for i in indexes if i.isValid() and i.column() == 0]
        if ids:
            mime.setData(CODE_MIME, QByteArray(str(ids[0]).encode("ascii")))
            mime.setText(self._rows[ids[0]].path)
        return mime

    def canDropMimeData(self, data: QMimeData, action, row: int, column: int, parent: Index) -> bool:
        return data is not None and data.hasFormat(CODE_MIME)

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent: Index) -> bool:
        code_id = code_id_from_mime(data)
        if code_id is None:
            return False
        target = parent.internalId() if parent.isValid() else -1
        if target != code_id:
            self.moveRequested.emit(code_id, target)
        return False  # the move happens in the project; the model reloads from there


def code_id_from_mime(data: QMimeData | None) -> int | None:
    if data is None or not data.hasFormat(CODE_MIME):
        return None
    raw = bytes(data.data(CODE_MIME)).decode("ascii", "replace").strip()
    return int(raw) if raw.isdigit() else None
