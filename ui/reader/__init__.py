"""The reader: read-only document view with coding highlights and stripes."""
from ui.reader.spans import HighlightSpan
from ui.reader.view import ReaderView

__all__ = ["HighlightSpan", "ReaderView"]
