"""Preferences: the current coder's name and the reader's snap mode."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from ui.settings import SNAP_MODES, Settings

SNAP_LABELS = {"none": "Exact characters", "word": "Whole words", "sentence": "Whole sentences"}


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._settings = settings
        form = QFormLayout(self)
        self.coder = QLineEdit(settings.coder_name)
        self.coder.setToolTip("Your name as a coder: your segments carry it. Shared with the command line "
                              "(chorus.ini, key coder), which uses it unless --coder or --as is given")
        self.snap = QComboBox()
        for mode in SNAP_MODES:
            self.snap.addItem(SNAP_LABELS[mode], mode)
        self.snap.setCurrentIndex(SNAP_MODES.index(settings.snap))
        form.addRow("Coder name", self.coder)
        form.addRow("Selections snap to", self.snap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        name = self.coder.text().strip()
        if name:
            self._settings.coder_name = name
        self._settings.snap = self.snap.currentData()
        super().accept()
