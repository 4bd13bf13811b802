"""Architecture checks (like napari's): imports point one way, ui -> app -> db.

- app/ and db/ never import PySide6 or ui (they run headless);
- ui/ never imports db or peewee (it talks to app/ only);
- SQLite-only words (PRAGMA, sqlite3, fts5) appear only in db/sqlite_specific.py
  among the modules of app/ and db/ (so the store can move to PostgreSQL).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SQLITE_HOME = ROOT / "db" / "sqlite_specific.py"
SQLITE_WORDS = re.compile(r"\b(PRAGMA|sqlite3|fts5)\b", re.IGNORECASE)


def modules(package: str) -> list[Path]:
    folder = ROOT / package
    return sorted(p for p in folder.rglob("*.py") if "tests" not in p.relative_to(ROOT).parts)


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def top(name: str) -> str:
    return name.split(".")[0]


def test_there_is_something_to_check():
    assert len(modules("app")) > 10 and len(modules("db")) >= 4


@pytest.mark.parametrize("package", ["app", "db"])
def test_app_and_db_never_import_qt_or_ui(package):
    offenders = {}
    for path in modules(package):
        bad = {n for n in imported_names(path) if top(n) in {"PySide6", "shiboken6", "ui", "pytestqt"}}
        if bad and path != ROOT / "app" / "cli" / "gui_cmd.py":
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_the_gui_command_imports_ui_lazily():
    """app/cli/gui_cmd.py may start the window, but only inside its handler."""
    path = ROOT / "app" / "cli" / "gui_cmd.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not [n for n in top_level if isinstance(n, ast.ImportFrom) and top(n.module or "") in {"ui", "PySide6"}]


def test_db_never_imports_app():
    offenders = {str(p.relative_to(ROOT)): sorted(n for n in imported_names(p) if top(n) == "app")
                 for p in modules("db")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_ui_never_imports_db_or_peewee():
    if not (ROOT / "ui").is_dir():
        pytest.skip("no ui/ yet")
    offenders = {}
    for path in modules("ui"):
        bad = {n for n in imported_names(path) if top(n) in {"db", "peewee", "playhouse", "sqlite3"}}
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_sqlite_only_words_live_in_sqlite_specific():
    offenders = {}
    for path in modules("app") + modules("db"):
        if path == SQLITE_HOME:
            continue
        hits = [f"{i}: {line.strip()}" for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if SQLITE_WORDS.search(line)]
        if hits:
            offenders[str(path.relative_to(ROOT))] = hits
    assert offenders == {}
    assert SQLITE_WORDS.search(SQLITE_HOME.read_text(encoding="utf-8"))
