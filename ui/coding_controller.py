"""Coding in the reader: apply codes to the selection (palette, number keys, drag from
the codebook, context menu, sticky code), uncode, change bounds, segment memos."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import QMenu, QWidget

from app.coding import segments as coding
from app.errors import ChorusError
from app.coding.queries import CodeRow
from app.coding.recent_codes import assign_keys, prune_recent, push_recent, slots_from_recent
from ui.actions import RECENT_IDS, ActionId, ActionRegistry
from ui.models.code_tree_model import CodeTreeModel, code_id_from_mime
from ui.project_session import ProjectSession
from ui.session_watch import is_retryable
from ui.reader import ReaderView
from ui.settings import Settings
from ui.widgets.code_palette import CodePalette, swatch
from ui.widgets.memo_dialog import MemoDialog


class CodingController(QObject):
    message = Signal(str)  # one line for the status bar
    recentChanged = Signal(list)  # list[CodeRow]
    activeCodeChanged = Signal(int)

    def __init__(self, session: ProjectSession, reader: ReaderView, codes: CodeTreeModel, actions: ActionRegistry,
                 settings: Settings, window: QWidget):
        super().__init__(window)
        self.session, self.reader, self.codes, self.actions = session, reader, codes, actions
        self.settings, self.window = settings, window
        self.document_id: int | None = None
        self.active_code_id: int | None = None
        self._project_key = str(session.project.path.resolve())
        self.recent: list[int] = settings.recent_codes(self._project_key)
        # number keys 1-9: stable (a code keeps its key), some pinned by the researcher
        self.pinned: dict[int, int] = settings.pinned_keys(self._project_key)
        slots = settings.key_slots(self._project_key)
        self.slots = assign_keys(slots if slots is not None else slots_from_recent(self.recent), self.pinned,
                                 self.recent)
        actions[ActionId.CODE_PALETTE].triggered.connect(self.open_palette)
        actions[ActionId.UNCODE].triggered.connect(self.uncode_at_cursor)
        actions.scope_to(RECENT_IDS, reader)
        for number, action_id in enumerate(RECENT_IDS):
            actions[action_id].triggered.connect(lambda _c=False, n=number: self.apply_recent(n))
        reader.contextMenuAt.connect(self.context_menu)
        viewport = reader.text_edit().viewport()
        viewport.setAcceptDrops(True)
        viewport.installEventFilter(self)

    # -- the selection ----------------------------------------------------------------
    def selection(self) -> tuple[int, int] | None:
        if self.document_id is None:
            return None
        start, end = self.reader.selection()
        return (start, end) if end > start else None

    def apply_code(self, code_id: int) -> bool:
        """Code the reader's selection with ``code_id`` (one undoable change)."""
        span = self.selection()
        if span is None:
            self.message.emit("Select some text in the document first.")
            return False
        try:
            self.session.perform(coding.code_span, self.session.project, self.document_id, span[0], span[1], code_id)
        except ChorusError as exc:
            self.message.emit(str(exc))
            return False
        self._used(code_id)
        row = self.codes.code(code_id)
        self.message.emit(f"Coded {span[1] - span[0]} characters as {row.path if row else code_id}.")
        return True

    def apply_new_code(self, path: str) -> bool:
        """Create the code at ``path`` and code the selection with it (one undo step)."""
        span = self.selection()
        if span is None:
            self.message.emit("Select some text in the document first.")
            return False
        try:
            segment = self.session.perform(coding.code_span, self.session.project, self.document_id, span[0],
                                           span[1], path, create_missing=True)
        except ChorusError as exc:
            self.message.emit(str(exc))
            return False
        self._used(segment.code_id)
        return True

    def apply_recent(self, number: int) -> None:
        row = self.key_rows()[number]
        if row is not None:
            self.apply_code(row.id)
        else:
            self.message.emit(f"No code on key {number + 1} yet (right-click a code: Pin to key).")

    def open_palette(self) -> None:
        if self.selection() is None:
            self.message.emit("Select some text in the document first, then press Ctrl+K.")
            return
        palette = CodePalette(self.codes.rows_in_order(), self.window, title="Code the selection as…",
                              recent=self.recent)
        if palette.exec() != CodePalette.DialogCode.Accepted:
            return
        code_id, new_path = palette.chosen()
        if code_id is not None:
            self.apply_code(code_id)
        elif new_path:
            self.apply_new_code(new_path)

    # -- recent and active codes -------------------------------------------------------
    def _used(self, code_id: int) -> None:
        self.recent = push_recent(self.recent, code_id)
        self.settings.set_recent_codes(self._project_key, self.recent)
        self._set_slots(assign_keys(self.slots, self.pinned, self.recent, code_id))
        self.active_code_id = code_id
        self.activeCodeChanged.emit(code_id)
        self.recentChanged.emit(self.recent_rows())

    def set_active_code(self, code_id: int | None) -> None:
        self.active_code_id = code_id if code_id and code_id > 0 else None

    def key_rows(self) -> list[CodeRow | None]:
        """The code on each number key (index 0 is key 1), None for a free key."""
        return [self.codes.code(cid) if cid is not None else None for cid in self.slots]

    def _set_slots(self, slots: list[int | None]) -> None:
        if slots != self.slots:
            self.slots = slots
            self.settings.set_key_slots(self._project_key, slots)

    def pin(self, key: int, code_id: int) -> None:
        """Put ``code_id`` on number key ``key`` (1-9) for good (until unpinned)."""
        self.pinned = {k: c for k, c in self.pinned.items() if c != code_id}
        self.pinned[key] = code_id
        self.settings.set_pinned_keys(self._project_key, self.pinned)
        self._set_slots(assign_keys(self.slots, self.pinned, self.recent))
        self.recentChanged.emit(self.recent_rows())

    def unpin(self, code_id: int) -> None:
        self.pinned = {k: c for k, c in self.pinned.items() if c != code_id}
        self.settings.set_pinned_keys(self._project_key, self.pinned)
        self.recentChanged.emit(self.recent_rows())

    def recent_rows(self) -> list[CodeRow]:
        rows = [self.codes.code(cid) for cid in self.recent]
        return [r for r in rows if r is not None]

    def codes_reloaded(self) -> None:
        existing = {r.id for r in self.codes.rows_in_order()}
        pruned = prune_recent(self.recent, existing)
        if pruned != self.recent:
            self.recent = pruned
            self.settings.set_recent_codes(self._project_key, pruned)
        if self.active_code_id not in existing:
            self.active_code_id = None
        kept = {k: c for k, c in self.pinned.items() if c in existing}
        if kept != self.pinned:
            self.pinned = kept
            self.settings.set_pinned_keys(self._project_key, kept)
        self._set_slots(assign_keys(self.slots, self.pinned, self.recent, existing=existing))
        self.recentChanged.emit(self.recent_rows())

    # -- sticky code: code each finished mouse selection --------------------------------
    def _sticky_apply(self) -> None:
        if not self.actions[ActionId.STICKY_CODE].isChecked() or self.selection() is None:
            return
        if self.active_code_id is None:
            self.message.emit("Sticky code is on, but no code is active: pick one in the codebook.")
            return
        self.apply_code(self.active_code_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease:
            QTimer.singleShot(0, self._sticky_apply)  # after the reader snapped the selection
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if code_id_from_mime(event.mimeData()) is not None:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            code_id = code_id_from_mime(event.mimeData())
            if code_id is not None:
                event.acceptProposedAction()
                self.apply_code(code_id)
                return True
        return super().eventFilter(watched, event)

    # -- segments under the cursor ---------------------------------------------------------
    def uncode_at_cursor(self) -> None:
        span = self.reader.selection()
        ids = [s.id for s in self.reader.spans_at(span[0])]
        if not ids:
            self.message.emit("No coded segment at the cursor.")
            return
        self.uncode(ids[-1] if len(ids) > 1 else ids[0])

    def uncode(self, segment_id: int) -> None:
        try:
            self.session.perform(coding.uncode, self.session.project, segment_id)
        except ChorusError as exc:
            self.message.emit(str(exc))

    def change_bounds(self, segment_id: int) -> None:
        span = self.selection()
        if span is None:
            self.message.emit("Select the new extent first, then choose Change bounds.")
            return
        try:
            self.session.perform(coding.set_bounds, self.session.project, segment_id, span[0], span[1])
        except ChorusError as exc:
            self.message.emit(str(exc))

    def edit_memo(self, segment_id: int) -> None:
        segment = coding.get_segment(segment_id)
        start, end = segment.start, segment.end
        quote = self.reader.text()[start:end]
        text = segment.memo
        while True:  # a failed save keeps what was typed and asks again
            dialog = MemoDialog("Segment memo", text, self.window,
                                subtitle=f"“{quote[:160]}{'…' if len(quote) > 160 else ''}”")
            if dialog.exec() != MemoDialog.DialogCode.Accepted:
                return
            text = dialog.text()
            try:
                self.session.perform(coding.set_segment_memo, self.session.project, segment_id, text)
                return
            except ChorusError as exc:
                self.message.emit(str(exc))
                if not is_retryable(exc):
                    return

    # -- the reader's context menu -----------------------------------------------------------
    def build_context_menu(self, segment_ids: list[int]) -> QMenu:
        menu = QMenu(self.window)
        code_menu = menu.addMenu("Code as")
        code_menu.setEnabled(self.selection() is not None)
        keyed = [(n, r) for n, r in enumerate(self.key_rows(), start=1) if r is not None]
        for number, row in keyed:
            action = code_menu.addAction(swatch(row.colour), f"{number}  {row.path}")
            action.triggered.connect(lambda _c=False, cid=row.id: self.apply_code(cid))
        if keyed:
            code_menu.addSeparator()
        on_keys = {r.id for _, r in keyed}
        for row in self.codes.rows_in_order():
            if row.id in on_keys:
                continue
            action = code_menu.addAction(swatch(row.colour), row.path)
            action.triggered.connect(lambda _c=False, cid=row.id: self.apply_code(cid))
        menu.addAction(self.actions[ActionId.CODE_PALETTE])
        spans = {s.id: s for s in self.reader.spans()}
        for seg_id in segment_ids:
            span = spans.get(seg_id)
            if span is None:
                continue
            menu.addSeparator()
            sub = menu.addMenu(swatch(span.colour), span.label.split("\n")[0])
            sub.addAction("Uncode").triggered.connect(lambda _c=False, s=seg_id: self.uncode(s))
            bounds = sub.addAction("Change bounds to the selection")
            bounds.setEnabled(self.selection() is not None)
            bounds.triggered.connect(lambda _c=False, s=seg_id: self.change_bounds(s))
            sub.addAction("Edit memo…").triggered.connect(lambda _c=False, s=seg_id: self.edit_memo(s))
        return menu

    def context_menu(self, global_pos: QPoint, _position: int, segment_ids: list) -> None:
        self.build_context_menu(list(segment_ids)).popup(global_pos)
