"""REFI-QDA exchange (QDA-XML 1.0): .qdc codebooks and .qdpx projects.

Contract used by the CLI and the UI (filled in by the REFI-QDA work):
- ``sniff(path) -> 'qdpx' | 'qde' | 'qdc' | None``: recognise a file by content.
- ``import_exchange_file(project, path) -> ExchangeReport``.
"""
from __future__ import annotations

from pathlib import Path


def sniff(path: Path) -> str | None:
    """Which REFI-QDA kind of file this is, by content (None: not one)."""
    return None
