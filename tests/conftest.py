"""Shared fixtures: a fresh real project file per test; Qt offscreen."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def _chorus_config(tmp_path, monkeypatch):
    """Every test gets its own (empty) shared preference file, never the user's."""
    monkeypatch.setenv("CHORUS_CONFIG", str(tmp_path / "chorus-config" / "chorus.ini"))


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


# --- PostgreSQL (SERVER): one throwaway cluster per test session, see tests/pg.py ---------
@pytest.fixture(scope="session")
def pg_cluster():
    """A running throwaway PostgreSQL cluster on a loopback port; skips when not installed."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("chorus_tests_pg", Path(__file__).with_name("pg.py"))
    pg = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pg)
    reason = pg.unusable_reason()
    if reason is not None:
        pytest.skip(reason)
    cluster = pg.TempCluster().start()
    yield cluster
    cluster.stop()
