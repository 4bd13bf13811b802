"""Undo commands: each wraps one app ChangeSet (the change is already done)."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.changes import ChangeSet


class ChangeCommand(QUndoCommand):
    """Undo/redo one recorded change. The first redo() (from QUndoStack.push) is a no-op:
    the app function already performed and committed the change."""

    def __init__(self, session, changeset: ChangeSet, parent: QUndoCommand | None = None):
        super().__init__(changeset.label, parent)
        self._session = session
        self.changeset = changeset
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        self._session.project.redo(self.changeset)
        self._done = True

    def undo(self) -> None:
        self._session.project.undo(self.changeset)
        self._done = False


class MacroCommand(QUndoCommand):
    """Several recorded changes undone and redone as one (e.g. a batch import)."""

    def __init__(self, session, label: str, changesets: list[ChangeSet]):
        super().__init__(label)
        self._session = session
        self.changesets = list(changesets)
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        for cs in self.changesets:
            self._session.project.redo(cs)
        self._done = True

    def undo(self) -> None:
        for cs in reversed(self.changesets):
            self._session.project.undo(cs)
        self._done = False
