"""Keeps the reader's highlights in step with change sets, span by span.

Coding one selection used to re-read every segment of the open document and rebuild
the span index (5,000 rows for one new span). Once the window has loaded a document's
spans (``loaded``), each change set's segment rows are noted, and ``update`` applies
them to the reader (remove the old span, add the new one: one small query for the rows
added), or says it cannot (another document, other coders, a code/coder renamed...), and
the window reads everything again."""
from __future__ import annotations

from typing import Callable, NamedTuple

from PySide6.QtCore import QObject

from app.coding import queries
from app.coding.codebook import code_paths
from ui.models.segment_table_model import names_changed
from ui.reader.spans import HighlightSpan

_ID, _DOC, _CODE, _COLOUR, _CODER, _START, _END, _MEMO = 0, 2, 5, 7, 9, 10, 11, 12


class LabelRow(NamedTuple):
    """What a span's tooltip label is made of (the fields of a SegmentRow it uses)."""
    code_path: str
    coder: str
    memo: str


class LiveSpans(QObject):
    def __init__(self, session, reader, label: Callable, parent: QObject | None = None):
        super().__init__(parent)
        self.reader, self._label = reader, label
        self._document: int | None = None
        self._coders: tuple | None | bool = False
        self._fresh = False
        self._pending: list = []
        self.full_loads = 0
        self.updates = 0
        session.changeset.connect(self._seen)
        session.invalidated.connect(self.invalidate)

    def invalidate(self) -> None:
        self._fresh = False

    def load(self, document_id: int, coder_ids) -> list[HighlightSpan]:
        """Every span of the document for these coders (one query, no object per row but
        the span), remembered as loaded."""
        raw = queries.segment_tuples(document_ids=[document_id], coder_ids=coder_ids)
        spans = self._spans(raw, code_paths())
        self.loaded(document_id, coder_ids)
        return spans

    def _spans(self, raw, paths) -> list[HighlightSpan]:
        label = self._label
        return [HighlightSpan(r[_ID], r[_START], r[_END], r[_COLOUR], r[_CODE],
                              label(LabelRow(paths.get(r[_CODE], ""), r[_CODER], r[_MEMO] or "")))
                for r in raw]

    def loaded(self, document_id: int | None, coder_ids) -> None:
        """The window just read every span of ``document_id`` for these coders."""
        self._document = document_id
        self._coders = None if coder_ids is None else tuple(sorted(set(coder_ids)))
        self._fresh = document_id is not None
        self._pending = []
        self.full_loads += 1

    def _seen(self, changeset) -> None:
        if not self._fresh:
            return
        if (getattr(changeset, "outside", False) and not changeset.changes) or names_changed(changeset):
            self._fresh = False  # colours, labels or the text itself may differ
            return
        self._pending.extend(c for c in changeset.changes if c.table == "segment")

    def update(self, document_id: int | None, coder_ids) -> bool:
        """Apply the noted changes to the reader; False: the caller must read everything."""
        coders = None if coder_ids is None else tuple(sorted(set(coder_ids)))
        if not self._fresh or document_id != self._document or coders != self._coders:
            return False
        pending, self._pending = self._pending, []
        if not pending:
            return True
        wanted = []
        for change in pending:
            for row in (change.before, change.after):
                if row is not None and row.get("id") is not None:
                    self.reader.remove_span(row["id"])
            after = change.after
            if (after is not None and after.get("document") == document_id
                    and (coders is None or after.get("coder") in coders)):
                wanted.append(after["id"])
        if wanted:
            raw = queries.segment_tuples(coder_ids=None if coders is None else list(coders), segment_ids=wanted)
            for span in self._spans(raw, code_paths()):
                self.reader.add_span(span)
        self.updates += 1
        return True
