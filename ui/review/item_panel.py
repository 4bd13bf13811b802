"""The current review item: each coder's segment with its text, the decision buttons
(accept a coder's segment, merge bounds, write new, reject) and the rationale."""
from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QSpinBox, QTextBrowser, QVBoxLayout, QWidget)

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
        self.start_spin, self.end_spin = QSpinBox(), QSpinBox()
        self.code_combo = QComboBox()
        self.new_button = QPushButton("Write new")
        self.new_button.clicked.connect(
            lambda: self.newRequested.emit(self.start_spin.value(), self.end_spin.value(),
                                           self.code_combo.currentText()))
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
        for col, (label, widget) in enumerate((("from", self.start_spin), ("to", self.end_spin),
                                               ("code", self.code_combo))):
            new_row.addWidget(QLabel(label), 0, 2 * col)
            new_row.addWidget(widget, 0, 2 * col + 1)
        new_row.setColumnStretch(5, 1)
        new_row.addWidget(self.new_button, 0, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.detail, 1)
        layout.addLayout(buttons)
        layout.addLayout(new_row)
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
        self.start_spin.setRange(0, len(text))
        self.end_spin.setRange(0, len(text))
        self.start_spin.setValue(item.start)
        self.end_spin.setValue(item.end)
        self.code_combo.setCurrentText(item.segments[0].code_path)
        self._enable(not item.resolved)

    def _enable(self, on: bool) -> None:
        for widget in (*self._accept_buttons, self.merge_button, self.reject_button, self.new_button):
            widget.setEnabled(on)

    def take_rationale(self) -> str:
        text = self.rationale.toPlainText().strip()
        return text

    def clear_rationale(self) -> None:
        self.rationale.clear()
