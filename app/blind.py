"""Blind coding: while on, a coder sees only their own segments.

The setting lives in the project (so every teammate's copy agrees); views and counts
ask ``visible_coder_ids`` which coders' segments they may show.
"""
from __future__ import annotations

from app.project import Project

BLIND_KEY = "blind_mode"


def is_blind(project: Project) -> bool:
    return project.setting(BLIND_KEY, "off") == "on"


def visible_coder_ids(project: Project) -> list[int] | None:
    """None: every coder is visible; otherwise the ids whose segments may be shown."""
    if not is_blind(project):
        return None
    return [project.coder().id]
