"""Lanes: one horizontal strip per coder (consensus on top) over the whole document,
segments drawn in their code's colour, review items marked below the lanes."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

LANE_H = 22
GAP = 6
LABEL_W = 96
MARK_H = 10


class LanesView(QWidget):
    itemClicked = Signal(int)  # item number

    def __init__(self, parent=None):
        super().__init__(parent)
        self._length = 1
        self._lanes = []  # app.team.review.lanes.Lane
        self._items = []  # (number, start, end, open, disagreement)
        self._current: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(400)

    def set_data(self, length: int, lanes, items) -> None:
        self._length = max(1, length)
        self._lanes = list(lanes)
        self._items = [(i.number, i.start, i.end, not i.resolved, not i.unanimous) for i in items]
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def set_current(self, number: int | None) -> None:
        self._current = number
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(800, GAP + len(self._lanes) * (LANE_H + GAP) + MARK_H + 2 * GAP)

    def _x(self, pos: int) -> float:
        return LABEL_W + pos * (self.width() - LABEL_W - GAP) / self._length

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().base())
        bold = QFont(self.font())
        bold.setBold(True)
        for row, lane in enumerate(self._lanes):
            y = GAP + row * (LANE_H + GAP)
            p.setFont(bold if row == 0 else self.font())
            p.setPen(QColor(lane.colour))
            p.drawText(QRectF(4, y, LABEL_W - 8, LANE_H), Qt.AlignmentFlag.AlignVCenter, lane.coder)
            p.fillRect(QRectF(LABEL_W, y, self.width() - LABEL_W - GAP, LANE_H), QColor("#f1f1f1"))
            for seg in lane.segments:
                x0, x1 = self._x(seg.start), self._x(seg.end)
                colour = QColor(seg.colour)
                colour.setAlpha(210)
                p.fillRect(QRectF(x0, y + 2, max(2.0, x1 - x0), LANE_H - 4), colour)
        y = GAP + len(self._lanes) * (LANE_H + GAP)
        for number, start, end, is_open, disagreement in self._items:
            x0, x1 = self._x(start), self._x(end)
            colour = QColor("#c0392b" if disagreement and is_open else "#27ae60" if not is_open else "#7f8c8d")
            p.fillRect(QRectF(x0, y, max(3.0, x1 - x0), MARK_H), colour)
            if number == self._current:
                p.setPen(QPen(QColor("#1f3a93"), 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(x0 - 2, GAP / 2, max(3.0, x1 - x0) + 4, y + MARK_H - GAP / 2 + 2))
        p.end()

    def mousePressEvent(self, event) -> None:
        x = event.position().x()
        for number, start, end, *_ in self._items:
            if self._x(start) - 3 <= x <= self._x(end) + 3:
                self.itemClicked.emit(number)
                return
