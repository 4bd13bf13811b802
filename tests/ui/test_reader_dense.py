"""Deep overlaps (dense coding) are painted by blending each line's highlights on a
one-pixel row and stretching it (ui/reader/line_raster.py): the picture must be the
one the plain translucent fills give, emoji and all, at 1x and 2x device pixels."""
from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QImage

from ui.reader import HighlightSpan, ReaderView
from ui.reader import painting

COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a0a0"]
WORDS = "the campaign women 💔 shared stories cafe\u0301 workplace power silence".split()


def _dense(rng: random.Random) -> tuple[str, list[HighlightSpan]]:
    text = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(80)) for _ in range(6))
    spans = []
    for i in range(400):
        start = rng.randrange(0, len(text) - 120)
        spans.append(HighlightSpan(i + 1, start, start + rng.randint(10, 110), rng.choice(COLOURS), i % 6, "c"))
    return text, spans


def _grab(view: ReaderView) -> QImage:
    return view.text_edit().viewport().grab().toImage()


def _max_channel_difference(a: QImage, b: QImage) -> tuple[int, float]:
    worst, differing = 0, 0
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            d = max(abs(pa.red() - pb.red()), abs(pa.green() - pb.green()), abs(pa.blue() - pb.blue()))
            worst = max(worst, d)
            differing += d > 3
    return worst, differing / ((a.height() // 2) * (a.width() // 2))


@pytest.fixture
def dense_reader(qtbot):
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(520, 360)
    view.show()
    qtbot.waitExposed(view)
    text, spans = _dense(random.Random(3))
    view.set_document(text, spans)
    return view


def test_dense_lines_look_as_the_translucent_fills_do(dense_reader, monkeypatch):
    monkeypatch.setattr(painting, "DENSE_LINE_RECTS", 10 ** 9)  # every line: one fill per span
    plain = _grab(dense_reader)
    monkeypatch.setattr(painting, "DENSE_LINE_RECTS", 0)  # every line: blended on a row
    rows = _grab(dense_reader)
    worst, share = _max_channel_difference(plain, rows)
    # the same blend, rounded once instead of per layer; only span edges may land a pixel apart
    assert share < 0.01, (worst, share)
    # and highlights were painted at all (not the bare background)
    coloured = sum(1 for x in range(0, rows.width(), 4) for y in range(0, rows.height(), 4)
                   if rows.pixelColor(x, y).saturation() > 40)
    assert coloured > 100


def test_a_line_with_many_highlights_takes_the_row_path(dense_reader, monkeypatch):
    calls = []
    original = painting.line_raster.paint_dense_lines

    def counting(painter, lines, base, ratio=1.0):
        calls.append(len(lines))
        return original(painter, lines, base, ratio)

    monkeypatch.setattr(painting.line_raster, "paint_dense_lines", counting)
    dense_reader.text_edit().viewport().repaint()
    assert calls and calls[0] > 3  # the deep lines went through one image
