"""Left pane: the documents table (filter, sort) that also accepts dropped files."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QLineEdit, QMenu, QTableView, QVBoxLayout,
                               QWidget)

from ui.models.document_table_model import DocumentFilterProxy, DocumentTableModel
from ui.models.roles import ID_ROLE
from ui.widgets.column_width import fit_column


class DocumentTable(QTableView):
    filesDropped = Signal(list)  # list[Path]

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.filesDropped.emit(paths)
        else:
            super().dropEvent(event)


class DocumentsPanel(QWidget):
    documentSelected = Signal(int)
    filesDropped = Signal(list)
    renameRequested = Signal(int)  # document id
    editRequested = Signal(int)
    deleteRequested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("documentsPanel")
        self._quiet = False
        self.model = DocumentTableModel(self)
        self.proxy = DocumentFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        title = QLabel("Documents")
        title.setObjectName("paneTitle")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by title or outlet…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = DocumentTable()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 84)
        # the date and count columns are as wide as their longest text, measured from the
        # rows' values when they change, not by Qt asking cells for size hints on every
        # changed count (2,000 cells at Qt's default precision; issue 11, Speed)
        for col in (2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        self._widths_for: tuple[int, int] = (-1, -1)
        self.model.modelReset.connect(self._fit_all_columns)
        self.model.rowsInserted.connect(self._fit_all_columns)
        self.model.dataChanged.connect(self._fit_changed_rows)
        header.setHighlightSections(False)
        self.table.filesDropped.connect(self.filesDropped)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.hint = QLabel("Drop .txt .md .html .docx .pdf files here to import")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def _fit_all_columns(self, *_args) -> None:
        self._fit_columns(range(self.model.rowCount()), grow=False)

    def _fit_changed_rows(self, top, bottom, *_args) -> None:
        self._fit_columns(range(top.row(), bottom.row() + 1), grow=True)  # a count changed: widen only

    def _fit_columns(self, rows: range, grow: bool) -> None:
        """The date and count columns as wide as their longest values."""
        docs = [self.model.document(i) for i in rows]
        chars = (max((len(d.published or "") for d in docs), default=0),
                 max((len(str(d.segments)) for d in docs), default=1))
        if grow:
            chars = (max(chars[0], self._widths_for[0]), max(chars[1], self._widths_for[1]))
        if chars == self._widths_for:
            return
        self._widths_for = chars
        header = self.table.horizontalHeader()
        for col, n in ((2, chars[0]), (3, chars[1])):
            fit_column(self.table, header, col, n, str(self.model.headerData(col, Qt.Orientation.Horizontal) or ""))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # narrow pane: the title matters most; the outlet stays in the filter and tooltip
        self.table.setColumnHidden(1, self.width() < 340)
        self.table.setColumnHidden(2, self.width() < 290)  # narrower still: the date goes too (it is in the tooltip)

    def reload(self, coder_ids: list[int] | None) -> None:
        current = self.current_document_id()
        self.model.reload(coder_ids)
        if current is not None and self.current_document_id() != current:
            self.select_document(current, emit=False)

    def current_document_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_document(self, document_id: int, emit: bool = True) -> bool:
        row = self.model.row_of(document_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._quiet = not emit
        try:
            self.table.setCurrentIndex(index)
        finally:
            self._quiet = False
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current, _previous) -> None:
        if current.isValid() and not self._quiet:
            self.documentSelected.emit(current.data(ID_ROLE))

    def context_menu_for(self, document_id: int) -> QMenu:
        """Rename, edit details, delete: for the document under the mouse."""
        menu = QMenu(self)
        menu.addAction("Rename…").triggered.connect(lambda: self.renameRequested.emit(document_id))
        menu.addAction("Edit Details (Title, Outlet, Author, Date)…").triggered.connect(
            lambda: self.editRequested.emit(document_id))
        menu.addSeparator()
        menu.addAction("Delete Document…").triggered.connect(lambda: self.deleteRequested.emit(document_id))
        return menu

    def _context_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.context_menu_for(index.data(ID_ROLE)).popup(self.table.viewport().mapToGlobal(pos))
