"""The ``chorus`` command line (also ``python -m app``).

Each command group lives in its own module with a ``register(subparsers)`` function;
a command's handler takes the parsed args and returns an exit code. Failures print
one line, ``chorus: error: ...``, and exit non-zero. ``--json`` shapes are documented
in README.md, "Command line".

Exit codes (also in ``chorus --help``): see ``EXIT_CODES``. No command prints a Python
traceback: store errors (locked, full, read-only, damaged), a closed output pipe
(``chorus segments P | head -1``) and absurdly deep input each end in one line.
"""
from __future__ import annotations

import argparse
import errno
import os
import sys

from app.cli import export_cmds, gui_cmd, project_cmds, review_cmds
from app.cli import suggest_cmds
from app.cli import analysis_cmds
from app.cli.common import clean
from app.errors import ChorusError, DiskFull, ProjectBusy, ProjectDamaged, ProjectReadOnly
from db import backend
from db.connection import ProjectFileError, describe_store_error

COMMAND_MODULES = [gui_cmd, project_cmds, export_cmds, review_cmds]
COMMAND_MODULES.append(suggest_cmds)
COMMAND_MODULES.append(analysis_cmds)
from app.cli import server_cmds  # noqa: E402  (SERVER)
COMMAND_MODULES.append(server_cmds)
from app.cli import coding_cmds, document_cmds  # noqa: E402  (WORKBENCH: coding_cmds also fills in descriptions)
COMMAND_MODULES += [document_cmds, coding_cmds]


class CliError(ChorusError):
    """A command-line failure with a one-line message."""


EXIT_OK = 0
EXIT_FAILED = 1  # the command failed (one line says why) or found problems (verify)
EXIT_USAGE = 2  # wrong arguments (argparse)
EXIT_BUSY = 3  # another program held the project's write lock for 5 s: try again
EXIT_DAMAGED = 4  # the project file is damaged: chorus verify, restore a backup
EXIT_STORAGE = 5  # the disk is full, or the project is read-only: nothing was saved
EXIT_INTERRUPTED = 130  # Ctrl+C
EXIT_PIPE_CLOSED = 141  # the reader of the output went away (| head): quiet, like SIGPIPE

EXIT_CODES = f"""exit codes:
  {EXIT_OK}    success
  {EXIT_FAILED}    failure (one line 'chorus: error: ...' says why), or verify found problems
  {EXIT_USAGE}    usage error (unknown command or option, missing argument)
  {EXIT_BUSY}    another program is writing to the project (waited 5 s); try again
  {EXIT_DAMAGED}    the project file is damaged (run 'chorus verify'; restore the last backup)
  {EXIT_STORAGE}    the disk is full or the project is read-only; nothing was saved
  {EXIT_INTERRUPTED}  interrupted (Ctrl+C)
  {EXIT_PIPE_CLOSED}  the output pipe was closed early (e.g. '| head -1'); nothing is printed
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chorus",
        description="Chorus: code qualitative data as a team. With no command, opens the window.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    elif argv[0].endswith(".chorus") or "://" in argv[0]:  # `chorus FILE.chorus`: open it in the window
        argv = ["gui", *argv]
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return _pipe_closed()
    except ChorusError as exc:
        return _fail(str(exc), _exit_code(exc))
    except ProjectFileError as exc:
        damaged = exc.reason.startswith("the file is damaged")
        storage = exc.reason.startswith(("the disk is full", "the project is read-only", "the folder is read-only"))
        return _fail(str(exc), EXIT_DAMAGED if damaged else EXIT_STORAGE if storage else EXIT_FAILED)
    except backend.STORE_ERRORS as exc:
        name = getattr(args, "project", None)
        kind = backend.error_kind(exc, name if isinstance(name, os.PathLike) else None)
        where = f"{getattr(name, 'name', name)}: " if name else ""
        code = {"busy": EXIT_BUSY, "damaged": EXIT_DAMAGED, "full": EXIT_STORAGE,
                "readonly": EXIT_STORAGE}.get(kind, EXIT_FAILED)
        return _fail(where + describe_store_error(exc, "the project could not be read",
                                                  name if isinstance(name, os.PathLike) else None), code)
    except OSError as exc:
        name = getattr(exc, "filename", None)
        where = f"{name}: " if name else ""
        kind = backend.error_kind(exc)
        if kind == "full":
            return _fail(f"{where}the disk is full", EXIT_STORAGE)
        if kind == "readonly" and getattr(exc, "errno", None) == errno.EROFS:
            return _fail(f"{where}the disk is read-only", EXIT_STORAGE)
        return _fail(f"{where}{exc.strerror or exc}", EXIT_FAILED)
    except RecursionError:
        return _fail("the input is nested too deeply to process", EXIT_FAILED)
    except MemoryError:
        return _fail("out of memory (the input is too large)", EXIT_FAILED)
    except KeyboardInterrupt:
        print("chorus: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _exit_code(exc: ChorusError) -> int:
    if isinstance(exc, ProjectBusy):
        return EXIT_BUSY
    if isinstance(exc, ProjectDamaged):
        return EXIT_DAMAGED
    if isinstance(exc, (DiskFull, ProjectReadOnly)):
        return EXIT_STORAGE
    return EXIT_FAILED


def _fail(message: str, code: int) -> int:
    try:
        print(f"chorus: error: {clean(message)}", file=sys.stderr)
    except BrokenPipeError:
        pass
    return code


def _pipe_closed() -> int:
    """The reader went away: stop quietly (Python docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_PIPE_CLOSED


def gui_main() -> int:
    """Entry point of the ``chorus-gui`` launcher: always the window."""
    return main(["gui", *sys.argv[1:]])
