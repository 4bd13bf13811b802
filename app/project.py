"""The open project: one SQLite file, its current coder, and the change pipeline.

Every change goes through ``Project.change(label)``: one transaction, the rows written
through a ``ChangeRecorder``, the audit log appended, and listeners told what changed
(the UI's single "project changed" signal hangs off ``add_listener``).
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from app import audit
from app.changes import ChangeRecorder, ChangeSet, apply_changes, conflicting_rows
from app.errors import (ChangedElsewhere, DiskFull, NotPermitted, ProjectBusy, ProjectDamaged, ProjectReadOnly,
                        StoreError)
from db import backend, connection
from db.connection import ProjectFileError
from db.models import Coder, ProjectSetting, database_proxy
from db.statements import Statement

_SETTING = Statement(lambda p: ProjectSetting.select(ProjectSetting.value).where(ProjectSetting.key == p.text("key")))

Listener = Callable[[ChangeSet], None]

__all__ = ["Project", "ProjectFileError", "coder_colour", "default_coder_name"]


def default_coder_name() -> str:
    """The shared coder preference (app/coding/preferences.py), else the login name."""
    from app.coding import preferences  # lazy: app.coding imports this module

    return preferences.coder_name()


class Project:
    def __init__(self, path: Path, db, coder_name: str | None = None, *, read_only: bool = False,
                 read_only_reason: str = "", damage: list[str] | None = None):
        self.path = Path(path)
        self.name = self.path.name  # for messages and titles (a server URL's name, later)
        self.db = db
        self.coder_name = coder_name or default_coder_name()
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self.damage: list[str] = list(damage or [])
        self.last_change: ChangeSet | None = None
        self._listeners: list[Listener] = []
        self._own_changesets: set[str] = set()
        self._seen_version = 0
        self._seen_audit_id = 0
        self._coders: dict[str, Coder] = {}  # by name; forgotten when the coder table changes
        self._mark_seen()

    # -- opening -------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, coder_name: str | None = None) -> "Project":
        from app.team import server  # lazy: the server module imports this one

        if server.server_url(path) is not None:
            raise server.ServerError(f"{server.server_url(path).split('@')[-1]}: a server project is made by "
                                     f"an administrator with 'chorus server init URL --lead NAME'")
        path = Path(path)
        db = connection.create_database(path)
        return cls(path, db, coder_name)

    @classmethod
    def open(cls, path: Path | str, coder_name: str | None = None) -> "Project":
        """Open a project file, or a team-server project by its ``postgresql://`` URL
        (then ``path`` is a stand-in named after the database, ``name`` the address
        without the password, and the coder is the login; see app/team/server.py)."""
        from app.team import server  # lazy: the server module imports this one

        if server.server_url(path) is not None:
            return server.open_project(cls, path, coder_name)
        path = Path(path)
        opened = connection.open_project_file(path)
        project = cls(path, opened.db, coder_name, read_only=opened.read_only,
                      read_only_reason=opened.read_only_reason, damage=opened.damage)
        if opened.migrated_from is not None and opened.migrated_from < audit.SETTINGS_AUDITED_FROM:
            audit.adopt_settings(project)
        return project

    def close(self) -> None:
        backend.close(self.db)
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
        found = self._coders.get(name)
        if found is not None:
            return found
        found = Coder.get_or_none(Coder.name == name)
        if found is not None:
            self._coders[name] = found
            return found
        with self.change(f"Add coder {name}") as rec:
            found = Coder.get_or_none(Coder.name == name)  # another program may have just added it
            if found is not None:
                return found
            return rec.insert(Coder, name=name, colour=coder_colour(Coder.select().count()))

    # -- settings ----------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = _SETTING.one(key=key)  # read on every refresh of the window (blind mode): built once
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str | None, label: str | None = None) -> None:
        """Change a project setting: an audited, undoable change like any other."""
        with self.change(label or f"Set {key}") as rec:
            rec.set_setting(key, value)

    # -- the change pipeline -----------------------------------------------------
    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def check_writable(self) -> None:
        """Raise the one-line reason this project cannot take a change, if any."""
        if self.read_only:
            if self.read_only_reason == connection.FULL_DISK:
                raise DiskFull(self.name)
            raise ProjectReadOnly(self.name, self.read_only_reason)
        if self.damage:
            raise ProjectDamaged(self.name, self.damage[0][:120])

    @contextmanager
    def _write(self) -> Iterator[None]:
        """A write transaction that takes the lock at once; store errors as one line."""
        self.check_writable()
        try:
            with backend.begin_write(self.db):
                yield
        except (OSError, *backend.STORE_ERRORS) as exc:
            mapped = self._store_error(exc)
            if mapped is None:
                raise
            raise mapped from exc

    def _store_error(self, exc: BaseException) -> StoreError | None:
        """The one-line error for a failed write (None: not a store problem, re-raise)."""
        kind = backend.error_kind(exc, self.path)
        if kind == "busy":
            return ProjectBusy(self.name, backend.BUSY_TIMEOUT_S)
        if kind == "full":
            return DiskFull(self.name)
        if kind == "readonly":
            self.read_only, self.read_only_reason = True, "the file cannot be written"
            return ProjectReadOnly(self.name, self.read_only_reason)
        if kind == "damaged":
            self.damage.append(str(exc))
            return ProjectDamaged(self.name, str(exc))
        if kind == "denied":  # a server project's roles and row-level security (SERVER)
            return NotPermitted(self.name, backend.denied_what(exc))
        if kind == "io":
            return StoreError(f"{self.name}: the file could not be written ({exc}); nothing was saved")
        return None

    @contextmanager
    def change(self, label: str, coder: str | None = None) -> Iterator[ChangeRecorder]:
        """One user action: a transaction whose row changes are recorded and logged."""
        changeset = ChangeSet(label=label, coder=coder or self.coder_name)
        recorder = ChangeRecorder(changeset)
        with self._write():
            yield recorder
            audit.append(changeset)
            last_id = audit.last_entry_id() if changeset else None  # ours: we hold the write lock
        self._committed(changeset, last_id)

    def apply(self, changeset: ChangeSet) -> ChangeSet:
        """Apply a recorded change set again (redo, or an undo's inverse) and log it.

        Refused (``ChangedElsewhere``) when a row it touches is no longer in the state
        the change set starts from: someone else changed it since.
        """
        with self._write():
            conflicts = conflicting_rows(changeset)
            if conflicts:
                raise ChangedElsewhere(
                    f"{self.name}: cannot {changeset.label[0].lower() + changeset.label[1:]}: "
                    f"{conflicts[0]}"
                    + (f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""))
            apply_changes(changeset)
            audit.append(changeset)
            last_id = audit.last_entry_id() if changeset else None
        self._committed(changeset, last_id)
        return changeset

    def undo(self, changeset: ChangeSet) -> ChangeSet:
        """Revert a change set; returns the inverse that was applied."""
        return self.apply(changeset.inverse())

    def redo(self, changeset: ChangeSet) -> ChangeSet:
        redo = ChangeSet(label=f"Redo {changeset.label}", coder=changeset.coder, changes=changeset.changes)
        return self.apply(redo)

    def _committed(self, changeset: ChangeSet, last_id: int | None = None) -> None:
        self.last_change = changeset
        if last_id is not None:
            try:
                quiet = backend.data_version(self.db) == self._seen_version
            except backend.STORE_ERRORS:
                quiet = False
            if quiet:  # nobody else committed since the last look: skip past our own entries
                self._seen_audit_id = max(self._seen_audit_id, last_id)
            else:
                self._own_changesets.add(changeset.uuid)
        self._notify(changeset)

    def _notify(self, changeset: ChangeSet) -> None:
        if not changeset and not changeset.outside:
            return
        if "coder" in changeset.tables:
            self._coders.clear()
        for listener in list(self._listeners):
            listener(changeset)

    # -- changes made by other programs --------------------------------------------
    def _mark_seen(self) -> None:
        try:
            self._seen_version = backend.data_version(self.db)
            self._seen_audit_id = audit.last_entry_id()
        except backend.STORE_ERRORS:
            pass  # a damaged file: reads report it one line at a time

    def outside_changes(self) -> ChangeSet | None:
        """What other programs committed since the last call (None: nothing, one cheap read).

        The audit entries newer than the last one this Project saw, except its own, as
        one ``ChangeSet`` with ``outside=True`` (``.tables`` says what changed; with no
        entries, e.g. a raw edit, ``.tables`` names every table). Listeners are told.
        """
        try:
            version = backend.data_version(self.db)
            if version == self._seen_version:
                return None
            entries = audit.entries_after(self._seen_audit_id)
        except (OSError, *backend.STORE_ERRORS) as exc:
            # a poll must never surface a raw driver error (a damaged file, a lost server)
            mapped = self._store_error(exc)
            if mapped is None:
                raise StoreError(f"{self.name}: could not read changes made elsewhere ({exc})") from exc
            raise mapped from exc
        self._seen_version = version
        own = self._own_changesets
        changes = []
        for entry in entries:
            self._seen_audit_id = max(self._seen_audit_id, entry.id)
            if entry.changeset in own:
                continue
            changes.append(entry.row_change())
        self._own_changesets = set()
        if entries and not changes:
            return None  # only our own commits (seen through a second connection)
        labels = sorted({e.label for e in entries if e.changeset not in own})
        label = labels[0] if len(labels) == 1 else f"{len(labels)} changes made elsewhere"
        changeset = ChangeSet(label=label or "Changed elsewhere", coder=None, changes=changes, outside=True)
        self._notify(changeset)
        return changeset


_CODER_PALETTE = ["#3b6fb6", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d"]


def coder_colour(index: int) -> str:
    """The colour a new coder gets: the palette, by the number of coders so far."""
    return _CODER_PALETTE[index % len(_CODER_PALETTE)]
