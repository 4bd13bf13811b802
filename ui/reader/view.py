"""ReaderView: the coding workbench's centre pane (read-only text + highlights)."""
from __future__ import annotations

import html
import re

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QVBoxLayout, QWidget

from ui.positions import PositionMap
from ui.reader import painting
from ui.reader.edit import TEXT_MARGIN, ReaderEdit
from ui.reader.snap import SNAP_MODES, snap
from ui.reader.spans import HighlightSpan, SpanIndex

SERIF_FAMILIES = ["Charter", "Georgia", "Source Serif 4", "Source Serif Pro", "Noto Serif",
                  "Liberation Serif", "DejaVu Serif", "Times New Roman", "serif"]
POINT_SIZE = 12.0
FIND_COLOUR = "#d9480f"  # find matches: an orange wave underline (never a fill)


class ReaderView(QWidget):
    selectionChanged = Signal(int, int)          # code points (start, end); equal when no selection
    segmentClicked = Signal(int)                 # segment id under a click (topmost/shortest)
    contextMenuAt = Signal(QPoint, int, list)    # global pos, code-point position, [segment ids]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._pmap = PositionMap("")
        self._index = SpanIndex()
        self._snap = "none"
        self._last_selection = (0, 0)
        self._quiet = False
        self._edit = ReaderEdit(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)
        self._setup_look()
        self._edit.selectionChanged.connect(self._on_selection_changed)

    # ----- look -------------------------------------------------------------
    def _setup_look(self) -> None:
        edit = self._edit
        edit.setReadOnly(True)
        edit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        edit.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        edit.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        edit.setMouseTracking(True)
        font = QFont()
        font.setFamilies(SERIF_FAMILIES)
        font.setPointSizeF(POINT_SIZE)
        font.setStyleHint(QFont.StyleHint.Serif)
        edit.setFont(font)
        pal = edit.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            pal.setColor(group, QPalette.ColorRole.Base, QColor("#fdfcf9"))
            pal.setColor(group, QPalette.ColorRole.Window, QColor("#fdfcf9"))
            pal.setColor(group, QPalette.ColorRole.Text, QColor("#1d1f23"))
            pal.setColor(group, QPalette.ColorRole.Highlight, QColor("#2d5fc4"))
            pal.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        edit.setPalette(pal)
        edit.setAutoFillBackground(True)   # the gutters beside a centred column
        edit.stripes.setPalette(pal)
        doc = edit.document()
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(TEXT_MARGIN)

    # ----- document and spans -------------------------------------------------
    def set_document(self, text: str, spans: list[HighlightSpan]) -> None:
        """Show ``text`` (the stored LF text) with ``spans`` highlighted."""
        self._text = text
        self._pmap = PositionMap(text)
        self._index.reset(spans)
        # '\r' must never reach Qt as a line break ("\r\n" would collapse to one
        # separator and shift every position); a space keeps positions 1:1.
        shown = text.replace("\r", " ") if "\r" in text else text
        self._quiet = True
        try:
            self._edit.setPlainText(shown)
        finally:
            self._quiet = False
        self._last_selection = (0, 0)
        self._refresh()

    def set_spans(self, spans: list[HighlightSpan]) -> None:
        self._index.reset(spans)
        self._refresh()

    def add_span(self, span: HighlightSpan) -> None:
        self._index.add(span)
        self._refresh()

    def remove_span(self, segment_id: int) -> None:
        if self._index.remove(segment_id) is not None:
            self._refresh()

    def spans(self) -> list[HighlightSpan]:
        return list(self._index)

    def spans_at(self, position: int) -> list[HighlightSpan]:
        """Spans covering code point ``position``, shortest (topmost) first."""
        return self._index.at(position)

    def text(self) -> str:
        return self._text

    def position_map(self) -> PositionMap:
        return self._pmap

    def text_edit(self) -> QPlainTextEdit:
        return self._edit

    def _refresh(self) -> None:
        self._edit.viewport().update()
        self._edit.stripes.update()

    # ----- selection, scrolling, find ----------------------------------------
    def selection(self) -> tuple[int, int]:
        cur = self._edit.textCursor()
        return self._pmap.range_to_cp(cur.selectionStart(), cur.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select code points [start, end) and scroll the start into view."""
        qs, qe = self._pmap.range_to_qt(start, end)
        cur = QTextCursor(self._edit.document())
        cur.setPosition(qe)
        cur.setPosition(qs, QTextCursor.MoveMode.KeepAnchor)   # cursor at the start: it is what shows
        self._edit.setTextCursor(cur)
        if not self._edit.viewport().rect().contains(self._edit.cursorRect(cur)):
            self._edit.centerCursor()

    def scroll_to(self, position: int) -> None:
        """Scroll so that code point ``position`` is in view, keeping the selection."""
        edit = self._edit
        saved = edit.textCursor()
        tmp = QTextCursor(edit.document())
        tmp.setPosition(self._pmap.to_qt(position))
        self._quiet = True
        try:
            edit.setTextCursor(tmp)
            edit.centerCursor()
            value = edit.verticalScrollBar().value()
            edit.setTextCursor(saved)
        finally:
            self._quiet = False
        edit.verticalScrollBar().setValue(value)

    def mark_matches(self, text: str, case_sensitive: bool = False, limit: int = 2000) -> int:
        """Underline every match of ``text`` (orange wave, never a fill: find matches cannot be
        mistaken for a code's highlight or for the selection). Returns how many."""
        from PySide6.QtGui import QTextCharFormat
        from PySide6.QtWidgets import QTextEdit

        edit = self._edit
        marks = []
        if text:
            pattern = re.compile(re.escape(text), 0 if case_sensitive else re.IGNORECASE)
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor(FIND_COLOUR))
            fmt.setFontWeight(QFont.Weight.DemiBold)
            for n, match in enumerate(pattern.finditer(self._text)):
                if n >= limit:
                    break
                qs, qe = self._pmap.range_to_qt(match.start(), match.end())
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(edit.document())
                cursor.setPosition(qs)
                cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor, sel.format = cursor, fmt
                marks.append(sel)
        edit.setExtraSelections(marks)
        return len(marks)

    def find(self, text: str, backwards: bool = False, case_sensitive: bool = False) -> bool:
        """Select the next (or previous) match after (before) the selection, wrapping around."""
        if not text:
            return False
        pattern = re.compile(re.escape(text), 0 if case_sensitive else re.IGNORECASE)
        start, end = self.selection()
        if backwards:
            match = _last_match(pattern, self._text, 0, start) or _last_match(pattern, self._text, 0, len(self._text))
        else:
            match = pattern.search(self._text, end) or pattern.search(self._text, 0)
        if match is None:
            return False
        self.select_span(match.start(), match.end())
        return True

    def set_snap(self, mode: str) -> None:
        if mode not in SNAP_MODES:
            raise ValueError(f"snap mode must be one of {', '.join(SNAP_MODES)}, not {mode!r}")
        self._snap = mode

    def snap_mode(self) -> str:
        return self._snap

    # ----- internals ------------------------------------------------------------
    def _on_selection_changed(self) -> None:
        if self._quiet:
            return
        sel = self.selection()
        if sel != self._last_selection:
            self._last_selection = sel
            self.selectionChanged.emit(*sel)

    def _snap_selection(self) -> None:
        if self._snap == "none":
            return
        cur = self._edit.textCursor()
        if not cur.hasSelection():
            return
        start, end = self.selection()
        s, e = snap(self._text, start, end, self._snap)
        if (s, e) == (start, end) or s >= e:
            return
        qs, qe = self._pmap.range_to_qt(s, e)
        forward = cur.position() >= cur.anchor()
        new = QTextCursor(self._edit.document())
        new.setPosition(qs if forward else qe)
        new.setPosition(qe if forward else qs, QTextCursor.MoveMode.KeepAnchor)
        self._edit.setTextCursor(new)

    def char_at(self, point: QPoint) -> int | None:
        """Code point of the character under viewport ``point`` (None off the text)."""
        edit = self._edit
        cur = edit.cursorForPosition(point)
        block = cur.block()
        layout = block.layout()
        if layout is None or not block.isValid():
            return None
        rel = cur.position() - block.position()
        line = layout.lineForTextPosition(rel)
        if not line.isValid():
            return None
        geo = edit.blockBoundingGeometry(block).translated(edit.contentOffset())
        y, x = point.y() - geo.top(), point.x() - geo.left()
        if not line.y() <= y <= line.y() + line.height():
            return None
        end = line.textStart() + line.textLength()
        for a in (layout.previousCursorPosition(rel), rel):
            b = layout.nextCursorPosition(a)
            if line.textStart() <= a < end and b > a:
                x1, x2 = line.cursorToX(a)[0], line.cursorToX(min(b, end))[0]
                if min(x1, x2) <= x <= max(x1, x2):
                    return self._pmap.to_cp(block.position() + a)
        return None

    def _spans_under(self, point: QPoint) -> tuple[int | None, list[HighlightSpan]]:
        cp = self.char_at(point)
        return cp, ([] if cp is None else self._index.at(cp))

    def _clicked(self, point: QPoint) -> None:
        _, spans = self._spans_under(point)
        if spans:
            self.segmentClicked.emit(spans[0].id)

    def _context_menu(self, point: QPoint, global_pos: QPoint) -> None:
        cp, spans = self._spans_under(point)
        if cp is None:
            cp = self._pmap.to_cp(self._edit.cursorForPosition(point).position())
        self.contextMenuAt.emit(global_pos, cp, [s.id for s in spans])

    def _tooltip(self, point: QPoint, global_pos: QPoint) -> None:
        _, spans = self._spans_under(point)
        if not spans:
            QToolTip.hideText()
            return
        QToolTip.showText(global_pos, tooltip_html(spans), self._edit.viewport())

    def _paint_highlights(self, painter: QPainter, top: float, bottom: float) -> int:
        return painting.paint_highlights(painter, self._edit, self._pmap, self._index, top, bottom)

    def _paint_stripes(self, painter: QPainter, height: float) -> None:
        painting.paint_stripes(painter, self._edit, self._pmap, self._index, height)


def _last_match(pattern: re.Pattern, text: str, lo: int, hi: int):
    last = None
    for last in pattern.finditer(text, lo, hi):
        pass
    return last


def tooltip_html(spans: list[HighlightSpan]) -> str:
    rows = []
    for span in spans:
        label = html.escape(span.label or "").replace("\n", "<br>")
        rows.append(f"<tr><td valign='top'><span style='color:{html.escape(span.colour)}'>&#9632;</span></td>"
                    f"<td>{label}</td></tr>")
    return "<table cellspacing='2'>" + "".join(rows) + "</table>"
