"""Change sets: every user action as a list of row changes (before/after).

One mechanism serves three needs:
- undo/redo: a change set's ``inverse()`` is applied to undo it, the set itself to redo;
- the audit log: each applied change set is appended to the hash-chained log;
- views: ``ChangeSet.tables`` says what changed so a UI refreshes only that.

Rows are plain dicts of peewee field names to Python values (foreign keys as raw ids).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Iterable

from peewee import ForeignKeyField, Model, Value

from db.models import TRACKED_MODELS, ProjectSetting, new_uuid, utc_now
from db.statements import InsertStatement, Statement, StatementCache

Row = dict[str, Any]

# Project settings are logged like rows: table "project_setting", keyed by the setting's
# key (its row "uuid"), the row being {"key": ..., "value": ...}.
SETTING_TABLE = ProjectSetting._meta.table_name


@dataclass(frozen=True)
class RowChange:
    table: str
    uuid: str
    before: Row | None  # None: the row was inserted
    after: Row | None  # None: the row was deleted

    @property
    def action(self) -> str:
        if self.before is None:
            return "insert"
        if self.after is None:
            return "delete"
        return "update"

    def inverse(self) -> "RowChange":
        return RowChange(self.table, self.uuid, self.after, self.before)


@dataclass
class ChangeSet:
    label: str
    coder: str | None = None
    changes: list[RowChange] = field(default_factory=list)
    uuid: str = field(default_factory=new_uuid)
    outside: bool = False  # made by another program (Project.outside_changes): not undoable here
    # (table, id) -> uuid of rows the change refers to, known to its maker (the audit log
    # names a segment's document and code by uuid; this spares it the lookups)
    known_uuids: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def tables(self) -> frozenset[str]:
        """The tables that changed (an outside change with no rows known: every table)."""
        if self.outside and not self.changes:
            return frozenset(TRACKED_MODELS) | {SETTING_TABLE}
        return frozenset(c.table for c in self.changes)

    def inverse(self, label: str | None = None) -> "ChangeSet":
        return ChangeSet(
            label=label or f"Undo {self.label}",
            coder=self.coder,
            changes=[c.inverse() for c in reversed(self.changes)],
        )

    def inserted(self, table: str) -> list[Row]:
        return [c.after for c in self.changes if c.table == table and c.before is None]

    def __bool__(self) -> bool:
        return bool(self.changes)


def row_of(instance: Model) -> Row:
    """Every column of a model instance (None where unset), by field name."""
    data = instance.__data__
    return {name: data.get(name) for name in instance._meta.fields}


class ChangeRecorder:
    """Writes rows and remembers what it wrote. Use inside ``Project.change()``."""

    def __init__(self, changeset: ChangeSet):
        self.changeset = changeset

    def know(self, table: str, row_id: int, uuid: str) -> None:
        """Tell the audit log the uuid of a row this change refers to (no lookup then)."""
        self.changeset.known_uuids[(table, row_id)] = uuid

    def insert(self, model: type[Model], **values: Any) -> Model:
        """``model.create(**values)``, with the INSERT's SQL built once per set of columns."""
        instance = model(**values)  # defaults filled in, as create() would
        data = instance.__data__
        names = tuple(n for n in model._meta.fields if n in data and n != "id")
        fields = model._meta.fields
        instance.id = _inserts.get(model, names).insert([fields[n].db_value(data[n]) for n in names])
        self.changeset.changes.append(
            RowChange(model._meta.table_name, instance.uuid, None, row_of(instance))
        )
        return instance

    def update(self, instance: Model, **values: Any) -> Model:
        before = row_of(instance)
        for name, value in values.items():
            setattr(instance, name, value)
        if "modified_at" in instance._meta.fields and "modified_at" not in values:
            instance.modified_at = utc_now()
        after = row_of(instance)
        if after == before:
            return instance
        instance.save()
        self.changeset.changes.append(
            RowChange(instance._meta.table_name, instance.uuid, before, after)
        )
        return instance

    def set_setting(self, key: str, value: str | None) -> None:
        """Set (or, with None, remove) a project setting, recorded like a row."""
        row = ProjectSetting.get_or_none(ProjectSetting.key == key)
        before = None if row is None else {"key": key, "value": row.value}
        after = None if value is None else {"key": key, "value": value}
        if before == after:
            return
        _write_setting(key, after)
        self.changeset.changes.append(RowChange(SETTING_TABLE, key, before, after))

    def delete(self, instance: Model) -> None:
        before = row_of(instance)
        _deletes.get(type(instance)).execute(uuid=instance.uuid)
        self.changeset.changes.append(RowChange(instance._meta.table_name, instance.uuid, before, None))

    def bulk_insert(self, model: type[Model], rows: list[Row], batch: int = 5000) -> None:
        """Insert many rows fast (one prepared statement, executemany).

        ``rows`` must all have the same keys, including ``uuid``. Columns a row leaves
        out get their defaults, computed once for the whole batch, so the rows written
        and the rows recorded (for undo, redo and the audit log) are identical; ids are
        assigned by the database and read back.
        """
        if not rows:
            return
        names = [n for n in rows[0].keys() if n != "id"]
        defaults = _defaults(model, names)
        fields = [model._meta.fields[n] for n in names]
        default_fields = [model._meta.fields[n] for n in defaults]
        constant = tuple(_constant(f.db_value(defaults[f.name])) for f in default_fields)
        max_before = model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0
        converters = [_converter(f) for f in fields]
        values = (tuple(conv(r[n]) for n, conv in zip(names, converters)) + constant for r in rows)
        insert_rows(model, fields + default_fields, values, batch)
        query = model.select(model.uuid, model.id).where(model.id > max_before)
        ids = dict(model._meta.database.execute(query).fetchall())  # raw tuples: 10x faster than .tuples()
        table = model._meta.table_name
        append = self.changeset.changes.append
        for r in rows:
            after = dict(defaults)
            after.update(r)
            after["id"] = ids[r["uuid"]]
            append(RowChange(table, r["uuid"], None, after))


def insert_rows(model: type[Model], fields: list, values: Iterable[tuple], batch: int = 5000) -> None:
    """INSERT many rows of ``fields`` with one prepared statement (executemany).

    Peewee's insert_many renders every value into the SQL, which costs far more than
    SQLite's work; here peewee renders the statement once and the driver does the rest.
    Values must already be database values (``Field.db_value``).
    """
    iterator = iter(values)
    first = next(iterator, None)
    if first is None:
        return
    sql, _, exact = _inserts.get(model, tuple(f.name for f in fields)).sql()
    if not exact:  # peewee adds columns of its own: let it render those (as it always did)
        sql, _ = model.insert_many([first], fields=fields).sql()
    cursor = model._meta.database.cursor()
    chunk = [first]
    for row in iterator:
        chunk.append(row)
        if len(chunk) >= batch:
            cursor.executemany(sql, chunk)
            chunk = []
    if chunk:
        cursor.executemany(sql, chunk)


def _constant(value: Any) -> Any:
    """A value shared by every row, in the text form the driver would make of it (once)."""
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value


def _converter(f):
    """The field's db_value, skipped for values SQLite takes as they are (ints, strs)."""
    db_value = f.db_value

    def convert(value: Any) -> Any:
        kind = type(value)
        if kind is int or kind is str or value is None:
            return value
        return db_value(value)

    return convert


def _defaults(model: type[Model], present: list[str]) -> Row:
    out: Row = {}
    for name, f in model._meta.fields.items():
        if name in present or name == "id":
            continue
        default = f.default() if callable(f.default) else f.default
        out[name] = default
    return out


def _write_setting(key: str, after: Row | None) -> None:
    if after is None:
        ProjectSetting.delete().where(ProjectSetting.key == key).execute()
    else:
        # An upsert both SQLite and PostgreSQL understand (REPLACE is SQLite's only).
        (ProjectSetting.insert(key=key, value=after["value"])
         .on_conflict(conflict_target=[ProjectSetting.key], update={ProjectSetting.value: after["value"]})
         .execute())


# -- statements of the hot paths, built once (db/statements.py) ----------------------------
_inserts = StatementCache(lambda model, names: InsertStatement(model, names))
_deletes = StatementCache(lambda model: Statement(lambda p: model.delete().where(model.uuid == p.text("uuid"))))
_rows_by_uuid = StatementCache(lambda model: Statement(
    lambda p: model.select(*model._meta.sorted_fields).where(model.uuid == p.text("uuid"))))
_uses = StatementCache(lambda model, fk: Statement(
    lambda p: model.select(model.uuid).where(model._meta.fields[fk] == p.int("id"))))
_id_taken = StatementCache(lambda model: Statement(
    lambda p: model.select(model.id).where(model.id == p.int("id")).limit(1)))
# (the new values as Value nodes: peewee passes them on unconverted; callers give db values;
# the row is found by ``where_uuid``, as "uuid" may be one of the columns set)
_updates = StatementCache(lambda model, names: Statement(
    lambda p: model.update({model._meta.fields[n]: Value(p.int(n)) for n in names})
    .where(model.uuid == p.text("where_uuid"))))


def current_row(table: str, uuid: str) -> Row | None:
    """The row as it is in the database now (None: absent)."""
    if table == SETTING_TABLE:
        row = ProjectSetting.get_or_none(ProjectSetting.key == uuid)
        return None if row is None else {"key": uuid, "value": row.value}
    model = TRACKED_MODELS[table]
    found = _rows_by_uuid.get(model).one(uuid=uuid)
    if found is None:
        return None
    return {f.name: (None if v is None else f.python_value(v)) for f, v in zip(model._meta.sorted_fields, found)}


def _comparable(row: Row | None) -> str | None:
    if row is None:
        return None
    return json.dumps({k: (v.isoformat(sep=" ") if isinstance(v, datetime) else v) for k, v in row.items()},
                      sort_keys=True, default=str)


def conflicting_rows(changeset: ChangeSet) -> list[str]:
    """Why ``changeset`` cannot be applied as it is, one phrase per row: rows not in the
    state it starts from (its 'before': changed elsewhere), and rows it deletes that rows
    made elsewhere now refer to (a code a teammate has coded with, a document they coded:
    deleting it would fail, or silently take their segments with it).

    Only each row's first change in the set counts (later ones start from that one's
    'after'). Phrases read like "segment 3f2a1b9c was changed elsewhere since"."""
    seen: set[tuple[str, str]] = set()
    out: list[str] = []
    touched = {(c.table, c.uuid) for c in changeset.changes}  # rows this set itself rewrites
    for change in changeset.changes:
        key = (change.table, change.uuid)
        if key in seen:
            continue
        seen.add(key)
        label = f"{change.table.replace('_', ' ')} {change.uuid[:8]}"
        if _comparable(current_row(change.table, change.uuid)) != _comparable(change.before):
            out.append(f"{label} was changed elsewhere since")
        elif change.before is None and change.after and change.table != SETTING_TABLE:
            model = TRACKED_MODELS[change.table]  # re-inserting: its id must still be free
            if change.after.get("id") is not None and _id_taken.get(model).one(id=change.after["id"]) is not None:
                out.append(f"{label} was changed elsewhere since")
        if change.after is None and change.before and change.table != SETTING_TABLE:
            for other, fk in _referrers(TRACKED_MODELS[change.table]):
                uses = [u for (u,) in _uses.get(other, fk.name).rows(id=change.before.get("id"))
                        if (other._meta.table_name, u) not in touched]
                if uses:
                    what = other._meta.table_name.replace("_", " ")
                    out.append(f"{label} is now used by {len(uses)} {what}{'s' if len(uses) != 1 else ''} "
                               f"made elsewhere")
    return out


@lru_cache(maxsize=None)
def _referrers(model) -> list:
    """(model, foreign key field) of every tracked table that refers to ``model``."""
    return [(other, f) for other in TRACKED_MODELS.values() for f in other._meta.fields.values()
            if isinstance(f, ForeignKeyField) and f.rel_model is model and "uuid" in other._meta.fields]


def apply_changes(changeset: ChangeSet) -> None:
    """Write a change set's 'after' state to the database (for undo and redo)."""
    for change in changeset.changes:
        if change.table == SETTING_TABLE:
            _write_setting(change.uuid, change.after)
            continue
        model = TRACKED_MODELS[change.table]
        fields = model._meta.fields
        if change.after is None:
            _deletes.get(model).execute(uuid=change.uuid)
        elif change.before is None:
            names = tuple(n for n in fields if n in change.after)
            _inserts.get(model, names).insert([fields[n].db_value(change.after[n]) for n in names])
        else:
            names = tuple(n for n in fields if n in change.after and n != "id")
            values = {n: fields[n].db_value(change.after[n]) for n in names}
            _updates.get(model, names).execute(where_uuid=change.uuid, **values)
