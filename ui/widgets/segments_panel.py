"""Bottom pane: the segments of the current selection (the selected code across the
corpus, or the open document), with the selected segment's memo rendered."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from ui.models.roles import SORT_ROLE
from ui.models.segment_table_model import SegmentTableModel
from ui.widgets.markdown_view import MarkdownView


class SegmentsPanel(QWidget):
    segmentActivated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = SegmentTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.caption = QLabel("Segments")
        self.caption.setObjectName("paneCaption")
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for col, width in ((0, 170), (2, 130), (3, 52), (4, 110)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._show_memo)
        self.memo = MarkdownView(placeholder="The selected segment's memo appears here.")
        self.memo.setObjectName("segmentMemo")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.memo)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 170])
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def reload(self, code_ids, coder_ids, document_ids, caption: str) -> None:
        self.model.reload(code_ids=code_ids, coder_ids=coder_ids, document_ids=document_ids)
        # one document: its title in every row says nothing; across the corpus it matters
        self.table.setColumnHidden(0, document_ids is not None and len(document_ids) == 1)
        self.caption.setText(f"{caption} · {self.model.rowCount()} segment{'s' if self.model.rowCount() != 1 else ''}")
        self._show_memo(self.table.currentIndex(), None)

    def _row(self, proxy_index):
        if not proxy_index.isValid():
            return None
        return self.model.segment(self.proxy.mapToSource(proxy_index).row())

    def _show_memo(self, current, _previous) -> None:
        row = self._row(current)
        self.memo.set_markdown(row.memo if row else "")

    def _activated(self, index) -> None:
        row = self._row(index)
        if row is not None:
            self.segmentActivated.emit(row.document_id, row.start, row.end)
