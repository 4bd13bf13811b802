"""``chorus gui [PROJECT]``: the window. Qt is imported only here, lazily.

``--screenshot FILE.png`` renders the window offscreen (optionally ``--size 1280x800``
and ``--doc TITLE_OR_ID``), saves it and exits.
"""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("gui", help="open the Chorus window (on the demo project when none is given)")
    p.add_argument("project", nargs="?", type=Path, help="the project file (.chorus)")
    p.add_argument("--screenshot", type=Path, metavar="FILE.png",
                   help="render the window offscreen into this PNG and exit")
    p.add_argument("--size", default="1280x800", metavar="WxH", help="window size for --screenshot (default 1280x800)")
    p.add_argument("--doc", metavar="TITLE_OR_ID", help="the document to show (default: the first)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ui.main import run_gui  # lazy: the rest of the CLI needs no Qt

    return run_gui(args)
