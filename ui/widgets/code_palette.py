"""The code palette (Ctrl+K): type a few letters of a code's name or path, Enter applies.

Also used to pick a target code (merge, move segments). With ``allow_create`` a last
entry offers to create a code of the typed path.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from app.coding.queries import CodeRow
from app.coding.recent_codes import fuzzy_filter

CREATE = -1


def swatch(colour: str, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour))
    return QIcon(pix)


class CodePalette(QDialog):
    def __init__(self, codes: list[CodeRow], parent=None, title: str = "Code selection",
                 allow_create: bool = True, exclude: set[int] | None = None, recent: list[int] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("codePalette")
        self.resize(480, 380)
        exclude = exclude or set()
        self._codes = [c for c in codes if c.id not in exclude]
        self._by_id = {c.id: c for c in self._codes}
        recent = [r for r in (recent or []) if r in self._by_id]
        # recent codes first when nothing is typed
        rank = {cid: i for i, cid in enumerate(recent)}
        self._initial = sorted(self._codes, key=lambda c: rank.get(c.id, len(rank)))
        self._allow_create = allow_create
        layout = QVBoxLayout(self)
        hint = QLabel(title)
        hint.setObjectName("dialogSubtitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type part of a code name or path… (Enter applies, Esc cancels)")
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        layout.addWidget(hint)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.search.textChanged.connect(self._refilter)
        self.search.installEventFilter(self)
        self.search.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self._refilter("")

    def _refilter(self, text: str) -> None:
        self.list.clear()
        if text.strip():
            matches = fuzzy_filter(text, [(c.id, c.path) for c in self._codes])
            rows = [self._by_id[cid] for cid, _ in matches]
        else:
            rows = self._initial
        for row in rows:
            item = QListWidgetItem(swatch(row.colour), row.path)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        typed = text.strip()
        if self._allow_create and typed and typed not in {c.path for c in self._codes}:
            item = QListWidgetItem(f"+ Create code “{typed}”")
            item.setData(Qt.ItemDataRole.UserRole, CREATE)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def chosen(self) -> tuple[int | None, str]:
        """(code id, '') for an existing code, (None, path) to create one, (None, '') for nothing."""
        item = self.list.currentItem()
        if item is None:
            return None, ""
        code_id = item.data(Qt.ItemDataRole.UserRole)
        if code_id == CREATE:
            return None, self.search.text().strip()
        return int(code_id), ""
