"""The window's layout survives a day of coding: the Keys bar never widens the window,
panes keep readable widths, splitter handles can be grabbed, saved geometry is clamped."""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from ui.main_window import HANDLE_WIDTH, MIN_SIDE_WIDTH, available_geometry, first_size

from .helpers import make_codes

LONG = ["Survivor testimony and disclosure", "Institutional response", "Backlash against accusers",
        "Due process concerns", "Media self-reflection", "Solidarity and allyship", "Power in workplaces",
        "Legal consequences", "Hashtag activism online"]


def _code_nine(window, project):
    ids = make_codes(project, LONG)
    window.refresh(0xFFFF)
    for n, cid in enumerate(ids):
        window.reader.select_span(n * 2, n * 2 + 3)
        assert window.coding.apply_code(cid)
        QApplication.processEvents()
    return ids


def test_nine_recent_codes_never_widen_the_window(qtbot, window, seeded):
    project = seeded[0]
    for width, height in ((1024, 700), (1280, 800)):
        window.resize(width, height)
        QApplication.processEvents()
        _code_nine(window, project) if width == 1024 else None
        QApplication.processEvents()
        assert window.width() == width, f"window grew to {window.width()} at {width}"
        assert window.minimumSizeHint().width() <= 1024
        assert len(window.pane.recent_bar.buttons) == 9
        assert window.documents.width() >= MIN_SIDE_WIDTH
        assert window.codebook.width() >= MIN_SIDE_WIDTH
        assert window.codebook.tree.columnWidth(0) >= 110  # code names readable, not only swatches
        assert window.pane.width() >= 380
    # and back to small: nothing collapsed
    window.resize(1024, 700)
    QApplication.processEvents()
    assert window.width() == 1024 and min(window.splitter.sizes()) >= MIN_SIDE_WIDTH


def test_splitter_handles_can_be_grabbed(window):
    for split in (window.splitter, window.centre_splitter):
        assert split.handleWidth() >= 5
        handle = split.handle(1)
        assert handle.isVisible()
        size = handle.width() if split.orientation().name == "Horizontal" else handle.height()
        assert size >= 5


def test_oversized_saved_geometry_is_clamped(qtbot, window):
    area = available_geometry(window)
    window.setGeometry(QRect(area.x() - 500, area.y() - 300, area.width() + 2000, area.height() + 1200))
    data = window.saveGeometry()
    window.resize(600, 500)
    window.restore_geometry(data)
    QApplication.processEvents()
    frame = window.frameGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    assert frame.left() >= area.left() and frame.top() >= area.top()


def test_first_window_fits_the_available_screen(window):
    area = available_geometry(window)
    size = first_size(window)
    assert size.width() <= area.width() and size.height() <= area.height()
    assert size.width() <= 1280 and size.height() <= 800


def test_handle_width_constant_is_grabbable():
    assert HANDLE_WIDTH >= 5
