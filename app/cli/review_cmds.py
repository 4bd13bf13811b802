"""Commands of this group are added by their issue; registered in app/cli/__init__.py."""
from __future__ import annotations


def register(sub) -> None:
    """Add this group's subcommands to the ``chorus`` parser."""
