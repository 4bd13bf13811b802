"""Correct a document's title, outlet, author and date (one undoable change)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

FIELDS = (("title", "Title"), ("source", "Outlet"), ("author", "Author"), ("published", "Date"))


class DocumentEditDialog(QDialog):
    def __init__(self, meta: dict, parent=None, focus: str = "title"):
        super().__init__(parent)
        self.setWindowTitle("Document details")
        self.setMinimumWidth(460)
        self._original = {name: meta.get(name) or "" for name, _ in FIELDS}
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for name, label in FIELDS:
            edit = QLineEdit(self._original[name])
            edit.setObjectName(f"doc_{name}")
            self.edits[name] = edit
            form.addRow(label, edit)
        self.edits["published"].setPlaceholderText("YYYY-MM-DD (or as the source gives it)")
        self.error = QLabel("")
        self.error.setObjectName("hint")
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.edits.get(focus, self.edits["title"]).setFocus()
        self.edits.get(focus, self.edits["title"]).selectAll()

    def accept(self) -> None:
        if not self.edits["title"].text().strip():
            self.error.setText("A document needs a title.")
            return
        super().accept()

    def changes(self) -> dict[str, str | None]:
        """Only the fields that changed (empty text clears a field, never the title)."""
        out: dict[str, str | None] = {}
        for name, edit in self.edits.items():
            value = edit.text().strip()
            if value != (self._original[name] or "").strip():
                out[name] = value if value or name == "title" else None
        return out
