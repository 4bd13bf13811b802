"""Version 1: the initial schema."""
from __future__ import annotations

from peewee import Database

from db import models as m

VERSION = 1
NAME = "initial schema"

# The tables as they were at version 1 (see the rules in db/migrations/__init__.py).
V1_MODELS = [
    m.ProjectSetting,
    m.Coder,
    m.Document,
    m.Code,
    m.Segment,
    m.DocumentAttribute,
    m.Memo,
    m.AuditEntry,
]


def apply(db: Database) -> None:
    db.create_tables(V1_MODELS)
