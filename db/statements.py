"""Queries built once with peewee and run again with new values (the hot paths).

Peewee spends 0.3-0.7 ms turning a small query into SQL, 30-60 times what SQLite takes
to run it (about 11 us). Coding one selection runs a dozen such queries, so on the
window's and the team server's hot paths the SQL building was most of the cost
(issues 11 and 13). A ``Statement`` builds its query once per backend with marker values
standing in for the parameters, remembers the SQL and where each marker landed, and
afterwards only passes the new values to the driver. The SQL is still peewee's own for
the backend (SQLite or PostgreSQL), so it stays portable.

    by_id = Statement(lambda p: Document.select(Document.id, Document.title)
                      .where(Document.id == p.int("id")))
    row = by_id.one(id=7)          # a tuple, or None

Parameters are plain database values: ints (``p.int``) and text (``p.text``). Anything
else in the query (constants, LIMITs) is compiled in as it was built.
"""
from __future__ import annotations

from typing import Any, Callable

from db import backend
from db.models import database_proxy

_INT_BASE = -7_314_159_265_358_979  # far below any id or position Chorus stores
_TEXT_MARK = "\x00chorus-parameter-{}\x00"


class Parameters:
    """Hands out the marker values a builder puts where parameters go."""

    def __init__(self) -> None:
        self.markers: dict[Any, str] = {}

    def int(self, name: str) -> int:
        value = _INT_BASE - len(self.markers)
        self.markers[value] = name
        return value

    def text(self, name: str) -> str:
        value = _TEXT_MARK.format(len(self.markers))
        self.markers[value] = name
        return value


class Statement:
    """One query, built by ``build(parameters)`` once per backend, run on the open project."""

    def __init__(self, build: Callable[[Parameters], Any]):
        self.build = build
        self._compiled: dict[bool, tuple[str, list[tuple[bool, Any]]]] = {}

    def _compile(self, db) -> tuple[str, list[tuple[bool, Any]]]:
        key = backend.is_postgres(db)
        compiled = self._compiled.get(key)
        if compiled is None:
            params = Parameters()
            query = self.build(params)
            sql, values = query.sql()
            slots: list[tuple[bool, Any]] = []
            found: list[str] = []
            for value in values:
                name = params.markers.get(value) if type(value) in (int, str) else None
                if name is not None:
                    slots.append((True, name))
                    found.append(name)
                else:
                    slots.append((False, value))
            missing = set(params.markers.values()) - set(found)
            if missing:  # peewee folded a marker into the SQL text: refuse rather than guess
                raise ValueError(f"statement parameters not found in the SQL: {sorted(missing)}")
            compiled = self._compiled[key] = (sql, slots)
        return compiled

    def execute(self, **values: Any):
        """Run the statement; returns the driver's cursor."""
        sql, slots = self._compile(database_proxy)
        return database_proxy.execute_sql(sql, [values[v] if is_param else v for is_param, v in slots])

    def rows(self, **values: Any) -> list[tuple]:
        return self.execute(**values).fetchall()

    def one(self, **values: Any) -> tuple | None:
        return self.execute(**values).fetchone()

    def scalar(self, **values: Any) -> Any:
        row = self.execute(**values).fetchone()
        return None if row is None else row[0]


class InsertStatement:
    """INSERT of these columns of ``model``; values given in that order, as database
    values (``Field.db_value``). The SQL is peewee's insert_many of one row, whose text
    does not depend on the values (the driver gets them as parameters). When peewee adds
    columns of its own (defaults of fields left out), each insert goes through peewee."""

    def __init__(self, model, field_names: tuple[str, ...]):
        self.model = model
        self.fields = [model._meta.fields[n] for n in field_names]
        self._compiled: dict[bool, tuple[str, bool, bool]] = {}

    def sql(self) -> tuple[str, bool, bool]:
        """(SQL, has RETURNING, exact: its parameters are just these columns)."""
        db = self.model._meta.database
        key = backend.is_postgres(db)
        compiled = self._compiled.get(key)
        if compiled is None:
            sql, params = self.model.insert_many([tuple(range(len(self.fields)))], fields=self.fields).sql()
            exact = len(params) == len(self.fields)  # peewee only ever adds columns
            compiled = self._compiled[key] = (sql, " RETURNING " in sql.upper(), exact)
        return compiled

    def insert(self, values: tuple | list) -> int:
        """One row; returns its id."""
        sql, returning, exact = self.sql()
        if not exact:
            return self.model.insert(dict(zip(self.fields, values))).execute()
        cursor = self.model._meta.database.execute_sql(sql, values)
        return cursor.fetchone()[0] if returning else cursor.lastrowid


class StatementCache:
    """Statements made on first use, by key (e.g. a model and a tuple of its columns)."""

    def __init__(self, make: Callable[..., Statement]):
        self.make = make
        self._made: dict[Any, Statement] = {}

    def get(self, *key: Any) -> Statement:
        statement = self._made.get(key)
        if statement is None:
            statement = self._made[key] = self.make(*key)
        return statement
