"""Creating and opening project files: the store refuses anything that is not a sound,
current Chorus project with one clear line, and leaves the refused file untouched."""
from __future__ import annotations

import hashlib
import sqlite3

import pytest
from peewee import IntegrityError

from app.project import Project
from db import connection
from db.connection import ProjectFileError
from db.migrations import LATEST_VERSION
from db.models import Document


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(path, *words: str) -> ProjectFileError:
    before = _digest(path)
    with pytest.raises(ProjectFileError) as info:
        Project.open(path)
    message = str(info.value)
    assert path.name in message
    assert "\n" not in message
    for word in words:
        assert word in message
    assert _digest(path) == before, "a refused file must be left exactly as it was"
    assert not path.with_name(path.name + "-wal").exists()
    return info.value


def test_create_then_open_keeps_the_data(tmp_path):
    path = tmp_path / "study.chorus"
    project = Project.create(path, coder_name="ana")
    from app.articles.importing import add_document

    add_document(project, "Some text", "A title")
    project.close()
    reopened = Project.open(path)
    try:
        assert [d.title for d in Document.select()] == ["A title"]
        assert reopened.coder_name  # default coder is the login name
    finally:
        reopened.close()


def test_create_refuses_an_existing_file(tmp_path):
    path = tmp_path / "exists.chorus"
    path.write_text("keep me")
    with pytest.raises(ProjectFileError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "keep me"


def test_create_refuses_a_missing_folder(tmp_path):
    with pytest.raises(ProjectFileError, match="does not exist"):
        Project.create(tmp_path / "nowhere" / "p.chorus")


def test_foreign_keys_and_wal_are_on(project):
    db = project.db
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0].lower() == "wal"


def test_foreign_keys_are_enforced(project):
    with pytest.raises(IntegrityError) as info:
        project.db.execute_sql(
            'INSERT INTO segment (uuid, document_id, code_id, coder_id, start, "end", memo, created_at, '
            "modified_at) VALUES ('x', 999, 999, 999, 0, 1, '', '2024-01-01', '2024-01-01')")
    assert "FOREIGN KEY" in str(info.value).upper()


def test_missing_file(tmp_path):
    with pytest.raises(ProjectFileError, match="no such project file") as info:
        Project.open(tmp_path / "gone.chorus")
    assert "gone.chorus" in str(info.value)


def test_text_file_renamed(tmp_path):
    path = tmp_path / "notes.chorus"
    path.write_text("these are my notes, not a project\n" * 20)
    _refused(path, "not a Chorus project")


def test_random_binary(tmp_path):
    path = tmp_path / "noise.chorus"
    path.write_bytes(bytes(range(256)) * 64)
    _refused(path, "not a Chorus project")


def test_truncated_sqlite_file(tmp_path):
    good = tmp_path / "good.chorus"
    Project.create(good).close()
    data = good.read_bytes()
    assert data.startswith(b"SQLite format 3\x00")
    path = tmp_path / "truncated.chorus"
    path.write_bytes(data[:100])  # header only: the schema pages are gone
    _refused(path)


def test_corrupt_sqlite_file(tmp_path):
    good = tmp_path / "good.chorus"
    Project.create(good).close()
    data = bytearray(good.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page
    path = tmp_path / "corrupt.chorus"
    path.write_bytes(bytes(data))
    _refused(path, "damaged")


def test_sqlite_file_of_another_program(tmp_path):
    path = tmp_path / "other.chorus"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO things (name) VALUES ('x')")
    con.commit()
    con.close()
    _refused(path, "another program")


def test_newer_schema_version_is_refused(tmp_path):
    path = tmp_path / "future.chorus"
    Project.create(path).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, 'future', '2030-01-01')",
                (LATEST_VERSION + 1,))
    con.commit()
    con.close()
    error = _refused(path, "newer Chorus", str(LATEST_VERSION + 1))
    assert "update Chorus" in error.reason


def test_current_file_opens_without_backup(tmp_path):
    path = tmp_path / "p.chorus"
    Project.create(path).close()
    Project.open(path).close()
    backups = [p for p in tmp_path.iterdir() if ".bak" in p.name]
    assert backups == []
    assert connection.backup_path_for(path, 1).name.endswith(".chorus")
