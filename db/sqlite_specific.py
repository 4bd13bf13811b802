"""SQLite-only features, all in one place (clearly marked, on purpose).

Everything else in Chorus talks to the database through portable peewee models, so a
team can later move a project to PostgreSQL. What cannot be portable lives here:
connection pragmas (foreign keys, WAL, busy timeout), the file's application id that
marks it as a Chorus project, file-level backup, and integrity checks.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

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
