"""A slim bar showing the codes on the number keys 1-9 (pinned keys marked with a pin).

The bar never changes the window's width: the chips sit in a scroll area whose
minimum width is zero, each chip's name is elided to a fixed maximum, and when they
do not all fit a "more" button lists every key. Its height is fixed, so the reader
below never moves when codes are added.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QMenu, QScrollArea, QSizePolicy, QToolButton,
                               QWidget)

from app.coding.queries import CodeRow
from ui.widgets.code_palette import swatch

CHIP_MAX_WIDTH = 190
CHIP_MIN_WIDTH = 128
BAR_HEIGHT = 32
PIN = "\N{PUSHPIN}"


class RecentCodesBar(QWidget):
    codeClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("recentCodesBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(BAR_HEIGHT)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 2, 8, 2)
        outer.setSpacing(4)
        self.label = QLabel("Keys")
        self.label.setObjectName("barLabel")
        self.label.setToolTip("Press 1–9 in the document to code the selection with the code on that key.\n"
                              "Right-click a code in the codebook: Pin to key N keeps it there.")
        outer.addWidget(self.label)
        self._host = QWidget()
        self._host.setObjectName("recentChips")
        self._layout = QHBoxLayout(self._host)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("recentScroll")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.scroll.setMinimumWidth(0)
        self.scroll.setWidget(self._host)
        self.scroll.viewport().setAutoFillBackground(False)
        self._host.setAutoFillBackground(False)
        self.scroll.viewport().installEventFilter(self)
        outer.addWidget(self.scroll, 1)
        self.more = QToolButton()
        self.more.setObjectName("recentMore")
        self.more.setText("»")
        self.more.setToolTip("All codes on number keys")
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more.setMenu(QMenu(self.more))
        self.more.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.more.hide()
        outer.addWidget(self.more)
        self._trailing = QHBoxLayout()
        self._trailing.setSpacing(6)
        outer.addLayout(self._trailing)
        self.buttons: list[QToolButton] = []
        self._keys: list[tuple[int, CodeRow, bool]] = []
        self._fitting = False
        self.set_keys([], set())

    def minimumSizeHint(self):  # never ask the splitter for more room than a label
        hint = super().minimumSizeHint()
        hint.setWidth(0)
        return hint

    def add_trailing(self, widget: QWidget) -> None:
        """Widgets kept at the right end (sticky toggle, snap mode)."""
        self._trailing.addWidget(widget)

    def set_codes(self, codes: list[CodeRow]) -> None:
        """Codes on keys 1.. in order (no pins)."""
        self.set_keys(list(codes[:9]), set())

    def set_keys(self, rows: list[CodeRow | None], pinned: set[int]) -> None:
        """``rows[i]`` is the code on key i+1 (None: free); ``pinned``: the keys pinned."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = []
        self._keys = [(n, r, n in pinned) for n, r in enumerate(rows[:9], start=1) if r is not None]
        if not self._keys:
            hint = QLabel("Codes you apply get a number key (1–9); right-click a code to pin it to a key.")
            hint.setObjectName("hint")
            self._layout.addWidget(hint)
        for number, row, is_pinned in self._keys:
            button = QToolButton()
            button.setObjectName("recentCode")
            button.setIcon(swatch(row.colour, 10))
            prefix = f"{number}{PIN if is_pinned else ''}  "
            metrics = button.fontMetrics()
            name = metrics.elidedText(row.name, Qt.TextElideMode.ElideRight, CHIP_MAX_WIDTH - 40 - metrics.horizontalAdvance(prefix))
            button.setText(prefix + name)
            pin_note = " (pinned)" if is_pinned else ""
            button.setToolTip(f"{row.path}: press {number} to code the selection{pin_note}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMaximumWidth(CHIP_MAX_WIDTH)
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, cid=row.id: self.codeClicked.emit(cid))
            self._layout.addWidget(button)
            self.buttons.append(button)
        self._layout.addStretch(1)
        menu = self.more.menu()
        menu.clear()
        for number, row, is_pinned in self._keys:
            action = menu.addAction(swatch(row.colour), f"{number}{' ' + PIN if is_pinned else ''}  {row.path}")
            action.triggered.connect(lambda _c=False, cid=row.id: self.codeClicked.emit(cid))
        self._update_more()
        QTimer.singleShot(0, self._update_more)  # new chips are shown (and measured) a moment later

    def key_texts(self) -> list[str]:
        return [b.text() for b in self.buttons]

    def _fit_chips(self, width: int) -> None:
        """Share the width between the chips (each between CHIP_MIN_WIDTH and CHIP_MAX_WIDTH)."""
        n = len(self.buttons)
        if not n:
            return
        per = max(CHIP_MIN_WIDTH, min(CHIP_MAX_WIDTH, (width - 4 * n) // n))
        for button, (number, row, is_pinned) in zip(self.buttons, self._keys):
            prefix = f"{number}{PIN if is_pinned else ''}  "
            metrics = button.fontMetrics()
            room = per - 36 - metrics.horizontalAdvance(prefix)
            button.setText(prefix + metrics.elidedText(row.name, Qt.TextElideMode.ElideRight, max(room, 24)))
            button.setMaximumWidth(per)

    def _update_more(self) -> None:
        if self._fitting:
            return
        self._fitting = True
        try:
            avail = self.scroll.viewport().width() + (self.more.width() + 4 if self.more.isVisible() else 0)
            self._fit_chips(avail)
            widths = [min(b.sizeHint().width(), b.maximumWidth()) + self._layout.spacing() for b in self.buttons]
            overflow = sum(widths) > avail
            room = avail - (self.more.sizeHint().width() + 4 if overflow else 0)
            used = 0
            for button, width in zip(self.buttons, widths):  # whole chips only: the rest are under »
                used += width
                button.setVisible(used <= room)
            self.more.setVisible(bool(self._keys) and overflow)
        finally:
            self._fitting = False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_more()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.viewport():
            if event.type() == QEvent.Type.Wheel:  # the wheel scrolls the chips sideways
                bar = self.scroll.horizontalScrollBar()
                delta = event.angleDelta().y() or event.angleDelta().x()
                bar.setValue(bar.value() - delta)
                return True
            if event.type() == QEvent.Type.Resize:
                self._update_more()
        return super().eventFilter(watched, event)
