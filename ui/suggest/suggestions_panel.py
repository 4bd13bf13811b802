"""The Suggestions tab: for the code selected in the codebook, the uncoded sentences (or
paragraphs) most like its segments. A accepts (codes the passage; undoable like any
coding), D dismisses (never suggested for that code again; undoable). Computed on this
machine only, when the tab is shown, and again after the coding changes."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from app.errors import ChorusError
from app.suggest import suggest
from app.analysis.units import UNITS
from ui.project_session import Changed, ProjectSession
from ui.suggest.suggestion_table_model import SuggestionTableModel

TOP = 30


class SuggestionsPanel(QWidget):
    passageActivated = Signal(int, int, int)  # document id, start, end (code points)
    message = Signal(str)

    def __init__(self, session: ProjectSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.code_id: int | None = None
        self._stale = True
        self.model = SuggestionTableModel(self)
        self.caption = QLabel("Select a code to see passages like its segments.")
        self.caption.setObjectName("paneCaption")
        self.caption.setWordWrap(True)
        self.unit = QComboBox()
        self.unit.addItems(list(UNITS))
        self.unit.setToolTip("Suggest whole sentences or whole paragraphs")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.resizeSection(0, 52)
        header.resizeSection(1, 170)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.accept_button = QPushButton("Accept (A)")
        self.dismiss_button = QPushButton("Dismiss (D)")
        self.accept_button.setObjectName("acceptSuggestion")
        self.dismiss_button.setObjectName("dismissSuggestion")
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.unit)
        top.addWidget(self.accept_button)
        top.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        for key, slot in (("A", self.accept_current), ("D", self.dismiss_current)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.accept_button.clicked.connect(self.accept_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.unit.currentTextChanged.connect(lambda _t: self._invalidate())
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        session.changed.connect(self._project_changed)
        self._sync_buttons()

    # -- what to show ------------------------------------------------------------------
    def set_code(self, code_id: int | None) -> None:
        if code_id != self.code_id:
            self.code_id = code_id
            self._invalidate()

    def _project_changed(self, flags: int) -> None:
        if Changed(flags) & (Changed.SEGMENTS | Changed.DOCUMENTS | Changed.CODES | Changed.SETTINGS
                              | Changed.SUGGESTIONS):
            self._invalidate()

    def _invalidate(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        if self.code_id is None:
            self.model.set_suggestions([])
            self.caption.setText("Select a code to see passages like its segments.")
            self._sync_buttons()
            return
        try:
            rows = suggest.suggest_for_code(self.session.project, self.code_id, unit=self.unit.currentText(),
                                            top=TOP)
        except ChorusError as exc:
            rows = []
            self.caption.setText(str(exc))
        else:
            self.caption.setText(f"{len(rows)} passage{'s' if len(rows) != 1 else ''} like this code's segments "
                                 "(computed here; nothing leaves this machine)")
        self.model.set_suggestions(rows)
        if rows:
            self.table.selectRow(0)
        self._sync_buttons()

    # -- acting on the current suggestion ------------------------------------------------------
    def _current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def accept_current(self) -> None:
        self._act(suggest.accept, "Accepted")

    def dismiss_current(self) -> None:
        self._act(suggest.dismiss, "Dismissed")

    def _act(self, action, verb: str) -> None:
        row = self._current_row()
        s = self.model.suggestion(row)
        if s is None or self.code_id is None:
            return
        kwargs = {"engine": s.engine}
        if action is suggest.accept:
            kwargs["score"] = s.score
        try:
            self.session.perform(action, self.session.project, self.code_id, s.document_id, s.start, s.end, **kwargs)
        except ChorusError as exc:
            self.message.emit(f"Not saved: {exc}")
            return
        # the change refreshes the list; keep the reviewer at the same place in it
        self.message.emit(f"{verb} suggestion in {s.document_title[:40]} [{s.start}:{s.end}]")
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))

    def _show_current(self, current, _previous) -> None:
        s = self.model.suggestion(current.row()) if current.isValid() else None
        if s is not None:
            self.passageActivated.emit(s.document_id, s.start, s.end)
        self._sync_buttons()

    def _activated(self, index) -> None:
        s = self.model.suggestion(index.row())
        if s is not None:
            self.passageActivated.emit(s.document_id, s.start, s.end)

    def _sync_buttons(self) -> None:
        has = self.model.suggestion(self._current_row()) is not None
        self.accept_button.setEnabled(has)
        self.dismiss_button.setEnabled(has)
