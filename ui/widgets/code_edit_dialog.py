"""Edit a code's codebook entry (markdown fields) with a rendered preview."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QPlainTextEdit, QSplitter, QVBoxLayout,
                               QWidget)

from app.coding.queries import CodeRow
from ui.widgets.markdown_view import MarkdownView

FIELDS = (("definition", "Definition"), ("when_to_use", "When to use"), ("when_not_to_use", "When not to use"),
          ("example", "Example"))


def code_entry_markdown(row: CodeRow) -> str:
    """The codebook entry of a code as one markdown document."""
    parts = [f"### {row.name}"]
    if row.description:
        parts.append(row.description)
    for name, label in FIELDS:
        value = getattr(row, name)
        if value:
            parts.append(f"**{label}**\n\n{value}")
    return "\n\n".join(parts)


def decisions_markdown(decisions) -> str:
    """The review decisions about a code, newest last: how the codebook got revised."""
    if not decisions:
        return ""
    parts = [f"\n\n---\n\n**Review decisions ({len(decisions)})**"]
    for d in decisions:
        where = (d.document_title or "a deleted document").replace("*", "\\*")
        rationale = (d.rationale or "_no rationale written_").strip().replace("\n", "\n  ")
        parts.append(f"- **{d.outcome}** in *{where}*, by {d.decided_by}, {d.decided_at:%Y-%m-%d}:  \n  {rationale}")
    return "\n".join(parts)


class CodeEditDialog(QDialog):
    def __init__(self, row: CodeRow, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Codebook entry: {row.path}")
        self.resize(820, 560)
        self._row = row
        split = QSplitter(Qt.Orientation.Horizontal)
        form_host = QWidget()
        form = QFormLayout(form_host)
        self.editors: dict[str, QPlainTextEdit] = {}
        for name, label in (("description", "Description"),) + FIELDS:
            edit = QPlainTextEdit(getattr(row, name))
            edit.setObjectName(f"edit_{name}")
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(self._update_preview)
            self.editors[name] = edit
            form.addRow(label, edit)
        self.preview = MarkdownView()
        split.addWidget(form_host)
        split.addWidget(self.preview)
        split.setSizes([460, 340])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self._update_preview()

    def values(self) -> dict[str, str]:
        return {name: edit.toPlainText() for name, edit in self.editors.items()}

    def _update_preview(self) -> None:
        row = self._row
        fields = dict(row.__dict__)
        fields.update(self.values())
        self.preview.set_markdown(code_entry_markdown(CodeRow(**fields)))
