"""Version 6: code suggestions (the passages a coder dismissed for a code)."""
from __future__ import annotations

from peewee import Database

from db import models as m

VERSION = 6
NAME = "code suggestions"

# The tables this version introduces (see the rules in db/migrations/__init__.py).
V6_MODELS = [m.SuggestionDismissal]


def apply(db: Database) -> None:
    db.create_tables(V6_MODELS)
