"""ReaderView with real widgets (offscreen): positions, selection, spans, painting, find."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from ui.reader import HighlightSpan, ReaderView
from ui.reader.painting import HIGHLIGHT_ALPHA, LAYER_ALPHAS, STRIPE_AREA_WIDTH

MIXED = ("The #MeToo 💔 campaign spread in 2017. "
         "Famille 👩\u200d👩\u200d👧 et cafe\u0301 🇺🇸.\n\n"
         "مرحبا بالعالم و שלום עולם.\n"
         "我也是 运动 𠀀 end of text.\n")
CRLF_INPUT = "First line\r\nSecond 😀 line\r\n\r\nThird line\r\n"


def qt_of(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def selected(view: ReaderView) -> str:
    return view.text_edit().textCursor().selectedText().replace("\u2029", "\n")


@pytest.fixture
def reader(qtbot):
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(640, 420)
    view.show()
    qtbot.waitExposed(view)
    return view


def span(i, start, end, colour="#e6194b", code=1, label="Code"):
    return HighlightSpan(i, start, end, colour, code, label)


@pytest.mark.parametrize("text", [MIXED, CRLF_INPUT.replace("\r\n", "\n")])
def test_qt_selection_maps_to_code_points(reader, text):
    reader.set_document(text, [])
    edit = reader.text_edit()
    assert edit.document().characterCount() - 1 == len(text.encode("utf-16-le")) // 2
    for start in range(0, len(text), 3):
        for end in (start, start + 1, start + 5, len(text)):
            end = min(end, len(text))
            cur = QTextCursor(edit.document())
            cur.setPosition(qt_of(text, start))
            cur.setPosition(qt_of(text, end), QTextCursor.MoveMode.KeepAnchor)
            edit.setTextCursor(cur)
            s, e = reader.selection()
            assert (s, e) == (start, end)
            assert text[s:e] == selected(reader)


def test_mouse_drag_selection_emits_code_points(reader, qtbot):
    reader.set_document(MIXED, [])
    edit = reader.text_edit()
    a, b = MIXED.index("Famille"), MIXED.index("🇺🇸") + 2
    pa = edit.cursorRect(_cursor(edit, qt_of(MIXED, a))).center()
    pb = edit.cursorRect(_cursor(edit, qt_of(MIXED, b))).center()
    seen = []
    reader.selectionChanged.connect(lambda s, e: seen.append((s, e)))
    vp = edit.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=pa)
    qtbot.mouseMove(vp, pb)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=pb)
    s, e = reader.selection()
    assert MIXED[s:e] == selected(reader)
    assert (s, e) == (a, b)
    assert seen and seen[-1] == (a, b)


def _cursor(edit, qt):
    cur = QTextCursor(edit.document())
    cur.setPosition(qt)
    return cur


@pytest.mark.parametrize("needle", ["💔", "👩\u200d👩\u200d👧", "cafe\u0301", "مرحبا", "שלום", "𠀀 end", "\n\n"])
def test_select_span_round_trip(reader, needle):
    reader.set_document(MIXED, [])
    start = MIXED.index(needle)
    reader.select_span(start, start + len(needle))
    assert reader.selection() == (start, start + len(needle))
    assert selected(reader) == needle


def test_stray_carriage_return_keeps_positions(reader):
    text = "a\r\nb 😀 c"       # not stored normally; must not shift positions
    reader.set_document(text, [])
    reader.select_span(5, 8)
    assert reader.selection() == (5, 8)


def test_add_remove_spans_at(reader):
    reader.set_document(MIXED, [span(1, 0, 20), span(2, 5, 10, "#3cb44b", 2)])
    assert [s.id for s in reader.spans_at(6)] == [2, 1]     # shortest first
    assert [s.id for s in reader.spans_at(15)] == [1]
    assert reader.spans_at(25) == []
    reader.add_span(span(3, 12, 30, "#4363d8", 3))
    assert [s.id for s in reader.spans_at(15)] == [3, 1]
    assert [s.id for s in reader.spans_at(25)] == [3]
    reader.remove_span(1)
    assert [s.id for s in reader.spans_at(15)] == [3]
    reader.remove_span(999)                                  # unknown id: no error
    reader.set_spans([span(7, 0, 3)])
    assert [s.id for s in reader.spans_at(1)] == [7] and reader.spans_at(15) == []


def _space_point(reader, cp):
    """Viewport point in the middle of the (blank) character at code point cp."""
    edit = reader.text_edit()
    text = reader.text()
    assert text[cp] == " "
    r1 = edit.cursorRect(_cursor(edit, qt_of(text, cp)))
    r2 = edit.cursorRect(_cursor(edit, qt_of(text, cp + 1)))
    return QPoint((r1.left() + r2.left()) // 2, r1.center().y())


def _pixel(reader, point) -> QColor:
    QApplication.processEvents()
    image = reader.text_edit().viewport().grab().toImage()
    return QColor(image.pixel(point))


SPACES = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk"


def test_overlap_blends_into_a_distinct_colour(reader):
    red, blue = "#e6194b", "#4363d8"
    # red covers words a..f, blue d..k: spaces at 4 (red only), 19 (both), 44 (blue only)
    reader.set_document(SPACES, [span(1, 0, 29, red, 1), span(2, 15, 55, blue, 2)])
    only_red = _pixel(reader, _space_point(reader, 4))
    both = _pixel(reader, _space_point(reader, 19))
    only_blue = _pixel(reader, _space_point(reader, 44))
    background = reader.text_edit().palette().base().color()
    colours = {c.rgb() for c in (only_red, both, only_blue, background)}
    assert len(colours) == 4
    assert only_red.red() > only_red.blue() and only_blue.blue() > only_blue.red()
    # the overlap is the alpha composite of both colours over the page (longer span first)
    expected = _composite(background, [QColor(blue), QColor(red)],
                          [reader._index.columns[2], reader._index.columns[1]])
    for got, want in zip(both.getRgb()[:3], expected):
        assert abs(got - want) <= 3


def _composite(base: QColor, layers: list[QColor], columns: list[int] | None = None) -> tuple[int, int, int]:
    # each layer's alpha: by its stripe column (overlaps get fainter so text stays readable)
    columns = columns or [0] * len(layers)
    rgb = [base.red(), base.green(), base.blue()]
    for layer, col in zip(layers, columns):
        alpha = LAYER_ALPHAS[min(col, len(LAYER_ALPHAS) - 1)] / 255
        rgb = [c * (1 - alpha) + l * alpha for c, l in zip(rgb, layer.getRgb()[:3])]
    return tuple(round(c) for c in rgb)


def test_selection_stays_visible_over_highlights(reader):
    reader.set_document(SPACES, [span(1, 0, 29, "#e6194b"), span(2, 15, 55, "#4363d8")])
    point = _space_point(reader, 19)
    before = _pixel(reader, point)
    reader.select_span(15, 24)
    after = _pixel(reader, point)
    assert after.rgb() != before.rgb()
    assert after.rgb() == reader.text_edit().palette().highlight().color().rgb()


def test_stripes_drawn_beside_covered_lines(reader):
    text = "\n".join(f"line {i} of the document" for i in range(12))
    red, green = QColor("#e6194b"), QColor("#3cb44b")
    line3 = text.index("line 3")
    line6 = text.index("line 6")
    reader.set_document(text, [span(1, line3, line6 + 4, red.name(), 1),
                               span(2, line6, line6 + 4, green.name(), 2)])
    QApplication.processEvents()
    edit = reader.text_edit()
    image = edit.stripes.grab().toImage()
    assert image.width() == STRIPE_AREA_WIDTH

    def colours_in_row(y):
        return {QColor(image.pixel(x, y)).name() for x in range(image.width())}

    def row_of(cp):
        return edit.cursorRect(_cursor(edit, cp)).center().y()

    assert red.name() in colours_in_row(row_of(line3 + 2))
    assert green.name() not in colours_in_row(row_of(line3 + 2))
    assert {red.name(), green.name()} <= colours_in_row(row_of(line6 + 2))
    assert colours_in_row(row_of(text.index("line 9"))) == {edit.palette().base().color().name()}


def test_find_wraps_and_respects_case(reader):
    text = "Alpha 💔 beta alpha gamma ALPHA"
    reader.set_document(text, [])
    hits = []
    for _ in range(4):
        assert reader.find("alpha")
        hits.append(reader.selection())
    starts = [0, text.index("alpha"), text.index("ALPHA")]
    assert [h[0] for h in hits] == starts + [0]              # wrapped to the first
    assert all(text[s:e].lower() == "alpha" for s, e in hits)
    assert reader.find("alpha", backwards=True)              # from the first: wraps to the last
    assert reader.selection()[0] == text.index("ALPHA")
    assert reader.find("ALPHA", case_sensitive=True)
    assert reader.selection()[0] == text.index("ALPHA")
    assert not reader.find("zeta")
    assert not reader.find("")


def test_click_emits_shortest_segment(reader, qtbot):
    reader.set_document(SPACES, [span(1, 0, 29), span(2, 15, 24, "#3cb44b", 2)])
    with qtbot.waitSignal(reader.segmentClicked) as blocker:
        qtbot.mouseClick(reader.text_edit().viewport(), Qt.MouseButton.LeftButton,
                         pos=_space_point(reader, 19))
    assert blocker.args == [2]
    with qtbot.assertNotEmitted(reader.segmentClicked):
        qtbot.mouseClick(reader.text_edit().viewport(), Qt.MouseButton.LeftButton,
                         pos=_space_point(reader, 44))


def test_context_menu_reports_position_and_segments(reader):
    reader.set_document(SPACES, [span(1, 0, 29), span(2, 15, 24, "#3cb44b", 2)])
    seen = []
    reader.contextMenuAt.connect(lambda g, pos, ids: seen.append((pos, ids)))
    vp = reader.text_edit().viewport()
    point = _space_point(reader, 19)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, vp.mapToGlobal(point))
    QApplication.sendEvent(vp, event)
    assert seen == [(19, [2, 1])]


def test_tooltip_lists_codes_of_segments_under_mouse(reader):
    from ui.reader.view import tooltip_html

    reader.set_document(SPACES, [span(1, 0, 29, label="Power/Abuse\nana\nmemo <b>"),
                                 span(2, 15, 24, "#3cb44b", 2, label="Silence\nbob")])
    cp = reader.char_at(_space_point(reader, 19))
    assert cp == 19
    html = tooltip_html(reader.spans_at(cp))
    assert "Silence<br>bob" in html and "Power/Abuse" in html and "&lt;b&gt;" in html
    assert html.index("Silence") < html.index("Power")


def test_snap_to_words_on_mouse_release(reader, qtbot):
    text = "Women shared stories of harassment at work."
    reader.set_document(text, [])
    reader.set_snap("word")
    edit = reader.text_edit()
    vp = edit.viewport()
    pa = edit.cursorRect(_cursor(edit, 8)).center()          # inside "shared"
    pb = edit.cursorRect(_cursor(edit, 26)).center()         # inside "harassment"
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=pa)
    qtbot.mouseMove(vp, pb)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=pb)
    s, e = reader.selection()
    assert text[s:e] == "shared stories of harassment"
    reader.set_snap("sentence")
    with pytest.raises(ValueError):
        reader.set_snap("paragraph")


def test_scroll_to_keeps_selection(reader):
    text = "\n".join(f"paragraph {i} 😀 text" for i in range(400))
    reader.set_document(text, [])
    reader.select_span(0, 9)
    target = text.index("paragraph 300")
    reader.scroll_to(target)
    edit = reader.text_edit()
    first = edit.firstVisibleBlock().blockNumber()
    assert 250 < first <= 300
    assert reader.selection() == (0, 9)


def test_hover_shows_tooltip_with_codes(reader, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    reader.set_document(SPACES, [span(1, 0, 29, label="Power/Abuse\nana"),
                                 span(2, 15, 24, "#3cb44b", 2, label="Silence\nbob")])
    vp = reader.text_edit().viewport()
    point = _space_point(reader, 19)
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, point, vp.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Silence" in QToolTip.text() and "Power/Abuse" in QToolTip.text()
    far = _space_point(reader, 44)
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, far, vp.mapToGlobal(far)))
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
