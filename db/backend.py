"""The store's backend-specific operations behind one portable interface.

app/ calls these instead of touching SQLite or PostgreSQL directly:

- ``begin_write(db)``: a context manager, a write transaction that takes the write lock
  at once (SQLite: ``BEGIN IMMEDIATE``, waiting out the 5 s busy timeout; PostgreSQL:
  a plain transaction, the audit-chain append serialised by the SERVER side).
- ``data_version(db)``: a cheap counter that changes when ANOTHER connection commits.
- ``is_postgres(db)``.
- ``error_kind(exc)``: busy | full | readonly | damaged | io | None, for one-line messages.
- ``STORE_ERRORS``: the exception classes a damaged, locked or full store raises.
"""
from __future__ import annotations

from peewee import DatabaseError, PostgresqlDatabase

from db import postgres_specific, sqlite_specific

STORE_ERRORS = (DatabaseError,) + tuple(sqlite_specific.FILE_ERRORS) + postgres_specific.DRIVER_ERRORS
BUSY_TIMEOUT_S = sqlite_specific.BUSY_TIMEOUT_S


def is_postgres(db) -> bool:
    db = getattr(db, "obj", db)  # a DatabaseProxy
    return isinstance(db, PostgresqlDatabase)


def begin_write(db):
    if is_postgres(db):
        return postgres_specific.begin_write(getattr(db, "obj", db))
    return sqlite_specific.begin_write(db)


def data_version(db) -> int:
    if is_postgres(db):
        return postgres_specific.data_version(getattr(db, "obj", db))
    return sqlite_specific.data_version(db)


def error_kind(exc: BaseException, path=None) -> str | None:
    """``path`` (a project file) helps SQLite tell a full disk from another I/O error."""
    return postgres_specific.error_kind(exc) or sqlite_specific.error_kind(exc, path)


# --- PostgreSQL only (SERVER) ---------------------------------------------------------------


def audit_head(db) -> str:
    """The hash of the last audit entry of the whole chain (PostgreSQL: whatever
    row-level security lets this login read)."""
    return postgres_specific.audit_head(getattr(db, "obj", db))


def close(db) -> None:
    """Release what the backend keeps beside the connection (PostgreSQL: the listener)."""
    if is_postgres(db):
        postgres_specific.close(getattr(db, "obj", db))


def denied_what(exc: BaseException) -> str:
    """What a refused server change was, in words (``NotPermitted``'s message)."""
    return postgres_specific.denied_what(exc)
