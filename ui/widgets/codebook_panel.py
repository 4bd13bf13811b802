"""Right pane: the codebook tree (colour swatches, counts, drag to move or to code)
above the selected code's codebook entry, rendered from markdown."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QMenu, QSplitter, QToolBar,
                               QTreeView, QVBoxLayout, QWidget)

from ui.actions import ActionId, ActionRegistry
from ui.models.code_tree_model import CodeTreeModel
from app.team.review.adjudicate import decisions_for_code
from ui.widgets.code_edit_dialog import code_entry_markdown, decisions_markdown
from ui.widgets.column_width import fit_column
from ui.widgets.markdown_view import MarkdownView
from ui.widgets.swatch_delegate import SwatchDelegate


class CodebookPanel(QWidget):
    codeSelected = Signal(int)  # -1: none
    codeActivated = Signal(int)  # double-click: apply to the selection
    pinRequested = Signal(int, int)  # number key 1-9, code id
    unpinRequested = Signal(int)  # code id

    def __init__(self, actions: ActionRegistry, parent=None):
        super().__init__(parent)
        self.setObjectName("codebookPanel")
        self._actions = actions
        self.model = CodeTreeModel(self)
        title = QLabel("Codebook")
        title.setObjectName("paneTitle")
        bar = QToolBar()
        bar.setIconSize(QSize(16, 16))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setObjectName("paneToolbar")
        for action_id in (ActionId.NEW_CODE, ActionId.NEW_SUBCODE, ActionId.EDIT_CODE):
            bar.addAction(actions[action_id])
        self.tree = QTreeView()
        self.tree.setObjectName("codeTree")
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(SwatchDelegate(self.tree))  # a selected row keeps its swatch's colour
        self.tree.setHeaderHidden(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAnimated(False)
        self.tree.setIndentation(16)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # the count column is as wide as its widest number: measured from the counts, not
        # by Qt asking every row for its size hint on each changed count (issue 11, Speed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self._count_digits = 0
        self.model.modelReset.connect(self._fit_count_column)
        self.model.dataChanged.connect(self._fit_count_column)
        self.model.rowsInserted.connect(self._fit_count_column)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.details = MarkdownView(placeholder="Select a code to see its definition, when to use it, and an example.")
        self.details.setObjectName("codeDetails")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([420, 240])
        split.setChildrenCollapsible(False)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(bar)
        layout.addWidget(split, 1)
        self._expanded: set[int] = set()
        self._details_row = False  # the code row the details pane shows (False: not shown yet)
        self._first_load = True
        self.pinned_keys = lambda: {}  # key -> code id; the window sets the real source
        self.keys_now = lambda: []  # the code id on each key 1-9 (None: free)

    # -- loading, keeping expansion and selection ----------------------------------------
    def _fit_count_column(self, *_args) -> None:
        digits = max((len(str(r.segments)) for r in self.model.rows_in_order()), default=1)
        if digits == self._count_digits:
            return
        self._count_digits = digits
        fit_column(self.tree, self.tree.header(), 1, digits, "#", padding=18, title_padding=18)

    def reload(self, coder_ids: list[int] | None) -> None:
        if self.model.is_current(coder_ids):
            self._show_details(if_changed=True)  # counts came in by the change set
            return
        current = self.current_code_id()
        self._remember_expanded()
        self.model.reload(coder_ids)
        if self._first_load:
            self.tree.expandAll()
            self._first_load = False
        else:
            for code_id in self._expanded:
                self.tree.expand(self.model.index_of(code_id))
        if current is not None:
            self.select_code(current)
        self._show_details()

    def _remember_expanded(self) -> None:
        self._expanded = {row.id for row in self.model.rows_in_order() if self.tree.isExpanded(self.model.index_of(row.id))}

    def current_code_id(self) -> int | None:
        row = self.model.code_at(self.tree.currentIndex())
        return row.id if row else None

    def select_code(self, code_id: int) -> None:
        index = self.model.index_of(code_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _current_changed(self, current, _previous) -> None:
        self._show_details()
        row = self.model.code_at(current)
        self.codeSelected.emit(row.id if row else -1)

    def _show_details(self, if_changed: bool = False) -> None:
        row = self.model.code_at(self.tree.currentIndex())
        if if_changed and row == self._details_row:
            return
        self._details_row = row
        if row is None:
            self.details.set_markdown("")
            return
        self.details.set_markdown(code_entry_markdown(row) + decisions_markdown(decisions_for_code(row.id)))

    def show_details(self) -> None:
        """Re-render the selected code's entry (after review decisions change)."""
        self._show_details()

    def _double_clicked(self, index) -> None:
        row = self.model.code_at(index)
        if row is not None:
            self.codeActivated.emit(row.id)

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        a = self._actions
        for action_id in (ActionId.NEW_CODE, ActionId.NEW_SUBCODE, None, ActionId.RENAME_CODE,
                          ActionId.RECOLOUR_CODE, ActionId.EDIT_CODE, None, ActionId.MERGE_CODE, ActionId.DELETE_CODE):
            if action_id is None:
                menu.addSeparator()
            else:
                menu.addAction(a[action_id])
        row = self.model.code_at(self.tree.indexAt(pos)) or self.model.code_at(self.tree.currentIndex())
        if row is not None:
            self.add_pin_menu(menu, row)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def add_pin_menu(self, menu: QMenu, row) -> QMenu:
        """"Pin to key" 1-9 (showing what each key holds now) and "Unpin"."""
        menu.addSeparator()
        pinned = self.pinned_keys()
        on_keys = list(self.keys_now()) + [None] * 9
        sub = menu.addMenu(f"Pin “{row.name}” to Key")
        sub.setObjectName("pinMenu")
        for key in range(1, 10):
            holder_id = pinned.get(key, on_keys[key - 1])
            holder = self.model.code(holder_id) if holder_id is not None else None
            label = f"Pin to key {key}" + (f"  (now {holder.name}{', pinned' if key in pinned else ''})"
                                           if holder and holder.id != row.id else "")
            action = sub.addAction(label)
            action.setCheckable(True)
            action.setChecked(pinned.get(key) == row.id)
            action.triggered.connect(lambda _c=False, k=key, cid=row.id: self.pinRequested.emit(k, cid))
        if row.id in pinned.values():
            sub.addSeparator()
            sub.addAction("Unpin").triggered.connect(lambda _c=False, cid=row.id: self.unpinRequested.emit(cid))
        return sub
