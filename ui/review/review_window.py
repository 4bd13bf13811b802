"""The Review window: one document's coders side by side, disagreements marked.

Keys: J or F8 next item, K or Shift+F8 previous, N next open item. Each decision is one
undoable change (through the session's undo stack when opened with a ProjectSession).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QMainWindow, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from app.team import blind
from app.errors import ChorusError
from app.team.review import adjudicate
from app.team.review.items import review_items
from app.team.review.lanes import code_choices, document_choices, document_view
from ui.review.agreement_panel import AgreementPanel
from ui.review.item_panel import ItemPanel
from ui.review.lanes_view import LanesView


class ReviewWindow(QMainWindow):
    def __init__(self, session_or_project, parent=None):
        super().__init__(parent)
        self.session = session_or_project if hasattr(session_or_project, "perform") else None
        self.project = session_or_project.project if self.session else session_or_project
        self.setWindowTitle("Review — Chorus")
        self.items, self.index, self.view = [], 0, None
        self.doc_combo = QComboBox()
        self.doc_combo.setObjectName("reviewDocument")
        self.prev_button, self.next_button = QPushButton("◀ Previous (K)"), QPushButton("Next (J) ▶")
        self.unanimous_button = QPushButton("Accept unanimous")
        self.unanimous_button.setObjectName("acceptUnanimous")
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        self.lanes = LanesView()
        self.panel = ItemPanel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Document"))
        top.addWidget(self.doc_combo, 1)
        for widget in (self.prev_button, self.next_button, self.unanimous_button):
            top.addWidget(widget)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.lanes)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.status)
        self.agreement = AgreementPanel(self.project)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewTabs")
        self.tabs.addTab(body, "Review Items")
        self.tabs.addTab(self.agreement, "Agreement")
        self.tabs.currentChanged.connect(lambda i: self.agreement.recompute() if self.tabs.widget(i) is self.agreement
                                         else None)
        self.setCentralWidget(self.tabs)
        self.resize(980, 640)
        self.doc_combo.currentIndexChanged.connect(lambda _: self.load_document())
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.unanimous_button.clicked.connect(self.accept_unanimous)
        self.lanes.itemClicked.connect(lambda n: self.go_to(n - 1))
        self.panel.acceptRequested.connect(lambda c: self._decide(adjudicate.accept, c))
        self.panel.mergeRequested.connect(lambda: self._decide(adjudicate.merge_bounds))
        self.panel.rejectRequested.connect(lambda: self._decide(adjudicate.reject))
        self.panel.newRequested.connect(lambda s, e, code: self._decide(adjudicate.write_new, s, e, code))
        # F8, J, K and N work wherever the focus is; in the rationale box J, K and N are typed
        # (text fields take printable keys before shortcuts: Qt's ShortcutOverride)
        window_wide = Qt.ShortcutContext.WindowShortcut
        for key, slot in (("F8", lambda: self.step(1)), ("Shift+F8", lambda: self.step(-1)),
                          ("J", lambda: self.step(1)), ("K", lambda: self.step(-1)), ("N", self.next_open),
                          ("Ctrl+Z", self.undo), ("Ctrl+Shift+Z", self.redo), ("Ctrl+Y", self.redo)):
            QShortcut(QKeySequence(key), self, slot, context=window_wide)
        self.lanes.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if self.session is not None:
            self.session.changed.connect(self._session_changed)  # a method: dropped with the window
        self.reload_documents()

    def _session_changed(self, _flags: int) -> None:
        self.refresh()

    # -- data ---------------------------------------------------------------
    def reload_documents(self) -> None:
        self.project.activate()
        if blind.is_blind(self.project):
            self.doc_combo.clear()
            self.status.setText("Blind mode is on: review opens once the lead ends it.")
            self.panel.show_item(None, 0, "", [])
            self.unanimous_button.setEnabled(False)
            return
        self.panel.set_codes(code_choices())
        self.doc_combo.blockSignals(True)
        current = self.doc_combo.currentData()
        self.doc_combo.clear()
        for doc_id, title in document_choices():
            self.doc_combo.addItem(title, doc_id)
        if current is not None and self.doc_combo.findData(current) >= 0:
            self.doc_combo.setCurrentIndex(self.doc_combo.findData(current))
        self.doc_combo.blockSignals(False)
        self.load_document()

    def load_document(self, keep_index: bool = False) -> None:
        doc_id = self.doc_combo.currentData()
        if doc_id is None:
            self.items, self.view = [], None
            self.panel.show_item(None, 0, "", [])
            return
        self.view = document_view(doc_id)
        self.items = review_items(doc_id)
        if not keep_index:
            self.index = next((i for i, it in enumerate(self.items) if not it.resolved and not it.unanimous), 0)
        self.index = min(self.index, max(0, len(self.items) - 1))
        self.lanes.set_data(len(self.view.text), self.view.lanes, self.items)
        self._show()

    def refresh(self) -> None:
        if self.view is not None:
            self.load_document(keep_index=True)

    def _show(self) -> None:
        item = self.items[self.index] if self.items else None
        coders = [lane.coder for lane in self.view.lanes[1:]] if self.view else []
        self.panel.show_item(item, len(self.items), self.view.text if self.view else "", coders)
        self.lanes.set_current(item.number if item else None)
        open_items = sum(1 for it in self.items if not it.resolved)
        self.unanimous_button.setEnabled(any(it.unanimous and not it.resolved for it in self.items))
        self.status.setText(f"{len(self.items)} items, {open_items} open")

    # -- navigation -----------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        moves = {Qt.Key.Key_J: lambda: self.step(1), Qt.Key.Key_K: lambda: self.step(-1), Qt.Key.Key_N: self.next_open}
        move = moves.get(event.key()) if not event.modifiers() else None
        if move is None:
            super().keyPressEvent(event)
            return
        move()
        event.accept()

    def undo(self) -> None:
        """Ctrl+Z here undoes the last change of the window's one undo stack (decisions too)."""
        stack = self.session.undo_stack if self.session is not None else None
        if stack is None or not stack.canUndo():
            self.status.setText("Nothing to undo.")
            return
        text = stack.undoText()
        stack.undo()
        self.refresh()
        self.status.setText(f"Undone: {text}. " + self.status.text())

    def redo(self) -> None:
        stack = self.session.undo_stack if self.session is not None else None
        if stack is None or not stack.canRedo():
            return
        text = stack.redoText()
        stack.redo()
        self.refresh()
        self.status.setText(f"Redone: {text}. " + self.status.text())

    def go_to(self, index: int) -> None:
        if self.items:
            self.index = max(0, min(index, len(self.items) - 1))
            self._show()

    def step(self, delta: int) -> None:
        self.go_to(self.index + delta)

    def next_open(self) -> None:
        n = len(self.items)
        for k in range(1, n + 1):
            i = (self.index + k) % n
            if not self.items[i].resolved:
                self.go_to(i)
                return

    # -- decisions ------------------------------------------------------------
    def _run(self, action, *args):
        self.project.activate()
        try:
            if self.session is not None:
                return self.session.perform(action, self.project, *args)
            return action(self.project, *args)
        except ChorusError as exc:
            self.status.setText(f"Not done: {exc}")
            return None
        finally:
            if self.session is None:
                self.refresh()

    def _decide(self, action, *args) -> None:
        if not self.items:
            return
        item = self.items[self.index]
        rationale = self.panel.take_rationale()
        if action in (adjudicate.accept,):
            result = self._run(action, item, args[0], rationale)
        elif action is adjudicate.write_new:
            result = self._run(action, item, *args, rationale)
        else:
            result = self._run(action, item, rationale)
        if result is not None:
            self.panel.clear_rationale()
            self.refresh()
            self.next_open()

    def accept_unanimous(self) -> None:
        doc_id = self.doc_combo.currentData()
        if doc_id is not None:
            count = self._run(adjudicate.accept_unanimous, doc_id)
            self.refresh()
            if count is not None:
                self.status.setText(f"Accepted {count} unanimous items. " + self.status.text())
