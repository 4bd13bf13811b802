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
        super().__init__(
            f"code '{code_path}' has {' and '.join(parts)}: choose to delete them too or move them to another code"
        )
        self.segments = segments
        self.children = children
