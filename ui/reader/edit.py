"""The QPlainTextEdit inside the reader, and the coding-stripe margin beside it.

Both only forward: painting and hit-testing live in ReaderView / painting.py.
The stripe margin follows the line-number-area pattern of QPlainTextEdit:
a child widget over the left viewport margin, scrolled with updateRequest.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ui.reader import painting

if TYPE_CHECKING:
    from ui.reader.view import ReaderView

MAX_LINE_CHARS = 88         # cap the measure for comfortable reading
TEXT_MARGIN = 14            # document margin: air between the stripes and the text
CLICK_SLOP = 4              # pixels a press may move and still count as a click


class StripeArea(QWidget):
    def __init__(self, reader: "ReaderView", edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self._reader = reader
        self.setFixedWidth(painting.STRIPE_AREA_WIDTH)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Base))
        self._reader._paint_stripes(painter, self.height())
        painter.end()


class ReaderEdit(QPlainTextEdit):
    def __init__(self, reader: "ReaderView") -> None:
        super().__init__(reader)
        self._reader = reader
        self._press: QPoint | None = None
        self._column_left = 0
        self.stripes = StripeArea(reader, self)
        self.setViewportMargins(painting.STRIPE_AREA_WIDTH, 0, 0, 0)
        self.updateRequest.connect(self._on_update_request)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.stripes.scroll(0, dy)
        else:
            self.stripes.update(0, rect.y(), self.stripes.width(), rect.height())

    def resizeEvent(self, event) -> None:
        # On wide windows keep a comfortable measure: centre a column of about
        # MAX_LINE_CHARS characters, the stripes hugging its left side.  The
        # margins are set before QPlainTextEdit relayouts in its own resizeEvent.
        cr = self.contentsRect()
        bar = self.verticalScrollBar().sizeHint().width()
        column = int(self.fontMetrics().averageCharWidth() * MAX_LINE_CHARS) + 2 * TEXT_MARGIN
        spare = max(0, cr.width() - bar - painting.STRIPE_AREA_WIDTH - column)
        left = spare // 2
        margins = self.viewportMargins()
        if margins.left() != painting.STRIPE_AREA_WIDTH + left or margins.right() != spare - left:
            self.setViewportMargins(painting.STRIPE_AREA_WIDTH + left, 0, spare - left, 0)
        super().resizeEvent(event)
        self._column_left = left
        self.stripes.setGeometry(QRect(cr.left() + left, cr.top(), painting.STRIPE_AREA_WIDTH, cr.height()))

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        rect = event.rect()
        self._reader._paint_highlights(painter, rect.top(), rect.bottom())
        painter.end()
        super().paintEvent(event)

    def mousePressEvent(self, event) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if press is not None and (pos - press).manhattanLength() <= CLICK_SLOP and \
                not self.textCursor().hasSelection():
            self._reader._clicked(pos)
        else:
            self._reader._snap_selection()

    def contextMenuEvent(self, event) -> None:
        self._reader._context_menu(event.pos(), event.globalPos())

    def viewportEvent(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            self._reader._tooltip(event.pos(), event.globalPos())
            return True
        return super().viewportEvent(event)
