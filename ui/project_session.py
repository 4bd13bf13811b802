"""The open project as a QObject: owns the Project and its one QUndoStack, and turns
project listener calls (from any thread) into one GUI-thread signal ``changed(flags)``."""
from __future__ import annotations

import enum
import threading
from typing import Callable, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack

from app.team import blind
from app.changes import ChangeSet
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
    ALL = DOCUMENTS | CODES | SEGMENTS | ATTRIBUTES | MEMOS | CODERS | SETTINGS | REVIEW


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
    _changeset_seen = Signal(object)  # internal: from any thread; auto-queued to ours

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
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
        if flags:
            self.changed.emit(int(flags))

    def notify(self, flags: Changed) -> None:
        """For changes outside the change pipeline (settings, blind mode)."""
        self.changed.emit(int(flags))

    # -- performing undoable actions -------------------------------------------
    def perform(self, action: Callable[..., T], *args, **kwargs) -> T:
        """Run an app function that makes one change; push it on the undo stack.

        App errors (ChorusError) propagate with nothing pushed and nothing changed."""
        ident = threading.get_ident()
        with self._lock:
            self._last_by_thread.pop(ident, None)
        result = action(*args, **kwargs)
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
        self.project.remove_listener(self._listener)
        self.undo_stack.clear()
        self.project.close()
