"""Columns sized from their values, not by Qt asking every row for a size hint.

A header in ResizeToContents mode measures every row (up to 1,000) whenever one cell
changes; with a count going up on each coding that was most of a coding's repaint
(issue 11, Speed). Panels keep such columns Fixed and size them from the longest value
they hold (digits and ISO dates: as wide as that many zeros)."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView


def fit_column(view: QAbstractItemView, header, column: int, chars: int, title: str, padding: int = 14,
               title_padding: int = 28) -> None:
    """Make ``column`` as wide as ``chars`` digits (plus the cell's ``padding``) or its
    ``title`` (plus the header's ``title_padding``: room for a sort arrow), whichever is wider."""
    metrics = view.fontMetrics()
    header.resizeSection(column, max(metrics.horizontalAdvance("0" * chars) + padding,
                                     metrics.horizontalAdvance(title) + title_padding))
