"""Deeply overlapping highlights blended on one-pixel rows, then stretched to their lines.

A page of dense coding (30 segments over every word) is 30 translucent layers; Qt blends
each layer into the window pixel by pixel, the line's full height every time, and that
was most of the paint. A line's highlights are the same all down the line, so here the
dense lines' layers are blended by Qt on an image one pixel high per line (the same fills,
in the same order, on the reader's background colour) and each row is drawn stretched to
its line's height: the blending is done for one pixel row instead of every row.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter


def paint_dense_lines(painter: QPainter, lines: list[tuple[float, float, list]], base: QColor,
                      ratio: float = 1.0) -> None:
    """``lines``: (top, height, [(x1, x2, colour with alpha), ...] in paint order), in the
    viewport's logical coordinates; ``ratio``: its device pixel ratio."""
    if not lines:
        return
    left = math.floor(min(b[0] for _, _, boxes in lines for b in boxes))
    right = math.ceil(max(b[1] for _, _, boxes in lines for b in boxes))
    width = max(1, int(round((right - left) * ratio)))
    image = QImage(width, len(lines), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(base)
    rows = QPainter(image)
    rows.scale(ratio, 1.0)
    rows.translate(-left, 0.0)
    for row, (_top, _height, boxes) in enumerate(lines):
        for x1, x2, fill in boxes:
            rows.fillRect(QRectF(x1, row, x2 - x1, 1.0), fill)
    rows.end()
    for row, (top, height, _boxes) in enumerate(lines):
        painter.drawImage(QRectF(left, top, width / ratio, height), image, QRectF(0, row, width, 1))
