"""Item 6: a full disk and read-only media: one line each, nothing half-made left behind.

A small tmpfs stands in for a full disk and a read-only bind mount for read-only media
(tests run as root here, where chmod would not stop a write); without permission to
mount, these tests skip.
"""
from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from app.articles.importing import add_document
from app.project import Project
from tests.safety.conftest import no_traceback, run_cli


def _mount(*args) -> bool:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    return result.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a 1 MB tmpfs (a disk that fills up quickly)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)):
        pytest.skip("mounting a tmpfs is not permitted here")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path, leave: int = 0) -> None:
    """Fill the disk, leaving about ``leave`` bytes free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    with open(folder / "filler", "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
        handle.flush()
        os.fsync(handle.fileno())
    while True:  # the last few blocks
        try:
            with open(folder / f"filler-{uuid.uuid4().hex}", "wb") as handle:
                handle.write(b"\0" * 4096)
        except OSError:
            break
        if leave:
            break


def test_new_on_a_full_disk_one_line_and_no_file_left(small_disk):
    _fill(small_disk)
    before = sorted(os.listdir(small_disk))
    result = run_cli("new", small_disk / "p.chorus")
    no_traceback(result)
    assert result.returncode == 5, result.stderr
    assert result.stderr.strip() == "chorus: error: p.chorus: the disk is full"
    assert sorted(os.listdir(small_disk)) == before  # no 0-byte project, no temporary file
    for name in os.listdir(small_disk):  # free space: the next `new` works
        if name.startswith("filler"):
            (small_disk / name).unlink()
    again = run_cli("new", small_disk / "p.chorus")
    assert again.returncode == 0, again.stderr


def test_import_that_fills_the_disk_one_line_per_file(small_disk, tmp_path):
    project_path = small_disk / "p.chorus"
    Project.create(project_path, coder_name="ana").close()
    articles = tmp_path / "articles"
    articles.mkdir()
    for i in range(30):
        (articles / f"article{i:02}.txt").write_text(f"Article {i}\n" + os.urandom(30000).hex(), encoding="utf-8")
    _fill(small_disk, leave=200_000)
    result = run_cli("import", project_path, articles)
    no_traceback(result)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 31, result.stdout  # one per file and the summary
    failed = [line for line in lines if "disk is full" in line]
    assert failed and all(line.startswith("rejected") for line in failed)
    assert "rejected" in lines[-1]
    for name in os.listdir(small_disk):
        if name.startswith("filler"):
            (small_disk / name).unlink()
    verify = run_cli("verify", project_path)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    imported = sum(1 for line in lines if line.startswith("imported"))
    with Project.open(project_path) as project:
        from db.models import Document
        assert Document.select().count() == imported


@pytest.fixture
def read_only_copy(tmp_path):
    """A project (closed, with some work) seen through a read-only bind mount."""
    source = tmp_path / "rw"
    source.mkdir()
    with Project.create(source / "p.chorus", coder_name="ana") as project:
        add_document(project, "Some text to read.", "Doc A")
    view = tmp_path / "ro"
    view.mkdir()
    if os.geteuid() != 0 or not _mount("--bind", str(source), str(view)):
        pytest.skip("bind mounts are not permitted here")
    if not _mount("-o", "remount,ro,bind", str(view)):
        subprocess.run(["umount", "-l", str(view)], check=False)
        pytest.skip("a read-only remount is not permitted here")
    yield view / "p.chorus"
    subprocess.run(["umount", "-l", str(view)], check=False)


def test_read_only_mount_reads_work_writes_say_read_only(read_only_copy):
    for command in (["docs"], ["codes"], ["stats"], ["verify"]):
        result = run_cli(*command[:1], read_only_copy, *command[1:])
        no_traceback(result)
        assert result.returncode == 0, (command, result.stderr)
    assert "Doc A" in run_cli("docs", read_only_copy).stdout
    result = run_cli("code", read_only_copy, "--doc", "Doc A", "--start", "0", "--end", "4", "--code", "X")
    no_traceback(result)
    assert result.returncode == 5
    assert "the project is read-only" in result.stderr and result.stderr.count("\n") == 1
    result = run_cli("new", read_only_copy.parent / "q.chorus")
    no_traceback(result)
    assert result.returncode == 5 and result.stderr.count("\n") == 1, result.stderr


def test_read_only_project_in_process(read_only_copy):
    from app.coding.codebook import create_code
    from app.errors import ProjectReadOnly

    with Project.open(read_only_copy) as project:
        assert project.read_only
        with pytest.raises(ProjectReadOnly):
            create_code(project, "Nope")
