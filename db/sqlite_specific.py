"""SQLite-only features, all in one place (clearly marked, on purpose).

Everything else in Chorus talks to the database through portable peewee models, so a
team can later move a project to PostgreSQL. What cannot be portable lives here:
connection pragmas (foreign keys, WAL, busy timeout), the file's application id that
marks it as a Chorus project, file-level backup, and integrity checks.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

# What a damaged or foreign file raises, through peewee or the sqlite3 module directly.
FILE_ERRORS = (DatabaseError, sqlite3.DatabaseError)

# 'CHRS' as a 32-bit integer, stored in the SQLite header (PRAGMA application_id).
CHORUS_APPLICATION_ID = 0x43485253
SQLITE_MAGIC = b"SQLite format 3\x00"

PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "busy_timeout": 5000,
    "synchronous": "normal",  # safe with WAL: a crash loses at most the last commit
    "cache_size": -32000,  # 32 MB page cache
}


def make_database(path: Path) -> SqliteDatabase:
    return SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)


def looks_like_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(16) == SQLITE_MAGIC


def probe(path: Path, version_table: str) -> tuple[int, int]:
    """(application id, highest schema version or 0), read without changing the file.

    Uses a read-only connection with no pragmas, so a file that is refused (another
    program's database, a newer Chorus) is left byte-for-byte as it was. Raises
    sqlite3.DatabaseError for a damaged file. With no ``-wal`` file beside it, the main
    file is the whole database, so it is read as immutable (no -wal/-shm files made).
    """
    path = Path(path)
    has_wal = path.with_name(path.name + "-wal").exists()
    mode = "mode=ro" if has_wal else "immutable=1"
    con = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (version_table,)).fetchone()
        version = 0
        if has_table:
            version = con.execute(f'SELECT MAX(version) FROM "{version_table}"').fetchone()[0] or 0
        return app_id, version
    finally:
        con.close()


def read_application_id(db: SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA application_id").fetchone()[0]


def write_application_id(db: SqliteDatabase) -> None:
    db.execute_sql(f"PRAGMA application_id = {CHORUS_APPLICATION_ID}")


def integrity_errors(db: SqliteDatabase) -> list[str]:
    """Return SQLite's own integrity complaints ([] when the file is sound)."""
    rows = [r[0] for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
    rows += [str(r) for r in db.execute_sql("PRAGMA foreign_key_check").fetchall()]
    return [r for r in rows if r != "ok"]


def backup_file(source: Path, target: Path) -> None:
    """Copy a live project file consistently (WAL included) with SQLite's backup API."""
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def checkpoint(db: SqliteDatabase) -> None:
    """Fold the WAL into the main file (used before copying a project file)."""
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def open_readonly(path: Path) -> SqliteDatabase:
    """Open another project file strictly read-only (URI ``mode=ro``), e.g. to merge it.

    No pragmas are written, so the file (and its WAL mode) is left exactly as it was.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return SqliteDatabase(uri, uri=True, check_same_thread=False)
