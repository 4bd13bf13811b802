"""The open project: one SQLite file, its current coder, and the change pipeline.

Every change goes through ``Project.change(label)``: one transaction, the rows written
through a ``ChangeRecorder``, the audit log appended, and listeners told what changed
(the UI's single "project changed" signal hangs off ``add_listener``).
"""
from __future__ import annotations

import getpass
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from app import audit
from app.changes import ChangeRecorder, ChangeSet, apply_changes
from db import connection
from db.connection import ProjectFileError
from db.models import Coder, ProjectSetting, database_proxy

Listener = Callable[[ChangeSet], None]

__all__ = ["Project", "ProjectFileError", "coder_colour", "default_coder_name"]


def default_coder_name() -> str:
    try:
        return getpass.getuser() or "coder"
    except (KeyError, OSError):
        return "coder"


class Project:
    def __init__(self, path: Path, db, coder_name: str | None = None):
        self.path = Path(path)
        self.db = db
        self.coder_name = coder_name or default_coder_name()
        self._listeners: list[Listener] = []

    # -- opening -------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, coder_name: str | None = None) -> "Project":
        path = Path(path)
        db = connection.create_database(path)
        return cls(path, db, coder_name)

    @classmethod
    def open(cls, path: Path | str, coder_name: str | None = None) -> "Project":
        path = Path(path)
        db = connection.open_database(path)
        return cls(path, db, coder_name)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()

    def activate(self) -> None:
        """Make this project the one the models talk to (one open project at a time)."""
        database_proxy.initialize(self.db)

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- coders ----------------------------------------------------------------
    def coder(self, name: str | None = None) -> Coder:
        """The coder of that name (default: the current coder), created on first use."""
        name = (name or self.coder_name).strip()
        if not name:
            raise ValueError("a coder needs a name")
        found = Coder.get_or_none(Coder.name == name)
        if found is not None:
            return found
        with self.change(f"Add coder {name}") as rec:
            return rec.insert(Coder, name=name, colour=coder_colour(Coder.select().count()))

    # -- settings ----------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = ProjectSetting.get_or_none(ProjectSetting.key == key)
        return default if row is None else row.value

    def set_setting(self, key: str, value: str | None) -> None:
        with self.db.atomic():
            ProjectSetting.replace(key=key, value=value).execute()

    # -- the change pipeline -----------------------------------------------------
    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextmanager
    def change(self, label: str, coder: str | None = None) -> Iterator[ChangeRecorder]:
        """One user action: a transaction whose row changes are recorded and logged."""
        changeset = ChangeSet(label=label, coder=coder or self.coder_name)
        recorder = ChangeRecorder(changeset)
        with self.db.atomic():
            yield recorder
            audit.append(changeset)
        self.last_change = changeset
        self._notify(changeset)

    def apply(self, changeset: ChangeSet) -> ChangeSet:
        """Apply a recorded change set again (redo) and log it."""
        with self.db.atomic():
            apply_changes(changeset)
            audit.append(changeset)
        self._notify(changeset)
        return changeset

    def undo(self, changeset: ChangeSet) -> ChangeSet:
        """Revert a change set; returns the inverse that was applied."""
        return self.apply(changeset.inverse())

    def redo(self, changeset: ChangeSet) -> ChangeSet:
        redo = ChangeSet(label=f"Redo {changeset.label}", coder=changeset.coder, changes=changeset.changes)
        return self.apply(redo)

    def _notify(self, changeset: ChangeSet) -> None:
        if not changeset:
            return
        for listener in list(self._listeners):
            listener(changeset)


_CODER_PALETTE = ["#3b6fb6", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d"]


def coder_colour(index: int) -> str:
    """The colour a new coder gets: the palette, by the number of coders so far."""
    return _CODER_PALETTE[index % len(_CODER_PALETTE)]
