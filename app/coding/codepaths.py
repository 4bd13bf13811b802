"""Code paths like ``Backlash/Witch-hunt claim``: '/' separates levels.

A '/' or '\\' inside a code's own name is written escaped with a backslash.
"""
from __future__ import annotations

SEPARATOR = "/"


def split_path(path: str) -> list[str]:
    parts, current, escaped = [], [], False
    for ch in path:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == SEPARATOR:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    if any(not p for p in parts):
        raise ValueError(f"bad code path {path!r}: empty level")
    return parts


def escape_name(name: str) -> str:
    return name.replace("\\", "\\\\").replace(SEPARATOR, "\\" + SEPARATOR)


def join_path(names: list[str]) -> str:
    return SEPARATOR.join(escape_name(n) for n in names)
