"""Paint coding highlights and coding stripes for the visible blocks only.

Nothing is computed when a document opens: spans live in a SpanIndex (sorted
by start) and every paint asks it for the spans that meet the visible blocks,
then takes line geometry from each block's QTextLayout.  Highlights are filled
translucently *under* the text (before QPlainTextEdit paints), so overlapping
segments alpha-composite into a distinct blend and the selection, drawn later
by Qt, stays on top.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QPlainTextEdit

from ui.positions import PositionMap
from ui.reader import line_raster
from ui.reader.spans import SpanIndex

HIGHLIGHT_ALPHA = 84          # of 255: translucent enough to blend, strong enough to see
# Overlaps: each further layer is fainter, so three codes on one word blend to at most
# about half cover and dark text stays readable (tests/ui/workbench/test_wb_colours.py).
LAYER_ALPHAS = (84, 56, 40, 30)
STRIPE_WIDTH = 4
STRIPE_GAP = 2
STRIPE_PAD = 6
STRIPE_COLUMNS = 6            # columns beyond this share the last one
STRIPE_AREA_WIDTH = STRIPE_PAD * 2 + STRIPE_COLUMNS * (STRIPE_WIDTH + STRIPE_GAP) - STRIPE_GAP

_colour_cache: dict[tuple[str, int], QColor] = {}


def colour(hex_colour: str, alpha: int = 255) -> QColor:
    key = (hex_colour, alpha)
    c = _colour_cache.get(key)
    if c is None:
        c = QColor(hex_colour)
        if not c.isValid():
            c = QColor("#999999")
        c.setAlpha(alpha)
        _colour_cache[key] = c
    return c


@dataclass
class VisibleBlock:
    position: int      # Qt position of the block's first character
    end: int           # Qt position just past its last character (excl. separator)
    top: float         # viewport y of the block
    left: float
    layout: object     # QTextLayout
    _lines: list | None = None
    _starts: list | None = None

    def line_starts(self) -> list[int]:
        """Each line's first position in the block (for bisect), measured once per paint."""
        if self._starts is None:
            self._starts = [row[0] for row in self.lines()]
        return self._starts

    def lines(self) -> list:
        """(start, end, y, height, x at start, x at end, QTextLine) per line, measured once
        per paint: a span that covers a whole line needs no cursorToX call of its own."""
        if self._lines is None:
            layout = self.layout
            out = []
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                ls = line.textStart()
                le = ls + line.textLength()
                out.append((ls, le, line.y(), line.height(), line.cursorToX(ls)[0], line.cursorToX(le)[0], line))
            self._lines = out
        return self._lines


def visible_blocks(edit: QPlainTextEdit, top: float, bottom: float) -> list[VisibleBlock]:
    """Blocks whose geometry meets viewport rows [top, bottom]."""
    offset = edit.contentOffset()
    block = edit.firstVisibleBlock()
    out: list[VisibleBlock] = []
    while block.isValid():
        geo = edit.blockBoundingGeometry(block).translated(offset)
        if geo.top() > bottom:
            break
        if block.isVisible() and geo.bottom() >= top:
            pos = block.position()
            out.append(VisibleBlock(pos, pos + block.length() - 1, geo.top(), geo.left(), block.layout()))
        block = block.next()
    return out


def _visible_spans(blocks, pmap: PositionMap, index: SpanIndex):
    if not blocks:
        return []
    lo = pmap.to_cp(blocks[0].position)
    hi = pmap.to_cp(blocks[-1].end + 1, round_up=True)
    return index.overlapping(lo, hi)


# A line with more highlight rectangles than this is composed in memory and drawn once:
# 30 translucent layers blended pixel by pixel cost most of a dense page's paint (the
# stress case of bench/bench_reader.py: 5,000 segments on 50,000 characters).
DENSE_LINE_RECTS = 12


def line_boxes(blocks: list[VisibleBlock], starts: list[int], spans, pmap: PositionMap,
               columns: dict[int, int]) -> dict[tuple[float, float], list]:
    """The spans' boxes by line: {(top, height): [(x1, x2, fill colour), ...]} in viewport
    coordinates, each line's boxes in the spans' order (the order they are painted in)."""
    lines: dict[tuple[float, float], list] = {}
    to_qt = pmap.to_qt
    last_layer = len(LAYER_ALPHAS) - 1
    n_blocks = len(blocks)
    for span in spans:
        layer = columns.get(span.id, 0)
        fill = colour(span.colour, LAYER_ALPHAS[layer if layer < last_layer else last_layer])
        qs, qe = to_qt(span.start), to_qt(span.end)
        b = max(0, bisect_right(starts, qs) - 1)
        while b < n_blocks:
            vb = blocks[b]
            b += 1
            pos = vb.position
            if pos >= qe:
                break
            a = max(qs, pos) - pos  # the span within this block, block-relative
            z = min(qe, vb.end) - pos
            if z <= a:
                continue
            rows = vb.lines()
            for ls, le, y, height, x_ls, x_le, line in rows[max(0, bisect_right(vb.line_starts(), a) - 1):]:
                if ls >= z:
                    break
                if le <= a:
                    continue
                x1 = x_ls if a <= ls else line.cursorToX(a)[0]
                x2 = x_le if z >= le else line.cursorToX(z)[0]
                if x2 < x1:
                    x1, x2 = x2, x1
                key = (vb.top + y, height)
                boxes = lines.get(key)
                if boxes is None:
                    boxes = lines[key] = []
                boxes.append((vb.left + x1, vb.left + x2, fill))
    return lines


def paint_highlights(painter: QPainter, edit: QPlainTextEdit, pmap: PositionMap,
                     index: SpanIndex, top: float, bottom: float) -> int:
    """Fill every visible span translucently; returns how many spans were painted.

    Lines with few highlights get one translucent fill per span; lines with many (deep
    overlaps) are blended on a one-pixel row each and stretched (line_raster): the same
    fills in the same order, blended once per column instead of once per pixel."""
    blocks = visible_blocks(edit, top, bottom)
    spans = _visible_spans(blocks, pmap, index)
    if not spans:
        return 0
    starts = [vb.position for vb in blocks]
    # longest first: short segments (usually the nested ones) land on top
    spans.sort(key=lambda s: (s.start - s.end, s.start))
    painter.setPen(QColorNone)
    lines = line_boxes(blocks, starts, spans, pmap, index.columns)
    dense = []
    for (y, height), boxes in lines.items():
        if len(boxes) > DENSE_LINE_RECTS:
            dense.append((y, height, boxes))
        else:
            for x1, x2, fill in boxes:
                painter.fillRect(QRectF(x1, y, x2 - x1, height), fill)
    if dense:
        viewport = edit.viewport()
        line_raster.paint_dense_lines(painter, dense, viewport.palette().color(QPalette.ColorRole.Base),
                                      viewport.devicePixelRatioF())
    return len(spans)


QColorNone = QColor(0, 0, 0, 0)


def _line_y(blocks, starts, qt: int, first: bool):
    """Viewport y of the top (first=True) or bottom of the line holding Qt position qt."""
    i = bisect_right(starts, qt) - 1
    if i < 0:
        return None
    vb = blocks[i]
    if qt > vb.end:
        return None
    line = vb.layout.lineForTextPosition(qt - vb.position)
    if not line.isValid():
        return None
    return vb.top + line.y() + (0 if first else line.height())


def paint_stripes(painter: QPainter, edit: QPlainTextEdit, pmap: PositionMap,
                  index: SpanIndex, height: float) -> None:
    """One thin bar per segment, in its stripe column, alongside the lines it covers."""
    blocks = visible_blocks(edit, 0, height)
    spans = _visible_spans(blocks, pmap, index)
    if not spans:
        return
    starts = [vb.position for vb in blocks]
    painter.setPen(QColorNone)
    for span in spans:
        col = min(index.columns.get(span.id, 0), STRIPE_COLUMNS - 1)
        qs, qe = pmap.to_qt(span.start), pmap.to_qt(span.end)
        y1 = _line_y(blocks, starts, qs, True)
        if y1 is None:
            y1 = -1.0 if qs < blocks[0].position else None
        y2 = _line_y(blocks, starts, max(qs, qe - 1), False)
        if y2 is None:
            y2 = height + 1 if qe > blocks[-1].end else None
        if y1 is None or y2 is None or y2 <= y1:
            continue
        # column 0 hugs the text; further columns step outward
        x = STRIPE_AREA_WIDTH - STRIPE_PAD - STRIPE_WIDTH - col * (STRIPE_WIDTH + STRIPE_GAP)
        painter.fillRect(QRectF(x, y1 + 1, STRIPE_WIDTH, y2 - y1 - 2), colour(span.colour))
