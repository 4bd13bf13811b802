"""Schema migrations: the migrated schema equals the models, and an older file is
backed up before it is upgraded (and left unchanged when the upgrade fails)."""
from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest
from peewee import SqliteDatabase, TextField

from app.articles.importing import add_document
from app.project import Project
from db import connection
from db.connection import ProjectFileError
from db.migrations import LATEST_VERSION, MIGRATIONS
from db.models import ALL_MODELS, BaseModel, Document


def _schema(path) -> dict:
    """Per table: its columns (name, type, not null, pk) and its indexes (columns, unique)."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for table in sorted(tables):
            columns = sorted((r[1], r[2].upper(), r[3], r[5]) for r in con.execute(f'PRAGMA table_info("{table}")'))
            indexes = set()
            for _, name, unique, *_ in con.execute(f'PRAGMA index_list("{table}")'):
                cols = tuple(r[2] for r in con.execute(f'PRAGMA index_info("{name}")'))
                indexes.add((cols, unique))
            foreign = sorted((r[2], r[3], r[4], r[6]) for r in con.execute(f'PRAGMA foreign_key_list("{table}")'))
            out[table] = (columns, sorted(indexes), foreign)
        return out
    finally:
        con.close()


def test_migrated_schema_equals_the_models(tmp_path):
    migrated = tmp_path / "migrated.chorus"
    Project.create(migrated).close()
    direct_path = tmp_path / "direct.db"
    direct = SqliteDatabase(str(direct_path))
    with direct.bind_ctx(ALL_MODELS):
        direct.create_tables(ALL_MODELS)
    direct.close()
    assert _schema(migrated) == _schema(direct_path)
    assert {"document", "segment", "code", "audit_entry", "schema_version"} <= set(_schema(migrated))


def test_every_migration_is_recorded(project):
    rows = project.db.execute_sql("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [m.VERSION for m in MIGRATIONS]
    assert rows[-1][0] == LATEST_VERSION


class ExtraNote(BaseModel):
    """A table that only the test's pretend 'version 2' has."""

    body = TextField()


def _extra_migration(fail: bool = False):
    def apply(db):
        db.create_tables([ExtraNote])
        if fail:
            db.execute_sql("INSERT INTO no_such_table VALUES (1)")

    return SimpleNamespace(VERSION=LATEST_VERSION + 1, NAME="test extra note", apply=apply)


def _old_project(tmp_path):
    """A real project at today's latest version, which the patched Chorus will see as old."""
    path = tmp_path / "old.chorus"
    project = Project.create(path, coder_name="ana")
    add_document(project, "Text from before the upgrade", "Old article")
    project.close()
    return path


def _dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _pretend_newer_chorus(monkeypatch, migration):
    monkeypatch.setattr(connection, "MIGRATIONS", MIGRATIONS + [migration])
    monkeypatch.setattr(connection, "LATEST_VERSION", migration.VERSION)


def test_older_file_is_backed_up_then_migrated(tmp_path, monkeypatch):
    path = _old_project(tmp_path)
    before = _dump(path)
    _pretend_newer_chorus(monkeypatch, _extra_migration())
    project = Project.open(path)
    try:
        assert ExtraNote.table_exists()
        assert [d.title for d in Document.select()] == ["Old article"]
        versions = [r[0] for r in project.db.execute_sql("SELECT version FROM schema_version")]
        assert versions[-1] == LATEST_VERSION + 1
    finally:
        project.close()
    backup = connection.backup_path_for(path, LATEST_VERSION)
    assert backup.is_file()
    assert backup.name == f"old.before-v{LATEST_VERSION + 1}-from-v{LATEST_VERSION}.bak.chorus"
    assert _dump(backup) == before, "the backup holds the pre-migration content"
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST_VERSION
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "extra_note" not in tables
    finally:
        con.close()
    # opening again: already migrated, so no second migration
    backup.unlink()
    Project.open(path).close()
    assert not backup.exists()


def test_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = _old_project(tmp_path)
    _pretend_newer_chorus(monkeypatch, _extra_migration(fail=True))
    with pytest.raises(ProjectFileError, match="could not be upgraded") as info:
        Project.open(path)
    assert "old.chorus" in str(info.value)
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST_VERSION
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "extra_note" not in tables
        assert con.execute("SELECT title FROM document").fetchall() == [("Old article",)]
    finally:
        con.close()


def test_a_migration_missing_below_the_files_version_is_applied(tmp_path):
    """Numbers can land out of order: a file at the newest version that lacks an older
    migration (its row and its tables) gets it on the next open."""
    import sqlite3

    from app.project import Project
    from db.migrations import MIGRATIONS

    path = tmp_path / "gap.chorus"
    Project.create(path, coder_name="ana").close()
    gap = next(m for m in MIGRATIONS if m.VERSION == 3)  # coding assignments: new tables only
    tables = [model._meta.table_name for model in gap.V3_MODELS]
    assert gap.VERSION < MIGRATIONS[-1].VERSION
    con = sqlite3.connect(path)
    con.execute("DELETE FROM schema_version WHERE version = ?", (gap.VERSION,))
    for table in tables:
        con.execute(f'DROP TABLE "{table}"')
    con.commit()
    con.close()
    with Project.open(path) as project:
        versions = {r[0] for r in project.db.execute_sql("SELECT version FROM schema_version")}
        assert gap.VERSION in versions
        for table in tables:
            assert project.db.table_exists(table)
