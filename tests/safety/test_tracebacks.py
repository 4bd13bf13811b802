"""Item 8 of the issue: no traceback for a closed pipe, deep trees or hostile names."""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

from app.coding.segments import code_span
from app.project import Project
from tests.safety.conftest import ROOT, no_traceback, run_cli


def _deep_qdpx(path: Path, depth: int) -> Path:
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="deep">'
             '<CodeBook><Codes>']
    for i in range(depth):
        parts.append(f'<Code guid="00000000-0000-4000-8000-{i:012d}" name="c{i}" isCodable="true">')
    parts.append("</Code>" * depth + "</Codes></CodeBook></Project>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", "".join(parts))
    return path


def test_ten_thousand_nested_codes_one_line_and_the_batch_goes_on(seeded, tmp_path):
    deep = _deep_qdpx(tmp_path / "deep.qdpx", 10_000)
    fine = _deep_qdpx(tmp_path / "fine.qdpx", 60)
    result = run_cli("import", seeded, deep, fine)
    no_traceback(result)
    assert result.returncode == 1
    assert "deep.qdpx: codes are nested more than 100 levels deep" in result.stdout
    assert "imported   fine.qdpx" in result.stdout
    codes = run_cli("codes", seeded, "--json")
    no_traceback(codes)
    import json
    assert {f"c{i}" for i in range(60)} <= {row["name"] for row in json.loads(codes.stdout)}


def test_deep_but_allowed_tree_round_trips_without_recursion(tmp_path):
    from app.exchange import refi
    from app.coding import queries
    from db.models import Code

    with Project.create(tmp_path / "p.chorus") as project:
        refi.import_exchange_file(project, _deep_qdpx(tmp_path / "d.qdpx", 100))
        assert Code.select().count() == 100
        rows = queries.code_rows()
        assert [r.name for r in rows] == [f"c{i}" for i in range(100)]
        assert rows[-1].path.count("/") == 99
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(80)  # the walks must not need the stack
        try:
            refi.export_qdc(project, tmp_path / "d.qdc")
            queries.code_rows()
        finally:
            sys.setrecursionlimit(limit)


def _pipe_to_head(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = f"{shlex.join([sys.executable, '-m', 'app', *map(str, args)])} | head -1"
    return subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_broken_pipe_is_quiet(seeded):
    with Project.open(seeded, coder_name="ana") as project:
        for i in range(1200):  # enough output to overflow the pipe's buffer
            code_span(project, "Doc B", i % 30, i % 30 + 3, f"Code {i % 300}", create_missing=True,
                      coder=f"coder{i // 300}")
    for command in (["segments", seeded], ["codes", seeded], ["review", seeded, "--doc", "Doc B"], ["log", seeded]):
        result = _pipe_to_head(*command)
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert "BrokenPipe" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
        assert result.returncode in (0, 141), (command, result.returncode, result.stderr)


def test_control_characters_in_names_are_escaped(tmp_path):
    from app.articles.importing import add_document
    from app.coding.codebook import create_code

    path = tmp_path / "p.chorus"
    with Project.create(path, coder_name="ana") as project:
        add_document(project, "text", "evil\x1b]0;owned\x07title\nforged line\x9b31m")
        create_code(project, "code\x1b[2Jname")
    for command in ("docs", "codes", "log"):
        result = run_cli(command, path)
        no_traceback(result)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x9b" not in result.stdout
        assert "forged line" not in result.stdout or "\\nforged line" in result.stdout
    assert "\\e]0;owned\\x07title\\nforged line\\x9b31m" in run_cli("docs", path).stdout
    json_out = run_cli("docs", path, "--json").stdout
    assert "\x1b" not in json_out and "\x9b" not in json_out and "\\u001b" in json_out
    bad = run_cli("docs", tmp_path / "no\x1bsuch\nfile.chorus")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "\x1b" not in bad.stderr


def test_usage_errors_exit_2_and_help_lists_exit_codes():
    assert run_cli("docs").returncode == 2
    assert run_cli("no-such-command").returncode == 2
    help_text = run_cli("--help").stdout
    assert "exit codes:" in help_text and "another program is writing" in help_text
