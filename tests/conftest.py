"""Shared fixtures: a fresh real project file per test; Qt offscreen."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def project(tmp_path):
    from app.project import Project

    proj = Project.create(tmp_path / "test.chorus", coder_name="ana")
    yield proj
    proj.close()


@pytest.fixture
def shared_dir():
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
