"""The current review item: each coder's segment with its text, the decision buttons
(accept a coder's segment, merge bounds, write new, reject) and the rationale."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QTextBrowser, QVBoxLayout, QWidget)

from ui.positions import PositionMap

STATUS = {"agreed": "agreed", "code_disagreed": "code differs", "missing": "missing for a coder"}


class ItemPanel(QWidget):
    acceptRequested = Signal(str)
    mergeRequested = Signal()
    newRequested = Signal(int, int, str)
    rejectRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.header = QLabel()
        self.header.setObjectName("itemHeader")
        self.detail = QTextBrowser()
        self.detail.setObjectName("itemDetail")
        self.accept_row = QHBoxLayout()
        self.merge_button = QPushButton("Merge bounds")
        self.reject_button = QPushButton("Reject")
        self.merge_button.clicked.connect(self.mergeRequested)
        self.reject_button.clicked.connect(self.rejectRequested)
        # "Write new": the reviewer selects the text in the document itself (never raw offsets)
        self.text_view = QPlainTextEdit()
        self.text_view.setObjectName("reviewText")
        self.text_view.setReadOnly(True)
        self.text_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text_view.setMaximumHeight(130)
        self.text_view.setToolTip("Select the text of the new segment here, pick its code, then Write new")
        self.text_view.selectionChanged.connect(self._selection_changed)
        self._text, self._map = "", PositionMap("")
        self.span_label = QLabel("")
        self.span_label.setObjectName("newSpan")
        self.code_combo = QComboBox()
        self.new_button = QPushButton("Write new")
        self.new_button.setToolTip("A consensus segment on the text selected above, with the chosen code")
        self.new_button.clicked.connect(self._write_new)
        self.rationale = QPlainTextEdit()
        self.rationale.setObjectName("rationale")
        self.rationale.setPlaceholderText("Rationale (markdown): why this decision?")
        self.rationale.setMaximumHeight(90)
        buttons = QHBoxLayout()
        buttons.addLayout(self.accept_row)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        new_row = QGridLayout()
        new_row.addWidget(QLabel("New segment: select its text below"), 0, 0)
        new_row.addWidget(self.span_label, 0, 1)
        new_row.addWidget(QLabel("code"), 0, 2)
        new_row.addWidget(self.code_combo, 0, 3)
        new_row.setColumnStretch(1, 1)
        new_row.addWidget(self.new_button, 0, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.detail, 1)
        layout.addLayout(buttons)
        layout.addLayout(new_row)
        layout.addWidget(self.text_view)
        layout.addWidget(self.rationale)
        self._accept_buttons: list[QPushButton] = []

    def set_codes(self, paths: list[str]) -> None:
        current = self.code_combo.currentText()
        self.code_combo.clear()
        self.code_combo.addItems(paths)
        if current in paths:
            self.code_combo.setCurrentText(current)

    def show_item(self, item, total: int, text: str, coders: list[str]) -> None:
        for button in self._accept_buttons:
            self.accept_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self._accept_buttons = []
        if item is None:
            self.header.setText("Nothing to review in this document")
            self.detail.setHtml("")
            self._enable(False)
            return
        state = f"decided: {item.decision.outcome}" if item.resolved else "open"
        self.header.setText(f"<b>Item {item.number} of {total}</b> — {STATUS[item.status]}"
                            + ("" if item.status != "agreed" or item.same_bounds else " (bounds differ)")
                            + f" — {state}")
        parts = []
        for seg in item.segments:
            parts.append(f"<p><b>{html.escape(seg.coder)}</b> · {html.escape(seg.code_path)} "
                         f"[{seg.start}:{seg.end}]<br><i>{html.escape(text[seg.start:seg.end])}</i></p>")
        for coder in item.missing_coders:
            parts.append(f"<p><b>{html.escape(coder)}</b> · <span style='color:#c0392b'>no segment</span></p>")
        if item.decision is not None and item.decision.rationale:
            parts.append(f"<p>Rationale: {html.escape(item.decision.rationale)}</p>")
        self.detail.setHtml("".join(parts))
        for seg in item.segments:
            button = QPushButton(f"Accept {seg.coder}", self)
            button.setObjectName(f"accept:{seg.coder}")
            button.clicked.connect(lambda _=False, c=seg.coder: self.acceptRequested.emit(c))
            self.accept_row.addWidget(button)
            self._accept_buttons.append(button)
        if text != self._text:
            self._text, self._map = text, PositionMap(text)
            self.text_view.setPlainText(text)
        self.select_span(item.start, item.end)
        self.code_combo.setCurrentText(item.segments[0].code_path)
        self._enable(not item.resolved)

    def select_span(self, start: int, end: int) -> None:
        """Select [start, end) (code points) in the text view and show it."""
        qs, qe = self._map.range_to_qt(start, end)
        cursor = self.text_view.textCursor()
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        self.text_view.setTextCursor(cursor)
        self.text_view.centerCursor()

    def selected_span(self) -> tuple[int, int]:
        cursor = self.text_view.textCursor()
        return self._map.range_to_cp(cursor.selectionStart(), cursor.selectionEnd())

    def _selection_changed(self) -> None:
        start, end = self.selected_span()
        quote = " ".join(self._text[start:end].split())
        self.span_label.setText(f"“{quote[:60]}{'…' if len(quote) > 60 else ''}” ({end - start} characters)"
                                if end > start else "(nothing selected)")

    def _write_new(self) -> None:
        start, end = self.selected_span()
        if end <= start:
            self.span_label.setText("Select the new segment's text first")
            return
        self.newRequested.emit(start, end, self.code_combo.currentText())

    def _enable(self, on: bool) -> None:
        for widget in (*self._accept_buttons, self.merge_button, self.reject_button, self.new_button):
            widget.setEnabled(on)

    def take_rationale(self) -> str:
        text = self.rationale.toPlainText().strip()
        return text

    def clear_rationale(self) -> None:
        self.rationale.clear()
