"""SQLite-only features, all in one place (clearly marked, on purpose).

Everything else in Chorus talks to the database through portable peewee models, so a
team can later move a project to PostgreSQL. What cannot be portable lives here:
connection pragmas (foreign keys, WAL, busy timeout), the file's application id that
marks it as a Chorus project, file-level backup, and integrity checks.
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from peewee import DatabaseError, OperationalError, SqliteDatabase

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
    """Whether the file starts with SQLite's magic bytes.

    Never reads a file this process has open (that would drop SQLite's locks, see
    ``is_open_here``): such a file was opened as a database, so it is taken as one and
    the connection's own reads report damage.
    """
    header = read_header(path, 16)
    return True if header is None else header == SQLITE_MAGIC


def probe(path: Path, version_table: str) -> tuple[int, int]:
    """(application id, highest schema version or 0), read without changing the file.

    Uses a read-only connection with no pragmas, so a file that is refused (another
    program's database, a newer Chorus) is left byte-for-byte as it was. Raises
    sqlite3.DatabaseError for a damaged file. With no ``-wal`` file beside it, the main
    file is the whole database, so it is read as immutable (no -wal/-shm files made).
    """
    path = Path(path)
    has_wal = path.with_name(path.name + "-wal").exists()
    # immutable=1 skips SQLite's locking (and its in-process lock sharing): only for a
    # file no connection in this process has open.
    mode = "mode=ro" if has_wal or is_open_here(path) else "immutable=1"
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


# --- Safety: locks, write transactions, outside changes, damage (SAFETY helper) -------------
#
# POSIX advisory locks belong to the process: one open()+close() of the project file
# anywhere in the process drops every lock SQLite holds on it. So nothing may read the
# file with open() while a connection to it is open here; ``is_open_here`` tells.

BUSY_TIMEOUT_S = PRAGMAS["busy_timeout"] / 1000
# Files up to this size get PRAGMA quick_check when opened: about 7 ms per MB here, so
# at most ~0.1 s; larger files are checked by `chorus verify` (integrity_check).
QUICK_CHECK_ON_OPEN_BYTES = 16 * 1024 * 1024


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def is_open_here(path: Path) -> bool:
    """True when this process has the file open (any descriptor, any thread).

    Linux: scans /proc/self/fd. Elsewhere, conservatively True when the file exists,
    so callers read the header through SQLite instead.
    """
    wanted = _file_id(path)
    if wanted is None:
        return False
    fd_dir = "/proc/self/fd"
    if not os.path.isdir(fd_dir):
        return True
    for name in os.listdir(fd_dir):
        try:
            st = os.stat(f"{fd_dir}/{name}")
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == wanted:
            return True
    return False


def locks_held(path: Path) -> int:
    """How many POSIX locks this process holds on the file (Linux /proc/locks; else -1)."""
    wanted = _file_id(path)
    if wanted is None:
        return 0
    dev, ino = wanted
    try:
        # /proc/locks is a kernel table, not the project file: reading it is harmless.
        with open("/proc/locks", encoding="ascii", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return -1
    pid = str(os.getpid())
    count = 0
    for line in lines:
        parts = line.split()
        if len(parts) > 1 and parts[1] == "->":
            parts = parts[1:]  # a blocked waiter
            continue
        if len(parts) < 6 or parts[4] != pid:
            continue
        try:
            major, minor, inode = parts[5].split(":")
            if int(inode) == ino and os.makedev(int(major, 16), int(minor, 16)) == dev:
                count += 1
        except ValueError:
            continue
    return count


def must_not_read(path: Path) -> bool:
    """Whether reading the file with open() could drop SQLite locks this process holds on it.

    True when this process holds POSIX locks on it (Linux /proc/locks); where that cannot
    be read, whenever the process has the file open at all.
    """
    held = locks_held(path)
    return held > 0 if held >= 0 else is_open_here(path)


def read_header(path: Path, size: int = 100) -> bytes | None:
    """The file's first bytes, or None when the file is open in this process (never read then)."""
    if is_open_here(path):
        return None
    with open(path, "rb") as handle:
        return handle.read(size)


@contextmanager
def begin_write(db: SqliteDatabase) -> Iterator[None]:
    """A write transaction holding the write lock from its first statement (BEGIN IMMEDIATE).

    Waits up to BUSY_TIMEOUT_S (5 s) for another writer, then raises OperationalError
    'database is locked'. The wait polls every few milliseconds (SQLite's own busy
    handler backs off to 100 ms sleeps, which makes queued writers slow to notice the
    lock is free). Nested inside a transaction it is a savepoint. When SQLite has
    already rolled the transaction back itself (a full disk, SQLITE_FULL/IOERR), the
    error that caused it is raised, not peewee's failed ROLLBACK.
    """
    try:
        if db.transaction_depth() > 0:
            with db.atomic():
                yield
        else:
            txn = _begin_immediate(db)
            with txn:
                yield
    except OperationalError as exc:
        cause: BaseException | None = exc
        while cause is not None and _failed_rollback(cause):
            cause = cause.__context__
        if cause is not None and cause is not exc:
            raise cause from None
        raise


_BUSY_SLEEPS = (0.0005, 0.001, 0.002, 0.003, 0.005)


def _begin_immediate(db: SqliteDatabase):
    """peewee's transaction, entered with BEGIN IMMEDIATE, retried on SQLITE_BUSY."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    attempt = 0
    db.execute_sql("PRAGMA busy_timeout = 0")
    try:
        while True:
            txn = db.transaction("IMMEDIATE")
            try:
                txn.__enter__()
                return _Entered(txn)
            except OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise
            time.sleep(_BUSY_SLEEPS[min(attempt, len(_BUSY_SLEEPS) - 1)])
            attempt += 1
    finally:
        db.execute_sql(f"PRAGMA busy_timeout = {PRAGMAS['busy_timeout']}")


class _Entered:
    """A transaction already begun: its ``with`` block only commits or rolls back."""

    def __init__(self, txn):
        self.txn = txn

    def __enter__(self):
        return self.txn

    def __exit__(self, *exc):
        return self.txn.__exit__(*exc)


def _failed_rollback(exc: BaseException) -> bool:
    text = str(exc)
    return "no transaction is active" in text or "no such savepoint" in text


def data_version(db: SqliteDatabase) -> int:
    """Changes when ANOTHER connection commits to the file (not for this connection's commits)."""
    return db.execute_sql("PRAGMA data_version").fetchone()[0]


def quick_check(db: SqliteDatabase, limit: int = 20) -> list[str]:
    rows = [r[0] for r in db.execute_sql(f"PRAGMA quick_check({int(limit)})").fetchall()]
    return [r for r in rows if r != "ok"]


def file_size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def error_kind(exc: BaseException, path: Path | None = None) -> str | None:
    """Classify an SQLite error: busy | full | readonly | damaged | io | None (other).

    SQLite often reports a full disk as a plain "disk I/O error" (the WAL or -shm could
    not grow): with ``path`` given, an I/O error with almost no free space left in the
    file's folder counts as "full".
    """
    kind = _error_kind(exc)
    if kind == "io" and path is not None and _nearly_full(Path(path).parent):
        return "full"
    return kind


def _nearly_full(folder: Path, margin: int = 1024 * 1024) -> bool:
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < margin


def _error_kind(exc: BaseException) -> str | None:
    text = str(exc).lower()
    if isinstance(exc, OSError):
        import errno
        if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
            return "full"
        if exc.errno == errno.EROFS or exc.errno == errno.EACCES:
            return "readonly"
        return None
    if not isinstance(exc, FILE_ERRORS):
        return None
    if "locked" in text or "busy" in text:
        return "busy"
    if "disk is full" in text or "database or disk is full" in text:
        return "full"
    if "readonly" in text or "read-only" in text or "attempt to write a readonly" in text:
        return "readonly"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "damaged"
    if "disk i/o error" in text or "unable to open" in text:
        return "io"
    return None


def make_readonly_database(path: Path, immutable: bool = False) -> SqliteDatabase:
    """A connection that never writes: ``mode=ro``, or ``immutable=1`` (no -shm needed)
    for a file on read-only media. No pragmas that write."""
    query = "immutable=1" if immutable else "mode=ro"
    uri = f"{Path(path).resolve().as_uri()}?{query}"
    return SqliteDatabase(uri, uri=True, check_same_thread=False,
                          pragmas={"foreign_keys": 1, "busy_timeout": PRAGMAS["busy_timeout"]})


# --- Analysis: the FTS5 search table of earlier versions (legacy) ----------------------------
#
# Search once kept each document's folded tokens in an FTS5 table. FTS5 cannot hand token
# positions back to Python, so every hit had to be found again in the text (75-181 ms for a
# common word over 10,000 articles); app/analysis/index.py now keeps token positions in
# portable tables instead. These two functions only find and drop the old tables (the
# first sync of a file made by an earlier version does it).

FTS_TABLE = "analysis_fts"
FTS_DOCS_TABLE = "analysis_fts_docs"  # document id -> text hash indexed
FTS_STATE_TABLE = "analysis_fts_state"  # key -> value (the audit position last synced)


def fts_exists(db) -> bool:
    row = db.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)).fetchone()
    return row is not None


def fts_drop(db) -> None:
    for table in (FTS_TABLE, FTS_DOCS_TABLE, FTS_STATE_TABLE):
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")

# --- end of Analysis section ------------------------------------------------------------------
