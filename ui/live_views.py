"""The window's views follow change sets instead of re-reading the project.

``follow_changes(window)`` makes the documents table, the codebook tree and the Segments
panel update their rows from each change set (insert, remove or change only the rows it
touched; counts from one small query) and returns the reader's ``LiveSpans``. The
window's refresh code stays as it is: its reloads find the models fresh and cost nothing,
and ``_load_spans`` asks ``LiveSpans.update`` first.
"""
from __future__ import annotations

from ui.reader.live_spans import LiveSpans


def follow_changes(window, label) -> LiveSpans:
    session = window.session
    window.documents.model.track(session)
    window.codebook.model.track(session)
    window.segments.model.track(session)
    return LiveSpans(session, window.reader, label, window)
