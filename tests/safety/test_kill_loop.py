"""The kill -9 loop (a small version of bench/bench_concurrency.py): nothing committed is lost."""
from __future__ import annotations

import importlib.util

import pytest

from tests.safety.conftest import ROOT


def _bench():
    spec = importlib.util.spec_from_file_location("bench_concurrency", ROOT / "bench" / "bench_concurrency.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["import", "coding"])
def test_kill_9_five_times_loses_nothing_committed(tmp_path, kind):
    result = _bench().kill_loop(tmp_path, kind, kills=5, seed=3)
    assert result["committed"] >= 5
    assert result["lost"] == 0
    assert result["chain_breaks"] == 0
