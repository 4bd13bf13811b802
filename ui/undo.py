"""Undo commands: each wraps one app ChangeSet (the change is already done).

A command knows whether its change is in the file (``done``) and only ever moves the file
from one state to the other, so the stack and the file cannot drift apart:

- ``ProjectSession.undo()`` / ``redo()`` (the window's Ctrl+Z / Ctrl+Shift+Z) do the write
  FIRST and move the stack only when it succeeded;
- when the stack itself calls ``undo()``/``redo()`` (a test, the Review window) and the
  write fails (another program holds the lock, the rows were changed elsewhere), the
  session is told and puts the stack back where the file is, right after.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.changes import ChangeSet
from app.errors import ChorusError


class ChangeCommand(QUndoCommand):
    """Undo/redo one recorded change. The first redo() (from QUndoStack.push) is a no-op:
    the app function already performed and committed the change."""

    def __init__(self, session, changeset: ChangeSet, parent: QUndoCommand | None = None):
        super().__init__(changeset.label, parent)
        self._session = session
        self.changeset = changeset
        self.done = True  # the change is in the file

    # the write itself; raises ChorusError (nothing changed) on failure
    def revert(self) -> None:
        if self.done:
            self._session.project.undo(self.changeset)
            self.done = False

    def reapply(self) -> None:
        if not self.done:
            self._session.project.redo(self.changeset)
            self.done = True

    # QUndoCommand: called by the stack
    def redo(self) -> None:
        try:
            self.reapply()
        except ChorusError as exc:
            self._session.command_failed(self, exc)

    def undo(self) -> None:
        try:
            self.revert()
        except ChorusError as exc:
            self._session.command_failed(self, exc)


def merged(label: str, changesets: list[ChangeSet]) -> ChangeSet:
    """Several recorded changes as one change set: undone and redone in one transaction."""
    changes = [c for cs in changesets for c in cs.changes]
    return ChangeSet(label=label, coder=changesets[0].coder if changesets else None, changes=changes)


class MacroCommand(ChangeCommand):
    """Several recorded changes undone and redone as one (e.g. a batch import), atomically."""

    def __init__(self, session, label: str, changesets: list[ChangeSet]):
        super().__init__(session, merged(label, changesets))
        self.changesets = list(changesets)
