"""Version 2: team review (blind-mode events, adjudication decisions and their sources)."""
from __future__ import annotations

from peewee import Database

from db import models as m

VERSION = 2
NAME = "team review"

# The tables this version introduces (see the rules in db/migrations/__init__.py).
V2_MODELS = [m.BlindEvent, m.Decision, m.DecisionSource]


def apply(db: Database) -> None:
    db.create_tables(V2_MODELS)
