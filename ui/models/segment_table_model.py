"""Segments as a table: document, coded text, code, coder, memo.

Built for thousands of rows and a change per keystroke:
- rows are the raw tuples of ``queries.segment_tuples`` (no object per row); a row's
  ``SegmentRow`` and its display strings are made only when a view asks for them;
- the model sorts itself (``sort``: one key per row, then C's sort), so no proxy calls
  ``data()`` O(n log n) times; wrap it in ``SegmentSortProxy`` or use it directly;
- once ``track(session)`` is called, each change set updates the rows in place (insert,
  remove or change the rows it touches, never a reset), and ``reload`` with the same
  filters is free. Anything it cannot follow (a renamed code or document, an outside
  change with no rows) makes the next ``reload`` read everything again.
- ``reload(segment_ids=[...])`` lists exactly those segments (the passages behind an
  analysis number), followed the same way: a change to one of them updates its row, a
  removed one goes, new segments never join the list.
"""
from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.coding import queries
from app.coding.codebook import code_paths
from app.coding.queries import SegmentRow
from ui.models.follows_changes import FollowsChangeSets
from ui.models.roles import COLOUR_ROLE, ID_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Document", "Text", "Code", "Coder", "Memo")
# positions in a queries.SEGMENT_COLUMNS tuple
_ID, _DOC, _TITLE, _CODE, _COLOUR, _CODER, _START, _END, _MEMO = 0, 2, 4, 5, 7, 9, 10, 11, 12


def names_changed(changeset, tables=("code", "document", "coder")) -> bool:
    """Did a code, document or coder change or go (what rows show by name)? New ones don't
    touch rows already shown (a new code or coder arrives with the segment that uses it)."""
    return any(c.table in tables and c.before is not None for c in changeset.changes)


def _one_line(text: str, limit: int = 220) -> str:
    flat = " ".join(text[: limit * 4].split()) if len(text) > limit * 4 else " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_ID_CHUNK = 5000  # segment ids per query (well under SQLite's limit on parameters)


def _key_of(ids) -> tuple | None:
    return None if ids is None else tuple(sorted(set(ids)))


class SegmentTableModel(FollowsChangeSets, QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple] = []
        self._sort_keys: list[tuple] = []
        self._row_cache: dict[int, SegmentRow] = {}
        self._texts: dict[int, str] = {}
        self._paths: dict[int, str] = {}
        self._filters: tuple | None = None  # (code ids, coder ids, document ids, segment ids) as loaded
        self._wanted_ids: frozenset[int] = frozenset()
        self._sort_column, self._sort_order = -1, Qt.SortOrder.AscendingOrder
        self.full_loads = 0  # how many times every row was read (tests, benchmarks)

    # -- loading -------------------------------------------------------------------
    def reload(self, code_ids: list[int] | None = None, coder_ids: list[int] | None = None,
               document_ids: list[int] | None = None, segment_ids: list[int] | None = None) -> None:
        """Read the rows matching every filter given (None: no filter of that kind);
        ``segment_ids``: exactly those segments."""
        filters = (_key_of(code_ids), _key_of(coder_ids), _key_of(document_ids), _key_of(segment_ids))
        if self.following() and filters == self._filters:
            return
        if segment_ids is None:
            raw = queries.segment_tuples(code_ids=code_ids, coder_ids=coder_ids, document_ids=document_ids)
        else:
            raw = []
            wanted = filters[3]
            for k in range(0, len(wanted), _ID_CHUNK):
                raw += queries.segment_tuples(code_ids=code_ids, coder_ids=coder_ids, document_ids=document_ids,
                                              segment_ids=list(wanted[k:k + _ID_CHUNK]))
        self._texts = queries.document_texts({r[_DOC] for r in raw})
        self._paths = code_paths()
        self._filters = filters
        self._wanted_ids = frozenset(filters[3] or ())
        self._fresh = True
        self.full_loads += 1
        self.beginResetModel()
        self._row_cache = {}
        self._rows = raw
        self._resort()
        self.endResetModel()

    def set_rows(self, rows: list[SegmentRow]) -> None:
        """Show these rows (not tracked: the next reload reads again)."""
        self.beginResetModel()
        self._texts = {}
        self._paths = {}
        self._row_cache = {}
        self._rows = []
        for r in rows:
            self._rows.append((r.id, r.uuid, r.document_id, r.document_uuid, r.document_title, r.code_id, r.code_uuid,
                               r.colour, r.coder_id, r.coder, r.start, r.end, r.memo, r.created_at, r.modified_at))
            self._row_cache[r.id] = r
            self._paths[r.code_id] = r.code_path
            self._texts.setdefault(r.document_id, "")
        self._filters, self._fresh = None, False
        self._resort()
        self.endResetModel()

    # -- sorting (the model's own: keys once per row) -----------------------------------
    def _text(self, raw: tuple) -> str:
        return self._texts.get(raw[_DOC], "")[raw[_START]:raw[_END]]

    def _sort_key(self, raw: tuple) -> tuple:
        base = (raw[_DOC], raw[_START], raw[_END], raw[_ID])
        col = self._sort_column
        if col < 0:
            return base
        if col == 0:
            value = raw[_TITLE].lower()
        elif col == 1:
            value = self._text(raw).lower()
        elif col == 2:
            value = self._paths.get(raw[_CODE], "").lower()
        elif col == 3:
            value = raw[_CODER].lower()
        else:
            value = (raw[_MEMO] or "").lower()
        return (value,) + base

    def _resort(self) -> None:
        keyed = sorted(((self._sort_key(r), r) for r in self._rows), key=lambda kr: kr[0])
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            keyed.reverse()
        self._sort_keys = [k for k, _ in keyed]
        self._rows = [r for _, r in keyed]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == (self._sort_column, self._sort_order):
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = [r[_ID] for r in self._rows]
        persistent = self.persistentIndexList()
        self._sort_column, self._sort_order = column, order
        self._resort()
        new = {r[_ID]: i for i, r in enumerate(self._rows)}
        for index in persistent:
            if 0 <= index.row() < len(old_ids) and old_ids[index.row()] in new:
                self.changePersistentIndex(index, self.index(new[old_ids[index.row()]], index.column()))
        self.layoutChanged.emit()

    def _position(self, key: tuple) -> int:
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            # keys are in descending order: search the reversed view
            lo, hi = 0, len(self._sort_keys)
            while lo < hi:
                mid = (lo + hi) // 2
                if self._sort_keys[mid] > key:
                    lo = mid + 1
                else:
                    hi = mid
            return lo
        return bisect_right(self._sort_keys, key)

    def _row_index(self, segment_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r[_ID] == segment_id:
                return i
        return -1

    # -- following change sets ------------------------------------------------------------
    def apply_changeset(self, changeset) -> None:
        if not self.following():
            return
        if getattr(changeset, "outside", False) and not changeset.changes:
            self._fresh = False
            return
        if not changeset.tables & {"segment", "code", "document", "coder"}:
            return
        if names_changed(changeset):
            self._fresh = False  # a code, document or coder changed: names in every row
            return
        ids = {c.uuid: c for c in changeset.changes if c.table == "segment"}
        touched = []
        for change in ids.values():
            row = change.after or change.before
            touched.append(row.get("id"))
            existing = self._row_index(row.get("id")) if row.get("id") is not None else -1
            if existing >= 0:
                self.beginRemoveRows(QModelIndex(), existing, existing)
                del self._rows[existing]
                del self._sort_keys[existing]
                self._row_cache.pop(row.get("id"), None)
                self.endRemoveRows()
        wanted = [c.after["id"] for c in ids.values() if c.after is not None and self._matches(c.after)]
        if not wanted:
            return
        code_ids, coder_ids, _docs, _ids = self._filters
        fresh = queries.segment_tuples(coder_ids=list(coder_ids) if coder_ids is not None else None,
                                       segment_ids=wanted)
        missing = {r[_DOC] for r in fresh} - self._texts.keys()
        if missing:
            self._texts.update(queries.document_texts(missing))
        if any(r[_CODE] not in self._paths for r in fresh):
            self._paths = code_paths()
        for raw in fresh:
            if self._row_index(raw[_ID]) >= 0:
                continue
            key = self._sort_key(raw)
            at = self._position(key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, raw)
            self._sort_keys.insert(at, key)
            self.endInsertRows()

    def _matches(self, after: dict) -> bool:
        code_ids, coder_ids, document_ids, segment_ids = self._filters
        return ((code_ids is None or after.get("code") in code_ids)
                and (coder_ids is None or after.get("coder") in coder_ids)
                and (document_ids is None or after.get("document") in document_ids)
                and (segment_ids is None or after.get("id") in self._wanted_ids))

    # -- rows -------------------------------------------------------------------------------
    def segment(self, row: int) -> SegmentRow:
        raw = self._rows[row]
        found = self._row_cache.get(raw[_ID])
        if found is None:
            found = queries.segment_row(raw, self._texts.get(raw[_DOC], ""), self._paths.get(raw[_CODE], ""))
            self._row_cache[raw[_ID]] = found
        return found

    def row_of(self, segment_id: int) -> int:
        return self._row_index(segment_id)

    def segment_ids(self) -> list[int]:
        return [r[_ID] for r in self._rows]

    # -- QAbstractTableModel ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row_number = index.row()
        if not (0 <= row_number < len(self._rows)):
            return None
        raw, col = self._rows[row_number], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return raw[_TITLE]
            if col == 1:
                return _one_line(self._text(raw))
            if col == 2:
                return self._paths.get(raw[_CODE], "").rsplit("/", 1)[-1]
            if col == 3:
                return raw[_CODER]
            return _one_line(raw[_MEMO] or "", 80)
        if role == ID_ROLE:
            return raw[_ID]
        if role == COLOUR_ROLE:
            return raw[_COLOUR]
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(raw[_COLOUR]) if col == 2 else None
        if role == SORT_ROLE:
            return self._sort_value(raw, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (0, 1, 2, 4):
            if col == 0:
                return raw[_TITLE]
            if col == 1:
                return self._text(raw)
            if col == 2:
                return self._paths.get(raw[_CODE], "")
            return raw[_MEMO] or None
        return None

    def _sort_value(self, raw: tuple, col: int):
        return (raw[_TITLE].lower(), self._text(raw).lower(), self._paths.get(raw[_CODE], "").lower(),
                raw[_CODER].lower(), (raw[_MEMO] or "").lower())[col]
