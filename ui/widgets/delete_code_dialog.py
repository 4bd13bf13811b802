"""Deleting a code that is in use: delete its segments too, or move them to another code."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QRadioButton, QVBoxLayout

from app.coding.queries import CodeRow
from ui.widgets.code_palette import swatch


class DeleteCodeDialog(QDialog):
    def __init__(self, code: CodeRow, message: str, targets: list[CodeRow], parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Delete code {code.name}")
        layout = QVBoxLayout(self)
        text = QLabel(message[0].upper() + message[1:] + ".")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.delete_radio = QRadioButton("Delete the code, its sub-codes and their segments")
        self.move_radio = QRadioButton("Move the segments to:")
        self.target = QComboBox()
        for row in targets:
            self.target.addItem(swatch(row.colour), row.path, row.id)
        self.move_radio.setEnabled(bool(targets))
        self.delete_radio.setChecked(True)
        self.delete_radio.setText(_delete_label(code))
        layout.addWidget(self.delete_radio)
        layout.addWidget(self.move_radio)
        layout.addWidget(self.target)
        self.target.setEnabled(False)
        self.move_radio.toggled.connect(self.target.setEnabled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.delete_button.setText("Delete")
        self.delete_button.setAutoDefault(False)
        self.delete_button.setDefault(False)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)  # Enter keeps everything: the non-destructive choice
        self.cancel_button.setAutoDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, int | None]:
        """('delete', None) or ('move', target code id)."""
        if self.move_radio.isChecked():
            return "move", self.target.currentData()
        return "delete", None


def _delete_label(code: CodeRow) -> str:
    n = code.segments
    if n == 0:
        return "Delete the code and its sub-codes with their segments"
    segs = "its 1 segment" if n == 1 else f"its {n} segments"
    return f"Delete the code and {segs} (and any sub-codes with theirs)"
