"""The ``chorus`` command line (also ``python -m app``).

Each command group lives in its own module with a ``register(subparsers)`` function;
a command's handler takes the parsed args and returns an exit code. Failures print
one line, ``chorus: error: ...``, and exit non-zero. ``--json`` shapes are documented
in README.md, "Command line".
"""
from __future__ import annotations

import argparse
import sys

from app.cli import export_cmds, gui_cmd, project_cmds, review_cmds
from app.errors import ChorusError
from db.connection import ProjectFileError

COMMAND_MODULES = [gui_cmd, project_cmds, export_cmds, review_cmds]


class CliError(ChorusError):
    """A command-line failure with a one-line message."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chorus",
        description="Chorus: code qualitative data as a team. With no command, opens the window.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        argv = ["gui"]
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (ChorusError, ProjectFileError) as exc:
        print(f"chorus: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        name = getattr(exc, "filename", None)
        where = f"{name}: " if name else ""
        print(f"chorus: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("chorus: interrupted", file=sys.stderr)
        return 130


def gui_main() -> int:
    """Entry point of the ``chorus-gui`` launcher: always the window."""
    return main(["gui", *sys.argv[1:]])
