"""Opening and creating project files, with schema versioning and migrations.

A project is one SQLite file (extension ``.chorus``). Opening checks that the file is
a Chorus project, refuses files written by a newer Chorus, and backs the file up
before migrating an older one.
"""
from __future__ import annotations

from pathlib import Path

from peewee import SqliteDatabase

from db import sqlite_specific
from db.migrations import LATEST_VERSION, MIGRATIONS
from db.models import SchemaVersion, database_proxy

PROJECT_SUFFIX = ".chorus"


class ProjectFileError(Exception):
    """A project file cannot be opened; ``str(e)`` names the file and the reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{Path(path).name}: {reason}")
        self.path = Path(path)
        self.reason = reason


def create_database(path: Path) -> SqliteDatabase:
    """Create a new, empty project file at ``path`` (which must not exist)."""
    path = Path(path)
    if path.exists():
        raise ProjectFileError(path, "a file of that name already exists")
    if not path.parent.is_dir():
        raise ProjectFileError(path, f"folder {path.parent} does not exist")
    db = sqlite_specific.make_database(path)
    db.connect()
    sqlite_specific.write_application_id(db)
    database_proxy.initialize(db)
    _migrate(db, path, backup=False)
    return db


def open_database(path: Path) -> SqliteDatabase:
    """Open an existing project file, migrating it (after a backup) when older."""
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
        raise ProjectFileError(path, f"the file is damaged or not a project ({exc})") from exc
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
    db = sqlite_specific.make_database(path)
    try:
        db.connect()
    except sqlite_specific.FILE_ERRORS as exc:
        db.close()
        raise ProjectFileError(path, f"the file is damaged or not a project ({exc})") from exc
    database_proxy.initialize(db)
    if version < LATEST_VERSION:
        _migrate(db, path, backup=True)
    return db


def backup_path_for(path: Path, version: int) -> Path:
    return path.with_name(f"{path.stem}.before-v{LATEST_VERSION}-from-v{version}.bak{PROJECT_SUFFIX}")


def _current_version(db: SqliteDatabase) -> int:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = db.execute_sql(f'SELECT MAX(version) FROM "{SchemaVersion._meta.table_name}"').fetchone()
    return row[0] or 0


def _migrate(db: SqliteDatabase, path: Path, *, backup: bool) -> None:
    version = _current_version(db)
    if version >= LATEST_VERSION:
        return
    if backup and version > 0:
        target = backup_path_for(path, version)
        sqlite_specific.backup_file(path, target)
    try:
        with db.atomic():
            db.create_tables([SchemaVersion])
            for migration in MIGRATIONS:
                if migration.VERSION > version:
                    migration.apply(db)
                    SchemaVersion.create(version=migration.VERSION, name=migration.NAME)
    except sqlite_specific.FILE_ERRORS as exc:
        db.close()
        where = f"; a copy from before the attempt is in {target.name}" if backup and version > 0 else ""
        raise ProjectFileError(path, f"could not be upgraded to schema version {LATEST_VERSION} "
                                     f"({exc}); the file was left unchanged{where}") from exc
