"""Version 4: project settings are covered by the audit log.

No table changes: from this version on, every settings change goes through the change
pipeline and is logged (table "project_setting", keyed by the setting's key). On
upgrade, the app records the settings the file already had as one logged change, so
``chorus verify`` can check them from then on (see app/audit.py).
"""
from __future__ import annotations

from peewee import Database

VERSION = 4
NAME = "audited settings"


def apply(db: Database) -> None:
    """Nothing to create: the version row itself marks the file as settings-audited."""
