"""Helpers for the store-safety tests: real processes on real files."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args, timeout: float = 60, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """``chorus ARGS`` in a fresh process (python -m app)."""
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env=full_env, **kwargs)


def start_python(code: str, *args) -> subprocess.Popen:
    """A Python process running ``code`` (with sys.argv[1:] = args), pipes for stdin/stdout."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


@pytest.fixture
def seeded(tmp_path):
    """A project with two documents, a small codebook and some coding; closed."""
    from app.articles.importing import add_document
    from app.coding.segments import code_span
    from app.project import Project

    path = tmp_path / "p.chorus"
    with Project.create(path, coder_name="ana") as project:
        a = add_document(project, "Café 🙂 one two three.\nSecond line here.", "Doc A")
        b = add_document(project, "Another text, with more words in it.", "Doc B")
        code_span(project, a, 0, 4, "Theme/Sub", create_missing=True)
        code_span(project, b, 8, 12, "Other", create_missing=True)
    return path
