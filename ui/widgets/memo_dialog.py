"""Edit a markdown memo with a live rendered preview."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QSplitter, QVBoxLayout
from PySide6.QtCore import Qt

from ui.widgets.markdown_view import MarkdownView


class MemoDialog(QDialog):
    def __init__(self, title: str, text: str, parent=None, subtitle: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        if subtitle:
            label = QLabel(subtitle)
            label.setWordWrap(True)
            label.setObjectName("dialogSubtitle")
            layout.addWidget(label)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.editor = QPlainTextEdit(text)
        self.editor.setPlaceholderText("Markdown: **bold**, *italic*, - lists, > quotes")
        self.preview = MarkdownView(placeholder="Preview")
        split.addWidget(self.editor)
        split.addWidget(self.preview)
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.editor.textChanged.connect(lambda: self.preview.set_markdown(self.editor.toPlainText()))
        self.preview.set_markdown(text)

    def text(self) -> str:
        return self.editor.toPlainText()
