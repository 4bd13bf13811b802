"""Item delegate that keeps colour swatches true when a row is selected (Qt would draw the
decoration in its Selected mode, tinted with the selection colour)."""
from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate

from PySide6.QtCore import Qt


class SwatchDelegate(QStyledItemDelegate):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._icons: dict[tuple[int, int, int], QIcon] = {}  # (rgba, width, height): made once

    def initStyleOption(self, option, index) -> None:  # Qt API
        super().initStyleOption(option, index)
        value = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(value, QColor) and option.features & option.ViewItemFeature.HasDecoration:
            size = option.decorationSize
            key = (value.rgba(), size.width(), size.height())
            icon = self._icons.get(key)
            if icon is None:
                pix = QPixmap(size)
                pix.fill(value)
                icon = QIcon()
                for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
                    icon.addPixmap(pix, mode)
                self._icons[key] = icon
            option.icon = icon


def swatch_pixmap_colour(delegate: SwatchDelegate, option, index) -> QColor:
    """The colour the delegate draws for the swatch of ``index`` when selected (for tests)."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    pix = opt.icon.pixmap(opt.decorationSize, QIcon.Mode.Selected)
    return pix.toImage().pixelColor(pix.width() // 2, pix.height() // 2)
