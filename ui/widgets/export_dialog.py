"""Export options, as the command line has them: which codes (with or without their
sub-codes), which coders, which documents. Empty choices mean "all"."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QLabel,
                               QListWidget, QListWidgetItem, QVBoxLayout)

from app.exchange.exports.common import ExportFilters
from ui.widgets.code_palette import swatch

# formats whose rows are segments or codes: the filters mean something there
FILTERED = {"segments-csv", "segments-xlsx", "codebook-csv", "codebook-xlsx", "codebook-md", "codebook-html",
            "matrix-csv"}
FILE_TYPES = {".csv": "CSV (*.csv)", ".xlsx": "Excel workbook (*.xlsx)", ".md": "Markdown (*.md)",
              ".html": "Web page (*.html)", ".qdpx": "REFI-QDA project (*.qdpx)", ".qdc": "REFI-QDA codebook (*.qdc)"}


def file_type_filter(suffix: str) -> str:
    return f"{FILE_TYPES.get(suffix, f'*{suffix}')};;All files (*)"


class ExportDialog(QDialog):
    def __init__(self, title: str, codes, coders: list[str], documents: list[tuple[int, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Export {title}")
        self.setObjectName("exportDialog")
        self.resize(760, 420)
        hint = QLabel("Choose what goes in (nothing chosen in a list = all of it).")
        hint.setObjectName("dialogSubtitle")
        self.codes = self._list("exportCodes")
        for row in codes:
            item = QListWidgetItem(swatch(row.colour), row.path)
            item.setData(Qt.ItemDataRole.UserRole, row.path)
            self.codes.addItem(item)
        self.children_box = QCheckBox("with their sub-codes")
        self.children_box.setChecked(True)
        self.coders = self._list("exportCoders")
        for name in coders:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.coders.addItem(item)
        self.documents = self._list("exportDocuments")
        for doc_id, title_ in documents:
            item = QListWidgetItem(title_)
            item.setToolTip(title_)
            item.setData(Qt.ItemDataRole.UserRole, str(doc_id))
            self.documents.addItem(item)
        grid = QGridLayout()
        for col, (label, widget) in enumerate((("Codes", self.codes), ("Coders", self.coders),
                                               ("Documents", self.documents))):
            grid.addWidget(QLabel(label), 0, col)
            grid.addWidget(widget, 1, col)
            grid.setColumnStretch(col, 2 if col != 1 else 1)
        grid.addWidget(self.children_box, 2, 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose File…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)

    @staticmethod
    def _list(name: str) -> QListWidget:
        widget = QListWidget()
        widget.setObjectName(name)
        widget.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        return widget

    @staticmethod
    def _chosen(widget: QListWidget) -> list[str] | None:
        values = [item.data(Qt.ItemDataRole.UserRole) for item in widget.selectedItems()]
        return values or None

    def filters(self) -> ExportFilters:
        return ExportFilters(codes=self._chosen(self.codes), include_children=self.children_box.isChecked(),
                             coders=self._chosen(self.coders), documents=self._chosen(self.documents))

    def name_part(self) -> str:
        """A few words for the file name: 'Backlash' or '3-codes', '' for everything."""
        parts = []
        codes = self._chosen(self.codes)
        if codes:
            parts.append(_slug(codes[0].rsplit("/", 1)[-1]) if len(codes) == 1 else f"{len(codes)}-codes")
        coders = self._chosen(self.coders)
        if coders:
            parts.append(_slug(coders[0]) if len(coders) == 1 else f"{len(coders)}-coders")
        docs = self._chosen(self.documents)
        if docs:
            parts.append(f"{len(docs)}-doc{'s' if len(docs) != 1 else ''}")
        return "-".join(parts)


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.strip().lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:40] or "export"
