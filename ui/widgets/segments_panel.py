"""Bottom pane: the segments of the current selection (the selected code across the
corpus, or the open document), with the selected segment's memo rendered.

Filters above the table: include sub-codes (a parent code lists its children's
segments too), one coder, one document. The table takes several rows at once
(Ctrl/Shift+click); its context menu edits the memo, uncodes, recodes or opens the
segment in the reader.

``show_exact(segment_ids, caption)`` lists exactly those segments (the passages behind a
number in the Analysis window). That list stays, following changes to its segments,
while the window refreshes or documents are opened; the ordinary list returns when the
user picks a code (``leave_exact``), changes a filter or clicks the caption's ×.
"""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMenu,
                               QSizePolicy, QSplitter, QTableView, QToolButton, QVBoxLayout, QWidget)

from ui.models.roles import SORT_ROLE
from ui.models.segment_sort_proxy import SegmentSortProxy
from ui.models.segment_table_model import SegmentTableModel
from ui.widgets.markdown_view import MarkdownView
from ui.widgets.reader_pane import ElidedLabel
from ui.widgets.swatch_delegate import SwatchDelegate

ALL = -1


class SegmentsPanel(QWidget):
    segmentActivated = Signal(int, int, int)  # document id, start, end (code points)
    filtersChanged = Signal()
    memoRequested = Signal(int)  # segment id
    uncodeRequested = Signal(list)  # segment ids
    recodeRequested = Signal(list)  # segment ids

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = SegmentTableModel(self)
        self.proxy = SegmentSortProxy(self)  # the model sorts itself (one key per row)
        self.proxy.setSourceModel(self.model)
        self.caption = ElidedLabel("Segments")
        self.caption.setObjectName("paneCaption")
        self.include_sub = QCheckBox("Sub-codes")
        self.include_sub.setObjectName("includeSubcodes")
        self.include_sub.setToolTip("A parent code lists its sub-codes' segments too")
        self.include_sub.setChecked(True)
        self.coder_filter = QComboBox()
        self.coder_filter.setObjectName("segmentCoderFilter")
        self.coder_filter.setToolTip("Only this coder's segments")
        self.doc_filter = QComboBox()
        self.doc_filter.setObjectName("segmentDocumentFilter")
        self.doc_filter.setToolTip("Only this document's segments (when a code is selected)")
        self.doc_filter.setMaximumWidth(170)
        self.doc_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.doc_filter.setMinimumContentsLength(8)
        self.coder_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.coder_filter.setMinimumContentsLength(6)
        self.coder_filter.setMaximumWidth(140)
        self.set_coders([])
        self.set_documents([])
        self.include_sub.toggled.connect(lambda _on: self._filter_changed())
        self.coder_filter.currentIndexChanged.connect(lambda _i: self._filter_changed())
        self.doc_filter.currentIndexChanged.connect(lambda _i: self._filter_changed())
        self.leave_button = QToolButton()
        self.leave_button.setObjectName("segmentsLeaveExact")
        self.leave_button.setText("×")
        self.leave_button.setToolTip("Back to the segments of the selected code or document")
        self.leave_button.setAutoRaise(True)
        self.leave_button.hide()
        self.leave_button.clicked.connect(self.leave_exact)
        self._exact: tuple | None = None  # (segment ids, coder ids, caption) while an exact list is shown
        self._ordinary: tuple | None = None  # the last ordinary reload asked for
        self.table = QTableView()
        self.table.setObjectName("segmentsTable")
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(SwatchDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        header = self.table.horizontalHeader()
        for col, width in ((0, 170), (2, 170), (3, 60), (4, 110)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._show_memo)
        self.memo = MarkdownView(placeholder="Segment memo (Ctrl+Shift+M)")
        self.memo.setObjectName("segmentMemo")
        self.memo.setMinimumWidth(120)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.memo)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 170])
        split.setChildrenCollapsible(False)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.leave_button)
        top.addWidget(self.include_sub)
        top.addWidget(self.coder_filter)
        top.addWidget(self.doc_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    # -- filters ---------------------------------------------------------------------------
    def set_coders(self, coders: list[tuple[int, str]]) -> None:
        self._refill(self.coder_filter, "All coders", coders)

    def set_documents(self, docs: list[tuple[int, str]]) -> None:
        self._refill(self.doc_filter, "All documents", docs)

    @staticmethod
    def _refill(combo: QComboBox, everything: str, items: list[tuple[int, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, ALL)
        for item_id, name in items:
            combo.addItem(name, item_id)
            combo.setItemData(combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def coder_id(self) -> int | None:
        value = self.coder_filter.currentData()
        return None if value in (None, ALL) else int(value)

    def document_id(self) -> int | None:
        value = self.doc_filter.currentData()
        return None if value in (None, ALL) else int(value)

    def includes_subcodes(self) -> bool:
        return self.include_sub.isChecked()

    def set_code_mode(self, on: bool) -> None:
        """The document filter applies to a code's segments across the corpus."""
        self.doc_filter.setVisible(on)
        self.include_sub.setVisible(on)

    # -- rows -------------------------------------------------------------------------------
    def reload(self, code_ids, coder_ids, document_ids, caption: str) -> None:
        """The ordinary list (a code's or a document's segments). While an exact list is
        shown it is remembered for later and the exact list is brought up to date instead."""
        self._ordinary = (code_ids, coder_ids, document_ids, caption)
        if self._exact is not None:
            self._load_exact()
            return
        self.model.reload(code_ids=code_ids, coder_ids=coder_ids, document_ids=document_ids)
        # one document: its title in every row says nothing; across the corpus it matters
        self.table.setColumnHidden(0, document_ids is not None and len(document_ids) == 1)
        self._set_caption(caption)

    def show_exact(self, segment_ids, coder_ids, caption: str) -> None:
        """List exactly these segments (of them, only those of ``coder_ids``, None: all)."""
        self._exact = (list(segment_ids), coder_ids, caption)
        self._load_exact()

    def show_list(self, code_ids, coder_ids, document_ids, caption: str) -> None:
        """An ordinary list asked for from outside (not a refresh): leaves an exact list."""
        self._drop_exact()
        self.reload(code_ids, coder_ids, document_ids, caption)

    def showing_exact(self) -> bool:
        return self._exact is not None

    def leave_exact(self, *_args) -> None:
        """Back to the ordinary list (the user picked a code, or clicked ×)."""
        if self._drop_exact() and self._ordinary is not None:
            self.reload(*self._ordinary)

    def _drop_exact(self) -> bool:
        was = self._exact is not None
        self._exact = None
        self.leave_button.hide()
        return was

    def _load_exact(self) -> None:
        ids, coder_ids, caption = self._exact
        self.model.reload(coder_ids=coder_ids, segment_ids=ids)
        self.table.setColumnHidden(0, False)
        self.leave_button.show()
        self._set_caption(caption)

    def _filter_changed(self) -> None:
        self._drop_exact()  # the user asks for the ordinary list, filtered: reloaded by the window
        self.filtersChanged.emit()

    def _set_caption(self, caption: str) -> None:
        n = self.model.rowCount()
        self.caption.set_full_text(f"{caption} · {n} segment{'s' if n != 1 else ''}")
        self._show_memo(self.table.currentIndex(), None)

    def _row(self, proxy_index):
        if not proxy_index.isValid():
            return None
        return self.model.segment(self.proxy.mapToSource(proxy_index).row())

    def selected_rows(self) -> list:
        rows = [self._row(i) for i in self.table.selectionModel().selectedRows()]
        return [r for r in rows if r is not None]

    def _show_memo(self, current, _previous) -> None:
        row = self._row(current)
        self.memo.set_markdown(row.memo if row else "")

    def _activated(self, index) -> None:
        row = self._row(index)
        if row is not None:
            self.segmentActivated.emit(row.document_id, row.start, row.end)

    # -- context menu ------------------------------------------------------------------------
    def context_menu_for(self, rows: list) -> QMenu:
        menu = QMenu(self)
        ids = [r.id for r in rows]
        n = len(rows)
        first = rows[0] if rows else None
        open_action = menu.addAction("Open in Reader")
        open_action.setEnabled(n == 1)
        if first is not None:
            open_action.triggered.connect(lambda: self.segmentActivated.emit(first.document_id, first.start, first.end))
        memo = menu.addAction("Edit Memo…")
        memo.setEnabled(n == 1)
        if first is not None:
            memo.triggered.connect(lambda: self.memoRequested.emit(first.id))
        menu.addSeparator()
        word = "Segment" if n == 1 else f"{n} Segments"
        menu.addAction(f"Recode {word} As…").triggered.connect(lambda: self.recodeRequested.emit(ids))
        menu.addAction(f"Uncode {word}").triggered.connect(lambda: self.uncodeRequested.emit(ids))
        for action in menu.actions()[2:]:
            action.setEnabled(n > 0 and action.isEnabled())
        return menu

    def _context_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            self.table.selectRow(index.row())
        rows = self.selected_rows()
        if rows:
            self.context_menu_for(rows).popup(self.table.viewport().mapToGlobal(pos))
