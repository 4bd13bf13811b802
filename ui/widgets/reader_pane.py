"""Centre pane: the open document's title line, a find field, the recent-codes bar
and the reader itself."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.reader import ReaderView
from ui.widgets.recent_codes_bar import RecentCodesBar


class ElidedLabel(QLabel):
    """One line, shortened with … to fit; the full text in the tooltip."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self._full = text
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        if text == self._full and self.toolTip() == text:
            return
        self._full = text
        self.setToolTip(text)
        self._elide()

    # The same size whatever the text (one line, elided to the width it is given): a new
    # text then repaints the label alone instead of re-laying out and repainting the pane
    # around it (the Segments caption changes on every coding; issue 11, Speed).
    def sizeHint(self):  # Qt API
        hint = super().sizeHint()
        hint.setWidth(40)
        return hint

    def minimumSizeHint(self):  # Qt API
        hint = super().minimumSizeHint()
        hint.setWidth(40)
        return hint

    def full_text(self) -> str:
        return self._full

    def text(self) -> str:  # callers read the whole text; only the painting is shortened
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 40))
        if shown != super().text():
            self.setText(shown)


class ReaderPane(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("readerPane")
        self.title = ElidedLabel("No document open")
        self.title.setObjectName("docTitle")
        self.meta = ElidedLabel("")
        self.meta.setObjectName("docMeta")
        self.find = QLineEdit()
        self.find.setObjectName("findField")
        self.find.setPlaceholderText("Find in document (Ctrl+F)")
        self.find.setClearButtonEnabled(True)
        self.find.setFixedWidth(190)
        self.find.returnPressed.connect(self._find_next)
        self.find.textChanged.connect(lambda t: self.reader.mark_matches(t) if not t else None)
        self.recent_bar = RecentCodesBar()
        self.reader = ReaderView()
        self.reader.setObjectName("reader")
        head = QHBoxLayout()
        head.setContentsMargins(16, 10, 12, 2)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.meta)
        head.addLayout(titles, 1)
        head.addWidget(self.find)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.recent_bar)
        layout.addWidget(self.reader, 1)
        self.empty = QWidget()
        self.empty.setObjectName("emptyProject")
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        self.empty_text = QLabel(
            "<h2>This project has no documents yet</h2>"
            "<p>Bring in the articles you want to code:</p>"
            "<ul><li><b>Import Documents…</b> (Ctrl+I): .txt, .md, .html, .docx, .pdf, or a news-database "
            "export with many articles;</li>"
            "<li>or <b>drag and drop</b> files onto the Documents list on the left;</li>"
            "<li>File ▸ Import REFI-QDA Project brings in a project from ATLAS.ti, MAXQDA, NVivo or QualCoder.</li>"
            "</ul><p>Then select text and press <b>Ctrl+K</b> to code it.</p>")
        self.empty_text.setObjectName("emptyText")
        self.empty_text.setWordWrap(True)
        self.empty_text.setTextFormat(Qt.TextFormat.RichText)
        self.empty_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.import_button = QPushButton("Import Documents…")
        self.import_button.setObjectName("emptyImport")
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        empty_layout.addStretch(2)
        empty_layout.setContentsMargins(32, 16, 32, 16)
        layout.addWidget(self.empty, 1)
        self.empty.hide()

    def show_empty(self, on: bool) -> None:
        """An empty project: say what to do (import, drag and drop) instead of a blank page."""
        self.empty.setVisible(on)
        self.reader.setVisible(not on)
        self.recent_bar.setVisible(not on)

    def show_header(self, title: str, bits: list[str]) -> None:
        self.title.set_full_text(title)
        self.meta.set_full_text("  ·  ".join(b for b in bits if b))

    def _find_next(self) -> None:
        self.reader.mark_matches(self.find.text())
        if not self.reader.find(self.find.text()):
            self.find.setStyleSheet("background: #fde8e8;")
        else:
            self.find.setStyleSheet("")
