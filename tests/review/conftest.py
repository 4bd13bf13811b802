"""Two coders code the demo corpus blind in copies of one project, then merge."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "assets" / "demo"
DESIGNED_FILE = "06-hr-rewrites-the-rulebook.txt"
# (coder, start, end, code) on the designed document, giving items in this order:
# 1, 2 unanimous; 3 same code, bounds differ; 4 code differs; 5 only ana; 6 only ben.
DESIGNED = [
    ("ana", 0, 50, "Institutional response/Workplace policy"),
    ("ben", 0, 50, "Institutional response/Workplace policy"),
    ("ana", 100, 150, "Backlash/Witch-hunt claim"),
    ("ben", 100, 150, "Backlash/Witch-hunt claim"),
    ("ana", 200, 300, "Media framing/Reckoning frame"),
    ("ben", 200, 305, "Media framing/Reckoning frame"),
    ("ana", 400, 500, "Backlash/Due-process concern"),
    ("ben", 400, 500, "Backlash/Witch-hunt claim"),
    ("ana", 600, 700, "Survivor testimony/Disclosure"),
    ("ben", 800, 900, "Amplification/Hashtag spread"),
]


def run(*args) -> int:
    return main([str(a) for a in args])


def _paths(entries, prefix=""):
    for entry in entries:
        path = f"{prefix}/{entry['name']}" if prefix else entry["name"]
        yield path
        yield from _paths(entry.get("children", []), path)


def doc_ids(path: Path) -> dict[str, tuple[int, str]]:
    from app.project import Project
    from db.models import Document

    with Project.open(path) as project:
        return {Path(d.import_path).name: (d.id, d.text) for d in Document.select()}


def code_as(path: Path, coder: str) -> int:
    """Code the demo coding of ``coder`` (plus the designed spans) through ``chorus code``."""
    docs = doc_ids(path)
    n = 0
    for item in json.loads((DEMO / "coding.json").read_text(encoding="utf-8")):
        name = Path(item["file"]).name
        if item["coder"] != coder or name == DESIGNED_FILE:
            continue
        doc_id, text = docs[name]
        start = text.index(item["quote"])
        assert run("code", path, "--doc", doc_id, "--start", start, "--end", start + len(item["quote"]),
                   "--code", item["code"], "--coder", coder) == 0
        n += 1
    doc_id = docs[DESIGNED_FILE][0]
    for who, start, end, code in DESIGNED:
        if who == coder:
            assert run("code", path, "--doc", doc_id, "--start", start, "--end", end, "--code", code,
                       "--coder", coder) == 0
            n += 1
    return n


@pytest.fixture
def team(tmp_path):
    """(A, B): A holds ana's coding, B (a copy made after blind mode was switched on) ben's."""
    from app.coding.codebook import ensure_code_path
    from app.project import Project

    a, b = tmp_path / "A.chorus", tmp_path / "B.chorus"
    assert run("new", a) == 0
    assert run("import", a, DEMO / "articles", "--coder", "ana") == 0
    with Project.open(a, coder_name="ana") as project:
        for path in _paths(json.loads((DEMO / "codebook.json").read_text(encoding="utf-8"))):
            ensure_code_path(project, path)
    assert run("blind", a, "on", "--coder", "ana") == 0
    shutil.copyfile(a, b)
    code_as(a, "ana")
    code_as(b, "ben")
    return a, b


@pytest.fixture
def merged(team, capsys):
    a, b = team
    assert run("merge", a, b, "--coder", "ana") == 0
    assert run("blind", a, "off", "--coder", "ana") == 0
    capsys.readouterr()
    return a, b


@pytest.fixture
def cli(capsys):
    """Run ``chorus`` in-process: returns (exit code, stdout, stderr)."""

    def call(*args):
        capsys.readouterr()
        code = run(*args)
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def designed_doc(merged) -> int:
    return doc_ids(merged[0])[DESIGNED_FILE][0]
