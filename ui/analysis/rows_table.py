"""A sortable table view over a RowsModel: Ctrl+C copies the selected cells as
tab-separated text (pastes into a spreadsheet), double-click reports the row's payload
and column, ``export_csv`` writes the rows through the app's spreadsheet-safe writer."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView

from app.exchange.exports.common import atomic_output
from app.exchange.exports.tabular import write_csv
from ui.analysis.rows_model import SORT_ROLE, RowsModel


class RowsTable(QTableView):
    rowActivated = Signal(object, int)  # payload, source column

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model_ = RowsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model_)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(self._activated)

    def set_rows(self, header, rows, payloads=None, checks=None) -> None:
        self.model_.set_rows(header, rows, payloads, checks)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.resizeColumnsToContents()
        for column in range(self.model_.columnCount()):
            if self.columnWidth(column) > 360:
                self.setColumnWidth(column, 360)

    def _activated(self, proxy_index) -> None:
        source = self.proxy.mapToSource(proxy_index)
        if source.isValid():
            self.rowActivated.emit(self.model_.payloads[source.row()], source.column())

    def selected_text(self) -> str:
        indexes = sorted(self.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return ""
        lines, current, row = [], [], indexes[0].row()
        for index in indexes:
            if index.row() != row:
                lines.append("\t".join(current))
                current, row = [], index.row()
            current.append(str(index.data() or ""))
        lines.append("\t".join(current))
        return "\n".join(lines)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.selected_text())

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)

    def select_payload(self, predicate) -> bool:
        """Select (and show) the first row whose payload satisfies ``predicate``."""
        for row, payload in enumerate(self.model_.payloads):
            if payload is not None and predicate(payload):
                index = self.proxy.mapFromSource(self.model_.index(row, 0))
                self.selectRow(index.row())
                self.scrollTo(index)
                return True
        return False

    def export_csv(self, path: Path) -> int:
        with atomic_output(Path(path)) as tmp:
            write_csv(tmp, self.model_.header, self.model_.rows, raw=False)
        return len(self.model_.rows)
