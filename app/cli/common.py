"""Helpers shared by the command modules: opening projects, printing JSON and tables."""
from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from app.project import Project


def project_address(text: str) -> Path | str:
    """A project argument: a file path, or a team server's ``postgresql://`` URL kept as
    given (a Path would fold its '//')."""
    return text if text.startswith(("postgresql://", "postgres://")) else Path(text)


def add_project_arg(parser, help_text: str = "the project file (.chorus) or a postgresql:// server address") -> None:
    parser.add_argument("project", type=project_address, help=help_text)


def open_project(path: Path, coder: str | None = None) -> Project:
    """Open for a command; damage found on opening is reported (reads go on, writes are refused)."""
    project = Project.open(path, coder_name=coder)
    if project.damage:
        print(f"chorus: warning: {clean(project.name)}: the file is damaged ({clean(project.damage[0])[:200]}); "
              f"changes are refused. Run 'chorus verify' and restore the last backup", file=sys.stderr)
    return project


# C0 and C1 controls, DEL, and the Unicode line/paragraph separators: never printed raw
# (a file name with a newline or a terminal escape would forge lines or drive the terminal).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_C1 = re.compile("[\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def _escape(match: re.Match) -> str:
    char = match.group(0)
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def clean(text: Any) -> str:
    """One printable line: every control character (newline, ESC, C1, ...) escaped."""
    return _CONTROLS.sub(_escape, "" if text is None else str(text))


def clean_lines(text: Any) -> str:
    """Like ``clean`` but keeps the newlines (text printed as several lines on purpose)."""
    return "\n".join(clean(line) for line in ("" if text is None else str(text)).split("\n"))


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    # JSON escapes C0 controls itself; C1 controls are valid raw JSON but not for a terminal
    sys.stdout.write(_C1.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    headers = [clean(h) for h in headers]
    cells = [[clean(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = min(max(widths[i], len(v)), 60)
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    for row in cells:
        print("  ".join((v if len(v) <= 60 else v[:57] + "...").ljust(w) for v, w in zip(row, widths)).rstrip())
