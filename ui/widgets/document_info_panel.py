"""Bottom tab: the open document's metadata, typed attributes (a small form) and memo."""
from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)
from PySide6.QtGui import QDoubleValidator

from ui.widgets.markdown_view import MarkdownView

TYPES = ("text", "number", "date", "boolean")
META_FIELDS = (("title", "Title"), ("source", "Outlet"), ("author", "Author"), ("published", "Date"))


class DocumentInfoPanel(QWidget):
    attributeEdited = Signal(str, str, str)  # name, value ('' removes), type
    editMemoRequested = Signal()
    metadataEdited = Signal(str, str)  # field (title/source/author/published), new value

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heading = QLabel("No document open")
        self.heading.setObjectName("docHeading")
        self.heading.setWordWrap(True)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        add = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("New attribute")
        self.new_type = QComboBox()
        self.new_type.addItems(TYPES)
        self.new_value = QLineEdit()
        self.new_value.setPlaceholderText("Value")
        add_button = QPushButton("Add")
        add_button.clicked.connect(self._add)
        self.new_value.returnPressed.connect(self._add)
        for w in (self.new_name, self.new_type, self.new_value, add_button):
            add.addWidget(w)
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(scroll, 1)
        left.addLayout(add)
        self.memo = MarkdownView(placeholder="No memo on this document yet.")
        self.memo.setObjectName("documentMemo")
        memo_button = QPushButton("Edit memo…")
        memo_button.clicked.connect(self.editMemoRequested)
        right = QVBoxLayout()
        memo_title = QLabel("Document memo")
        memo_title.setObjectName("paneCaption")
        head = QHBoxLayout()
        head.addWidget(memo_title, 1)
        head.addWidget(memo_button)
        right.addLayout(head)
        right.addWidget(self.memo, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    def show_document(self, meta: dict | None, attributes: dict[str, tuple[str, str]], memo: str) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        if meta is None:
            self.heading.setText("No document open")
            self.memo.set_markdown("")
            return
        bits = [meta.get("source"), meta.get("author"), meta.get("published")]
        self.heading.setText(f"<b>{_esc(meta['title'])}</b><br><span style='color:#6b7280'>"
                             f"{_esc(' · '.join(b for b in bits if b))}</span>")
        for field, label in META_FIELDS:
            edit = QLineEdit(meta.get(field) or "")
            edit.setObjectName(f"meta_{field}")
            if field == "published":
                edit.setPlaceholderText("YYYY-MM-DD")
            edit.editingFinished.connect(
                lambda e=edit, f=field: e.isModified() and (e.setModified(False) or True)
                and self.metadataEdited.emit(f, e.text().strip()))
            self.form.addRow(label, edit)
        for name, (value_type, value) in attributes.items():
            self.form.addRow(f"{name}", self._editor(name, value_type, value or ""))
        self.memo.set_markdown(memo)

    def _editor(self, name: str, value_type: str, value: str) -> QWidget:
        if value_type == "boolean":
            box = QCheckBox()
            box.setChecked(value == "true")
            box.toggled.connect(lambda on: self.attributeEdited.emit(name, "true" if on else "false", "boolean"))
            return box
        if value_type == "date":
            edit = QDateEdit(QDate.fromString(value, "yyyy-MM-dd"))
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.editingFinished.connect(
                lambda: self.attributeEdited.emit(name, edit.date().toString("yyyy-MM-dd"), "date"))
            return edit
        edit = QLineEdit(value)
        if value_type == "number":
            edit.setValidator(QDoubleValidator())
        edit.setObjectName(f"attr_{name}")
        edit.editingFinished.connect(lambda: edit.isModified() and self.attributeEdited.emit(name, edit.text(), value_type))
        return edit

    def _add(self) -> None:
        name = self.new_name.text().strip()
        if name:
            self.attributeEdited.emit(name, self.new_value.text(), self.new_type.currentText())
            self.new_name.clear()
            self.new_value.clear()


def _esc(text: str) -> str:
    import html

    return html.escape(text or "")
