"""Colours: selection, find matches and code highlights stay distinguishable; three
overlapping codes keep dark text readable; a selected row keeps its swatch colour."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QStyleOptionViewItem

from app.coding.codebook import CODE_PALETTE
from ui.reader.painting import LAYER_ALPHAS
from ui.reader.view import FIND_COLOUR
from ui.widgets.swatch_delegate import swatch_pixmap_colour

from .helpers import code_id


def _lum(c: QColor) -> float:
    def ch(v):
        v = v / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def _contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_lum(a), _lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _blend(base: QColor, layers) -> QColor:
    r, g, b = base.red(), base.green(), base.blue()
    for hexc, alpha in layers:
        c, a = QColor(hexc), alpha / 255
        r, g, b = (c.red() * a + r * (1 - a), c.green() * a + g * (1 - a), c.blue() * a + b * (1 - a))
    return QColor(int(r), int(g), int(b))


def test_three_overlapping_codes_keep_text_readable():
    base, text = QColor("#fdfcf9"), QColor("#1d1f23")
    worst = min(_contrast(text, _blend(base, list(zip(trio, LAYER_ALPHAS))))
                for trio in [CODE_PALETTE[i:i + 3] for i in range(len(CODE_PALETTE) - 2)] + [["#bc4b51", "#4e79a7", "#b07aa1"]])
    assert worst >= 7.0  # WCAG AAA for body text


def test_selection_find_and_highlights_are_distinguishable(window):
    pal = window.reader.text_edit().palette()
    selection = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    base = QColor("#fdfcf9")
    for hexc in CODE_PALETTE:  # a code's highlight is pale; the selection is a solid dark blue
        highlight = _blend(base, [(hexc, LAYER_ALPHAS[0])])
        assert _contrast(selection, highlight) >= 3.0, hexc
    window.pane.find.setText("beta")
    window.pane._find_next()
    marks = window.reader.text_edit().extraSelections()
    assert len(marks) == 1
    fmt = marks[0].format
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert fmt.underlineColor() == QColor(FIND_COLOUR)
    assert not fmt.hasProperty(QTextCharFormat.Property.BackgroundBrush)  # never a fill like a code
    window.pane.find.clear()
    assert window.reader.text_edit().extraSelections() == []


def test_a_selected_row_keeps_its_swatch_colour(window):
    tree = window.codebook.tree
    index = window.codebook.model.index_of(code_id("Backlash"))
    window.codebook.select_code(code_id("Backlash"))
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.decorationSize = QSize(16, 16)
    option.state |= option.state.State_Selected
    got = swatch_pixmap_colour(tree.itemDelegate(), option, index)
    assert got.name() == QColor("#59a14f").name()
