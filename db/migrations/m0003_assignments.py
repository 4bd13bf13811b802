"""Version 3: coding assignments (who is assigned which documents, which are done) and the team lead."""
from __future__ import annotations

from peewee import Database

from db import models as m

VERSION = 3
NAME = "coding assignments"

# The tables this version introduces (see the rules in db/migrations/__init__.py).
V3_MODELS = [m.Assignment, m.TeamLead]


def apply(db: Database) -> None:
    db.create_tables(V3_MODELS, safe=True)
