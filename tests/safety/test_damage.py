"""Item 5: a damaged file: one line everywhere, no traceback, no write into it."""
from __future__ import annotations

import hashlib
import os

import pytest

from app.articles.importing import add_document
from app.project import Project
from tests.safety.conftest import no_traceback, run_cli


@pytest.fixture
def damaged(tmp_path):
    path = tmp_path / "damaged.chorus"
    with Project.create(path, coder_name="ana") as project:
        for i in range(120):
            add_document(project, f"Article {i}. " + "Some words of text here. " * 40, f"Doc {i}")
    size = path.stat().st_size
    assert not os.path.exists(f"{path}-wal")
    with open(path, "r+b") as handle:  # the project is closed: safe to write raw bytes
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(os.urandom(8192))
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_opening_detects_damage_and_refuses_writes(damaged):
    from app.coding.codebook import create_code
    from app.errors import ProjectDamaged

    with Project.open(damaged, coder_name="ana") as project:
        assert project.damage  # quick_check found it on opening
        with pytest.raises(ProjectDamaged) as caught:
            create_code(project, "Nope")
        assert "chorus verify" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("command", [["docs"], ["codes"], ["segments"], ["stats"], ["verify"], ["log"],
                                     ["verify", "--json"]])
def test_read_commands_print_one_line_not_a_traceback(damaged, command):
    result = run_cli(command[0], damaged, *command[1:])
    no_traceback(result)
    if command[0] == "verify":
        assert result.returncode == 4
        assert "sqlite:" in result.stdout or "damaged" in result.stdout
    else:
        assert result.returncode in (0, 4), result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("chorus: error")]
        assert len(errors) <= 1
        assert "damaged" in result.stderr


def test_code_into_a_damaged_file_is_refused_and_leaves_it_as_it_was(damaged):
    before = _digest(damaged)
    result = run_cli("code", damaged, "--doc", "Doc 3", "--start", "0", "--end", "5", "--code", "X")
    no_traceback(result)
    assert result.returncode == 4, (result.stdout, result.stderr)
    assert "damaged" in result.stderr and "chorus verify" in result.stderr
    assert _digest(damaged) == before
    assert not os.path.exists(f"{damaged}-wal") or os.path.getsize(f"{damaged}-wal") == 0


def test_not_a_database_header_is_one_line(tmp_path):
    path = tmp_path / "garbage.chorus"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    result = run_cli("docs", path)
    no_traceback(result)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
