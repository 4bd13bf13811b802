"""``chorus gui [PROJECT]``: the window. Qt is imported only here, lazily."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("gui", help="open the Chorus window (on the demo project when none is given)")
    p.add_argument("project", nargs="?", type=Path, help="the project file (.chorus)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ui.main import run_gui  # lazy: the rest of the CLI needs no Qt

    return run_gui(args)
