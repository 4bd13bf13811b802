"""Helpers for the export tests: reading CSVs back, fingerprinting a project."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from db.models import AuditEntry, Segment
from db.sqlite_specific import checkpoint


def read_csv(path: Path, raw: bool = False) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") != raw
    with open(path, encoding="utf-8-sig" if not raw else "utf-8", newline="") as handle:
        return list(csv.reader(handle))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def project_fingerprint(project) -> tuple[str, int, int]:
    """Hash of the project file (after folding the WAL in) and row counts."""
    checkpoint(project.db)
    digest = hashlib.sha256(Path(project.path).read_bytes()).hexdigest()
    return digest, AuditEntry.select().count(), Segment.select().count()
