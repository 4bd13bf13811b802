"""A slim bar showing the nine most recent codes with their number keys (1-9)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from app.coding.queries import CodeRow
from ui.widgets.code_palette import swatch


class RecentCodesBar(QWidget):
    codeClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("recentCodesBar")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 3, 8, 3)
        outer.setSpacing(4)
        self._layout = QHBoxLayout()
        self._layout.setSpacing(4)
        outer.addLayout(self._layout, 1)
        self._trailing = QHBoxLayout()
        self._trailing.setSpacing(6)
        outer.addLayout(self._trailing)
        self.buttons: list[QToolButton] = []
        self.set_codes([])

    def add_trailing(self, widget: QWidget) -> None:
        """Widgets kept at the right end (sticky toggle, snap mode)."""
        self._trailing.addWidget(widget)

    def set_codes(self, codes: list[CodeRow]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = []
        label = QLabel("Recent")
        label.setObjectName("barLabel")
        self._layout.addWidget(label)
        if not codes:
            hint = QLabel("Codes you apply appear here; press 1–9 to reuse them.")
            hint.setObjectName("hint")
            self._layout.addWidget(hint)
        for number, row in enumerate(codes[:9], start=1):
            button = QToolButton()
            button.setObjectName("recentCode")
            button.setIcon(swatch(row.colour, 10))
            button.setText(f"{number}  {row.name}")
            button.setToolTip(f"{row.path}: press {number} to code the selection")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, cid=row.id: self.codeClicked.emit(cid))
            self._layout.addWidget(button)
            self.buttons.append(button)
        self._layout.addStretch(1)
