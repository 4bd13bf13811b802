"""Item 1: nothing in the process may drop SQLite's POSIX locks on the open project.

POSIX locks belong to the process, and one open()+close() of the file anywhere drops
all of them; a command-line read in another process then deletes the -wal/-shm the
first process still uses, and committed work is lost on a crash.
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from app import audit
from app.project import Project
from db import sqlite_specific
from tests.safety.conftest import run_cli, start_python

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/locks")


def test_locks_held_counts_this_process_locks(seeded):
    assert sqlite_specific.locks_held(seeded) == 0
    with Project.open(seeded) as project:
        assert sqlite_specific.locks_held(project.path) >= 1
        assert sqlite_specific.is_open_here(project.path)
    assert sqlite_specific.locks_held(seeded) == 0
    assert not sqlite_specific.is_open_here(seeded)


def test_looks_like_sqlite_never_reads_an_open_file(seeded):
    with Project.open(seeded) as project:
        before = sqlite_specific.locks_held(project.path)
        assert sqlite_specific.looks_like_sqlite(project.path)
        assert sqlite_specific.read_header(project.path) is None
        assert sqlite_specific.locks_held(project.path) == before


def test_every_app_operation_keeps_the_locks(seeded, tmp_path):
    from app.exchange import exports, refi
    from app.team.merge import merge_project

    other = tmp_path / "other.chorus"
    with Project.create(other, coder_name="ben") as teammate:
        from app.articles.importing import add_document
        add_document(teammate, "A teammate's own article text.", "Doc C")
    project = Project.open(seeded, coder_name="ana")
    try:
        held = sqlite_specific.locks_held(seeded)
        assert held >= 1

        def still_locked(what: str) -> None:
            project.activate()
            assert sqlite_specific.locks_held(seeded) == held, f"{what} dropped the project's locks"

        for fmt in exports.FORMATS:
            exports.export(project, fmt, tmp_path / f"out{exports.suffix_for(fmt)}")
            still_locked(f"export {fmt}")
        assert audit.verify().ok
        sqlite_specific.integrity_errors(project.db)
        still_locked("verify")
        second = Project.open(seeded, coder_name="ben")  # a second view of the same file
        second.close()
        still_locked("opening the same file again")
        merge_project(project, other)
        still_locked("merge from another file")
        refi.import_exchange_file(project, tmp_path / "out.qdpx")
        still_locked("REFI-QDA import")
        sqlite_specific.backup_file(seeded, tmp_path / "backup.chorus")
        still_locked("backup")
        audit.head()
        still_locked("audit head")
    finally:
        project.close()


WRITER = r"""
import sys
from app.project import Project
from app.coding.codebook import create_code
path = sys.argv[1]
project = Project.open(path, coder_name="window")
Project.open(path, coder_name="again").close()   # anything that touches the file again
project.activate()
print("ready", flush=True)
sys.stdin.readline()                              # meanwhile: a command-line read
create_code(project, "Made after the CLI read")
print("committed", flush=True)
sys.stdin.readline()                              # killed here with SIGKILL
"""


def test_change_after_cli_read_survives_kill9(seeded):
    writer = start_python(WRITER, seeded)
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        read = run_cli("codes", seeded)
        assert read.returncode == 0, read.stderr
        writer.stdin.write("\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "committed", writer.stderr.read()
        assert Path(f"{seeded}-wal").exists(), "the CLI read deleted the writer's WAL"
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(10)
    finally:
        if writer.poll() is None:
            writer.kill()
    with Project.open(seeded) as project:
        from db.models import Code
        assert Code.select().where(Code.name == "Made after the CLI read").exists()
        assert audit.verify().ok


def test_importing_the_open_project_itself_is_refused_without_reading_it(seeded):
    from app.articles.importing import import_paths
    from app.exchange import refi

    with Project.open(seeded) as project:
        held = sqlite_specific.locks_held(seeded)
        wal = Path(f"{seeded}-wal")
        report = import_paths(project, [seeded, wal])
        assert [o.status for o in report.outcomes] == ["rejected", "rejected"]
        assert refi.sniff(seeded) is None
        assert sqlite_specific.locks_held(seeded) == held
