"""Opening and creating project files, with schema versioning and migrations.

A project is one SQLite file (extension ``.chorus``). Opening checks that the file is
a Chorus project, refuses files written by a newer Chorus, and backs the file up
before migrating an older one.
"""
from __future__ import annotations

import errno
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from peewee import SqliteDatabase

from db import sqlite_specific
from db.migrations import LATEST_VERSION, MIGRATIONS
from db.models import SchemaVersion, database_proxy

PROJECT_SUFFIX = ".chorus"
# Whether this process has the file open (then nothing may open() it: see sqlite_specific)
is_open_here = sqlite_specific.is_open_here
# Whether this process holds SQLite's locks on it (an open project): never read it then
must_not_read = sqlite_specific.must_not_read
FULL_DISK = "the disk is full"


class ProjectFileError(Exception):
    """A project file cannot be opened; ``str(e)`` names the file and the reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{Path(path).name}: {reason}")
        self.path = Path(path)
        self.reason = reason


def create_database(path: Path) -> SqliteDatabase:
    """Create a new, empty project file at ``path`` (which must not exist).

    The file is built under a temporary name in the same folder and linked into place
    only when complete, so a full disk or a crash never leaves a half-made (or 0-byte)
    project behind.
    """
    path = Path(path)
    if path.exists():
        raise ProjectFileError(path, "a file of that name already exists")
    if not path.parent.is_dir():
        raise ProjectFileError(path, f"folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise ProjectFileError(path, "the folder is read-only: a project cannot be created there")
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.creating")
    db = None
    try:
        db = sqlite_specific.make_database(tmp)
        db.connect()
        sqlite_specific.write_application_id(db)
        database_proxy.initialize(db)
        _migrate(db, tmp, backup=False)
        db.close()
        _link_into_place(tmp, path)
    except ProjectFileError as exc:
        _discard(db, tmp)
        raise ProjectFileError(path, exc.reason) from exc
    except (OSError, *sqlite_specific.FILE_ERRORS) as exc:
        _discard(db, tmp)
        raise ProjectFileError(path, describe_store_error(exc, "could not be created", path)) from exc
    db = sqlite_specific.make_database(path)
    db.connect()
    database_proxy.initialize(db)
    return db


def _link_into_place(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)  # fails if the name was taken meanwhile
    except FileExistsError:
        raise ProjectFileError(path, "a file of that name already exists") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        if path.exists():
            raise ProjectFileError(path, "a file of that name already exists") from None
        os.rename(tmp, path)
        return
    os.unlink(tmp)


def _discard(db, tmp: Path) -> None:
    if db is not None and not db.is_closed():
        db.close()
    for name in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm"),
                 tmp.with_name(tmp.name + "-journal")):
        try:
            name.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass  # best effort: a read-only folder never had the file in the first place


def describe_store_error(exc: BaseException, doing: str = "", path: Path | None = None) -> str:
    """One line for an SQLite / OS error: the disk is full, read-only, damaged, ..."""
    kind = sqlite_specific.error_kind(exc, path)
    if kind == "full":
        return "the disk is full"
    if kind == "readonly":
        return "the project is read-only"
    if kind == "busy":
        return f"another program is writing to this project (waited {sqlite_specific.BUSY_TIMEOUT_S:g} s); try again"
    if kind == "damaged":
        return "the file is damaged (run 'chorus verify'; restore the last backup)"
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"{doing} ({detail})" if doing else detail


@dataclass
class OpenedFile:
    """A project file's connection and what opening it found."""

    db: SqliteDatabase
    read_only: bool = False
    read_only_reason: str = ""
    damage: list[str] = field(default_factory=list)
    migrated_from: int | None = None  # the schema version before this open upgraded it


def _writable(path: Path) -> tuple[bool, str]:
    if not os.access(path, os.W_OK):
        return False, "the file is not writable"
    if not os.access(path.parent, os.W_OK):
        return False, "its folder is not writable"
    return True, ""


def open_database(path: Path) -> SqliteDatabase:
    """Open an existing project file, migrating it (after a backup) when older."""
    return open_project_file(path).db


def open_project_file(path: Path) -> OpenedFile:
    """Open an existing project file: checks first, then one connection.

    The header sniff and the probe happen before this process connects (a raw read
    of a file the process has open would drop SQLite's locks; ``looks_like_sqlite``
    refuses to). A file or folder that is not writable (read-only media, permissions)
    is opened read-only (``mode=ro``, or ``immutable=1`` when SQLite cannot share the
    -shm); files up to 16 MB get SQLite's quick check (damage found is reported in
    ``damage``, and writes are then refused by the Project).
    """
    path = Path(path)
    if not path.is_file():
        raise ProjectFileError(path, "no such project file")
    try:
        if not sqlite_specific.looks_like_sqlite(path):
            raise ProjectFileError(path, "not a Chorus project (not an SQLite database)")
    except OSError as exc:
        raise ProjectFileError(path, f"cannot be read ({exc.strerror})") from exc
    try:
        app_id, version = sqlite_specific.probe(path, SchemaVersion._meta.table_name)
    except sqlite_specific.FILE_ERRORS as exc:
        kind = sqlite_specific.error_kind(exc)
        if kind in ("damaged", None):
            raise ProjectFileError(path, f"the file is damaged or not a project ({exc})") from exc
        raise ProjectFileError(path, describe_store_error(exc, "cannot be read")) from exc
    if app_id != sqlite_specific.CHORUS_APPLICATION_ID:
        raise ProjectFileError(path, "not a Chorus project (an SQLite file of another program)")
    if version == 0:
        raise ProjectFileError(path, "the file is damaged: it has no Chorus tables")
    if version > LATEST_VERSION:
        raise ProjectFileError(
            path,
            f"made by a newer Chorus (schema version {version}; this Chorus reads up to "
            f"{LATEST_VERSION}). Please update Chorus to open it.",
        )
    writable, why = _writable(path)
    if not writable:
        if version < LATEST_VERSION:
            raise ProjectFileError(path, f"the project is read-only ({why}) and was made by an older "
                                         f"Chorus: copy it somewhere writable to upgrade it")
        return OpenedFile(_connect_readonly(path), True, why, [])
    db = sqlite_specific.make_database(path)
    try:
        db.connect()
    except sqlite_specific.FILE_ERRORS as exc:
        db.close()
        kind = sqlite_specific.error_kind(exc, path)
        if kind == "readonly":
            return OpenedFile(_connect_readonly(path), True, "the file cannot be written", [])
        if kind == "full":  # SQLite could not make its -shm: reads still work
            return OpenedFile(_connect_readonly(path), True, FULL_DISK, [])
        if kind in ("damaged", None):
            raise ProjectFileError(path, f"the file is damaged or not a project ({exc})") from exc
        raise ProjectFileError(path, describe_store_error(exc, "cannot be opened")) from exc
    database_proxy.initialize(db)
    damage = check_damage(db, path)
    if version < LATEST_VERSION or _pending(db):
        if damage:
            db.close()
            raise ProjectFileError(path, f"the file is damaged ({damage[0]}); it was not upgraded. "
                                         f"Run 'chorus verify' and restore the last backup")
        _migrate(db, path, backup=True)
        return OpenedFile(db, False, "", damage, migrated_from=version)
    return OpenedFile(db, False, "", damage)


def check_damage(db: SqliteDatabase, path: Path, max_bytes: int | None = None) -> list[str]:
    """SQLite's quick_check when the file is small enough to check on every open."""
    limit = sqlite_specific.QUICK_CHECK_ON_OPEN_BYTES if max_bytes is None else max_bytes
    if sqlite_specific.file_size(path) > limit:
        return []
    try:
        return sqlite_specific.quick_check(db)
    except sqlite_specific.FILE_ERRORS as exc:
        return [str(exc)]


def _connect_readonly(path: Path) -> SqliteDatabase:
    """mode=ro first (sees the WAL); immutable=1 when the -shm cannot be made or shared."""
    last: Exception | None = None
    for immutable in (False, True):
        db = sqlite_specific.make_readonly_database(path, immutable=immutable)
        try:
            db.connect()
            db.execute_sql(f'SELECT MAX(version) FROM "{SchemaVersion._meta.table_name}"').fetchone()
        except sqlite_specific.FILE_ERRORS as exc:
            db.close()
            last = exc
            continue
        database_proxy.initialize(db)
        return db
    raise ProjectFileError(path, f"the project is read-only and cannot be read ({last})")


def backup_path_for(path: Path, version: int) -> Path:
    return path.with_name(f"{path.stem}.before-v{LATEST_VERSION}-from-v{version}.bak{PROJECT_SUFFIX}")


def _current_version(db: SqliteDatabase) -> int:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = db.execute_sql(f'SELECT MAX(version) FROM "{SchemaVersion._meta.table_name}"').fetchone()
    return row[0] or 0


def _recorded_versions(db: SqliteDatabase) -> set[int]:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return set()
    return {row[0] for row in db.execute_sql(f'SELECT version FROM "{SchemaVersion._meta.table_name}"')}


def _pending(db: SqliteDatabase) -> list:
    recorded = _recorded_versions(db)
    return [m for m in MIGRATIONS if m.VERSION not in recorded]


def _migrate(db: SqliteDatabase, path: Path, *, backup: bool) -> None:
    """Apply every migration the file has not recorded (not only those above its highest
    version: numbers may have landed out of order during development)."""
    version = _current_version(db)
    pending = _pending(db)
    if not pending:
        return
    if backup and version > 0:
        target = backup_path_for(path, version)
        try:
            sqlite_specific.backup_file(path, target)
        except (OSError, *sqlite_specific.FILE_ERRORS) as exc:
            _discard(None, target)
            raise ProjectFileError(path, "could not be backed up before the upgrade: "
                                         + describe_store_error(exc, path=target)) from exc
    try:
        with db.atomic():
            db.create_tables([SchemaVersion])
            for migration in pending:
                migration.apply(db)
                SchemaVersion.create(version=migration.VERSION, name=migration.NAME)
    except (OSError, *sqlite_specific.FILE_ERRORS) as exc:
        db.close()
        if sqlite_specific.error_kind(exc, path) == "full":
            raise ProjectFileError(path, "the disk is full") from exc
        where = f"; a copy from before the attempt is in {target.name}" if backup and version > 0 else ""
        raise ProjectFileError(path, f"could not be upgraded to schema version {LATEST_VERSION} "
                                     f"({exc}); the file was left unchanged{where}") from exc
