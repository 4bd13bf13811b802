"""Errors of the domain layer, each with a message fit to show a researcher."""
from __future__ import annotations


class ChorusError(Exception):
    """Base class: ``str(e)`` is a one-line message for the user."""


class NotFound(ChorusError):
    pass


class InvalidOperation(ChorusError):
    pass


class CodeInUse(InvalidOperation):
    """A code with segments (or children) cannot be deleted without a choice."""

    def __init__(self, code_path: str, segments: int, children: int):
        parts = []
        if segments:
            parts.append(f"{segments} segment{'s' if segments != 1 else ''}")
        if children:
            parts.append(f"{children} sub-code{'s' if children != 1 else ''}")
        one = segments + children == 1
        them = "it" if one else "them"
        super().__init__(
            f"code '{code_path}' has {' and '.join(parts)}: choose to delete {them} too or move "
            f"{'the segments' if children else them} to another code"
        )
        self.segments = segments
        self.children = children


# --- The store: why a read or a write could not be done (one line each) ------------------


class StoreError(ChorusError):
    """The project could not be read or written (busy, full disk, read-only, damaged)."""


class ProjectBusy(StoreError):
    def __init__(self, name: str, waited_s: float = 5):
        super().__init__(f"{name}: another program is writing to this project (waited {waited_s:g} s); try again")


class DiskFull(StoreError):
    def __init__(self, name: str):
        super().__init__(f"{name}: the disk is full; nothing was saved (free some space and try again)")


class ProjectReadOnly(StoreError):
    def __init__(self, name: str, why: str = ""):
        extra = f" ({why})" if why else ""
        super().__init__(f"{name}: the project is read-only{extra}; nothing was saved")


class ProjectDamaged(StoreError):
    def __init__(self, name: str, detail: str = ""):
        extra = f" ({detail})" if detail else ""
        super().__init__(f"{name}: the file is damaged{extra}; nothing was written. "
                         f"Run 'chorus verify' and restore the last backup")


class ChangedElsewhere(ChorusError):
    """An undo/redo whose rows another program (or process) changed since."""


# --- The team server (SERVER) -------------------------------------------------------------


class NotPermitted(StoreError):
    """The server's database refused a change this login may not make (roles, blind mode)."""

    def __init__(self, name: str, what: str):
        super().__init__(f"{name}: your login may not {what}; nothing was saved")
