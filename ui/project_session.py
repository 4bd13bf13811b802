"""The open project as a QObject: owns the Project and its one QUndoStack, and turns
project listener calls (from any thread) into one GUI-thread signal ``changed(flags)``."""
from __future__ import annotations

import enum
import threading
from typing import Callable, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.team import blind
from app.changes import ChangeSet
from app.errors import ChorusError
from app.project import Project
from ui.undo import ChangeCommand, MacroCommand

T = TypeVar("T")


class Changed(enum.IntFlag):
    NONE = 0
    DOCUMENTS = enum.auto()
    CODES = enum.auto()
    SEGMENTS = enum.auto()
    ATTRIBUTES = enum.auto()
    MEMOS = enum.auto()
    CODERS = enum.auto()
    SETTINGS = enum.auto()
    REVIEW = enum.auto()
    SUGGESTIONS = enum.auto()
    ALL = DOCUMENTS | CODES | SEGMENTS | ATTRIBUTES | MEMOS | CODERS | SETTINGS | REVIEW | SUGGESTIONS


_TABLE_FLAGS = {
    "document": Changed.DOCUMENTS,
    "code": Changed.CODES,
    "segment": Changed.SEGMENTS,
    "document_attribute": Changed.ATTRIBUTES,
    "memo": Changed.MEMOS,
    "coder": Changed.CODERS,
    "blind_event": Changed.SETTINGS,
    "decision": Changed.REVIEW,
    "decision_source": Changed.REVIEW,
    "assignment": Changed.REVIEW,  # done marks (AGREEMENT: the window's Ctrl+D)
    "team_lead": Changed.REVIEW,
    "suggestion_dismissal": Changed.SUGGESTIONS,
}


def flags_for(changeset: ChangeSet) -> Changed:
    flags = Changed.NONE
    for table in changeset.tables:
        flags |= _TABLE_FLAGS.get(table, Changed.NONE)
    # memos live in columns too: a segment/document memo edit is also a memo change
    for change in changeset.changes:
        if change.before and change.after and change.before.get("memo") != change.after.get("memo"):
            flags |= Changed.MEMOS
    return flags


class ProjectSession(QObject):
    changed = Signal(int)  # Changed flags, always emitted on the GUI thread
    # The change set itself, on the GUI thread, just BEFORE ``changed``: item models update
    # their rows from it (incrementally) so the views' reloads that follow find them fresh.
    changeset = Signal(object)
    # Everything may have changed without a change set (blind mode, the coder, settings):
    # models drop what they know. Emitted before the matching ``changed``.
    invalidated = Signal()
    # A change could not be saved (another program holds the lock, a full disk, a refused
    # undo...): one line for the user. Nothing was changed; the undo stack is as the file.
    writeFailed = Signal(str)
    _changeset_seen = Signal(object)  # internal: from any thread; auto-queued to ours

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.closed = False
        self._last_by_thread: dict[int, ChangeSet] = {}
        self._lock = threading.Lock()
        self._changeset_seen.connect(self._on_changeset, Qt.ConnectionType.AutoConnection)
        project.add_listener(self._listener)

    # -- project events ------------------------------------------------------
    def _listener(self, changeset: ChangeSet) -> None:
        with self._lock:
            self._last_by_thread[threading.get_ident()] = changeset
        self._changeset_seen.emit(changeset)

    def _on_changeset(self, changeset: ChangeSet) -> None:
        flags = flags_for(changeset)
        if getattr(changeset, "outside", False) and not changeset.changes:
            flags = Changed.ALL  # changed by hand, with no audit rows: anything may differ
        if flags:
            self.changeset.emit(changeset)
            self.changed.emit(int(flags))

    def notify(self, flags: Changed) -> None:
        """For changes outside the change pipeline (settings, blind mode)."""
        self.invalidated.emit()
        self.changed.emit(int(flags))

    # -- changes made by other programs ------------------------------------------------
    def poll_outside(self) -> bool:
        """Ask the project what other programs committed (cheap when nothing did); the
        views hear of it through ``changeset``/``changed``. True when something changed."""
        if self.closed:
            return False
        try:
            found = self.project.outside_changes()
        except ChorusError as exc:
            if str(exc) != getattr(self, "_poll_error", None):  # say it once, not every poll
                self._poll_error = str(exc)
                self.writeFailed.emit(str(exc))
            return False
        self._poll_error = None
        return found is not None

    # -- performing undoable actions -------------------------------------------
    def perform(self, action: Callable[..., T], *args, **kwargs) -> T:
        """Run an app function that makes one change; push it on the undo stack.

        App errors (ChorusError) propagate with nothing pushed and nothing changed."""
        ident = threading.get_ident()
        with self._lock:
            self._last_by_thread.pop(ident, None)
        try:
            result = action(*args, **kwargs)
        except ChorusError as exc:
            if _is_store_failure(exc):
                self.writeFailed.emit(str(exc))
            raise
        with self._lock:
            changeset = self._last_by_thread.pop(ident, None)
        if changeset:
            self.undo_stack.push(ChangeCommand(self, changeset))
        return result

    def push_batch(self, label: str, changesets: list[ChangeSet]) -> None:
        changesets = [cs for cs in changesets if cs]
        if len(changesets) == 1:
            self.undo_stack.push(ChangeCommand(self, changesets[0]))
        elif changesets:
            self.undo_stack.push(MacroCommand(self, label, changesets))

    # -- undo and redo that never get ahead of the file -----------------------------------
    def undo(self) -> str | None:
        """Undo the last change: the write first, then the stack. Returns what was undone,
        or None (nothing to undo, or it failed: ``writeFailed`` says why, the stack stays)."""
        stack = self.undo_stack
        if not stack.canUndo():
            return None
        command = stack.command(stack.index() - 1)
        text = stack.undoText()
        if isinstance(command, ChangeCommand):
            try:
                command.revert()
            except ChorusError as exc:
                self.writeFailed.emit(str(exc))
                return None
        stack.undo()  # the command's undo() finds the file already reverted
        return text

    def redo(self) -> str | None:
        stack = self.undo_stack
        if not stack.canRedo():
            return None
        command = stack.command(stack.index())
        text = stack.redoText()
        if isinstance(command, ChangeCommand):
            try:
                command.reapply()
            except ChorusError as exc:
                self.writeFailed.emit(str(exc))
                return None
        stack.redo()
        return text

    def command_failed(self, command: ChangeCommand, exc: ChorusError) -> None:
        """The stack moved over a command whose write failed: say so, then (once the stack
        has finished moving) put it back where the file is."""
        self.writeFailed.emit(str(exc))
        QTimer.singleShot(0, self._resync_stack)

    def _resync_stack(self) -> None:
        stack = self.undo_stack
        done = 0  # commands are done up to the first one that is not
        for i in range(stack.count()):
            command = stack.command(i)
            if isinstance(command, ChangeCommand) and not command.done:
                break
            done = i + 1
        if stack.index() != done:
            stack.setIndex(done)  # no writes: every command in between already matches

    # -- helpers for views ---------------------------------------------------
    def visible_coder_ids(self) -> list[int] | None:
        return blind.visible_coder_ids(self.project)

    def is_blind(self) -> bool:
        return blind.is_blind(self.project)

    def set_blind(self, on: bool) -> None:
        """Start (the current coder becomes the lead) or end blind mode; only the lead
        may end it (app.errors.InvalidOperation otherwise). Recorded, not undoable."""
        if on == self.is_blind():
            return
        if on:
            blind.start_blind(self.project)
        else:
            blind.end_blind(self.project)
        self.notify(Changed.ALL)

    def set_coder_name(self, name: str) -> None:
        self.project.coder_name = name
        self.notify(Changed.ALL)

    def close(self) -> None:
        self.closed = True
        self.project.remove_listener(self._listener)
        self.undo_stack.clear()
        self.project.close()


def _is_store_failure(exc: ChorusError) -> bool:
    """Failures of the store itself (busy, full, read-only, damaged, refused), which the
    window always shows, besides the caller's own status line."""
    from app.errors import ChangedElsewhere, StoreError

    return isinstance(exc, (StoreError, ChangedElsewhere))
