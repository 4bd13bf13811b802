"""Change sets: every user action as a list of row changes (before/after).

One mechanism serves three needs:
- undo/redo: a change set's ``inverse()`` is applied to undo it, the set itself to redo;
- the audit log: each applied change set is appended to the hash-chained log;
- views: ``ChangeSet.tables`` says what changed so a UI refreshes only that.

Rows are plain dicts of peewee field names to Python values (foreign keys as raw ids).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peewee import Model

from db.models import TRACKED_MODELS, new_uuid, utc_now

Row = dict[str, Any]


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

    @property
    def tables(self) -> frozenset[str]:
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

    def insert(self, model: type[Model], **values: Any) -> Model:
        instance = model.create(**values)
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

    def delete(self, instance: Model) -> None:
        before = row_of(instance)
        instance.delete_instance()
        self.changeset.changes.append(RowChange(instance._meta.table_name, instance.uuid, before, None))

    def bulk_insert(self, model: type[Model], rows: list[Row], batch: int = 5000) -> None:
        """Insert many rows fast (one prepared statement, executemany).

        ``rows`` must all have the same keys, including ``uuid``; ids are assigned by
        the database and read back so undo, redo and the audit log stay exact.
        """
        if not rows:
            return
        db = model._meta.database
        names = list(rows[0].keys())
        fields = [model._meta.fields[n] for n in names]
        sample = {f: f.db_value(rows[0][f.name]) for f in fields}
        sql, _ = model.insert(sample).sql()
        max_before = model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0
        cursor = db.cursor()
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            cursor.executemany(sql, [tuple(f.db_value(r[f.name]) for f in fields) for r in chunk])
        ids = dict(model.select(model.uuid, model.id).where(model.id > max_before).tuples())
        table = model._meta.table_name
        full_defaults = _defaults(model, names)
        append = self.changeset.changes.append
        for r in rows:
            after = dict(full_defaults)
            after.update(r)
            after["id"] = ids[r["uuid"]]
            append(RowChange(table, r["uuid"], None, after))


def _defaults(model: type[Model], present: list[str]) -> Row:
    out: Row = {}
    for name, f in model._meta.fields.items():
        if name in present or name == "id":
            continue
        default = f.default() if callable(f.default) else f.default
        out[name] = default
    return out


def apply_changes(changeset: ChangeSet) -> None:
    """Write a change set's 'after' state to the database (for undo and redo)."""
    for change in changeset.changes:
        model = TRACKED_MODELS[change.table]
        if change.after is None:
            model.delete().where(model.uuid == change.uuid).execute()
        elif change.before is None:
            model.insert(**change.after).execute()
        else:
            values = {k: v for k, v in change.after.items() if k != "id"}
            model.update(**values).where(model.uuid == change.uuid).execute()
