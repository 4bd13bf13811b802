"""Numbered schema migrations.

Each migration is a module ``mNNNN_name.py`` with ``VERSION``, ``NAME`` and
``apply(db)``; ``MIGRATIONS`` lists them in order. Rules:
- A migration is never edited after it has shipped; changes go in a new one.
- New tables: create them from their model in the migration that introduces them
  (never add them to an older migration's list).
- A column change to an existing table: use ``playhouse.migrate`` in the new migration
  and, at the same time, freeze the older migration's model definitions (copy the
  models as they were into it), so a fresh project still replays history exactly.
  ``tests/test_migrations.py`` checks a migrated schema equals the models' schema.
"""
from __future__ import annotations

from db.migrations import m0001_initial, m0002_review
from db.migrations import m0003_assignments
from db.migrations import m0004_audited_settings
from db.migrations import m0006_suggestions

MIGRATIONS = sorted([m0001_initial, m0002_review, m0003_assignments, m0004_audited_settings, m0006_suggestions], key=lambda m: m.VERSION)
LATEST_VERSION = MIGRATIONS[-1].VERSION
