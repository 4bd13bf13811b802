"""Shows a chart image (PNG bytes drawn by app.analysis.figures), scaled to fit."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy


class ChartLabel(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumHeight(160)
        self._pixmap = QPixmap()

    def set_png(self, data: bytes) -> None:
        self._pixmap = QPixmap()
        self._pixmap.loadFromData(data, "PNG")
        self._fit()

    def has_chart(self) -> bool:
        return not self._pixmap.isNull()

    def _fit(self) -> None:
        if self._pixmap.isNull():
            self.clear()
            return
        self.setPixmap(self._pixmap.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()
