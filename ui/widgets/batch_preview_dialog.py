"""Preview of a news-database export before it is imported: which database layout was
recognised, how many articles, each one's headline, outlet and date, and which ones
repeat an earlier article's text. Import or skip the file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from app.articles.importing import BatchPreview


class BatchPreviewDialog(QDialog):
    COLUMNS = ("#", "Headline", "Outlet", "Date", "Words", "Note")

    def __init__(self, path: Path, preview: BatchPreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Import a news-database export")
        self.setObjectName("batchPreviewDialog")
        n = len(preview.articles)
        summary = (f"<b>{_escape(Path(path).name)}</b> is a {preview.label} export with "
                   f"<b>{n} article{'s' if n != 1 else ''}</b>. Each becomes its own document "
                   f"with its outlet, date, headline and byline.")
        if preview.duplicates:
            d = len(preview.duplicates)
            summary += (f"<br>{d} article{'s repeat' if d != 1 else ' repeats'} the text of an earlier "
                        f"one (marked below); {'they are' if d != 1 else 'it is'} imported as well "
                        f"when the outlet, date or headline differ.")
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.table = QTreeWidget()
        self.table.setObjectName("batchPreviewArticles")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(list(self.COLUMNS))
        repeats = dict(preview.duplicates)
        for index, doc in enumerate(preview.details or []):
            words = next((v for name, _, v in doc.attributes if name == "length"), "")
            note = f"same text as #{repeats[index] + 1}" if index in repeats else ""
            item = QTreeWidgetItem([str(index + 1), doc.title, doc.source or "", doc.published or "",
                                    words, note])
            item.setToolTip(1, doc.title)
            self.table.addTopLevelItem(item)
        for column in range(len(self.COLUMNS)):
            self.table.resizeColumnToContents(column)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(f"Import {n} article{'s' if n != 1 else ''}",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 420)

    def headlines(self) -> list[str]:
        return [self.table.topLevelItem(i).text(1) for i in range(self.table.topLevelItemCount())]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def confirm_batches(paths: list[Path], parent: QWidget | None = None) -> list[Path]:
    """The import flow's hook: for each file that is a news-database export, show its
    preview and keep it only if the user chooses to import it. Other paths pass through.
    A file that looks like a batch but cannot be read passes through too: the import then
    reports its one-line reason."""
    from app.articles.importers import ImportRejected
    from app.articles.importing import preview_batch

    kept = []
    for path in paths:
        path = Path(path)
        try:
            preview = preview_batch(path) if path.is_file() else BatchPreview(None)
        except ImportRejected:
            preview = BatchPreview(None)
        if preview.format is None:
            kept.append(path)
            continue
        dialog = BatchPreviewDialog(path, preview, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            kept.append(path)
    return kept
