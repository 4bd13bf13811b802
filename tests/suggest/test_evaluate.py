"""The evaluation: the lexical engine beats the random baseline by a wide margin."""
from __future__ import annotations

import pytest

from app.errors import InvalidOperation
from app.suggest.evaluate import _metrics, evaluate
import numpy as np


def test_metrics_by_hand():
    p, r, ap = _metrics(np.array([True, False, True, False]), [1, 2, 4])
    assert p == {1: 1.0, 2: 0.5, 4: 0.5}
    assert r == {1: 0.5, 2: 0.5, 4: 1.0}
    assert ap == pytest.approx((1 / 1 + 2 / 3) / 2)


def test_lexical_beats_random_on_a_corpus_with_known_structure(coded_topic_project):
    project, _truth, _coded = coded_topic_project
    result = evaluate(project, "Online amplification", folds=5)
    by = {r.name: r for r in result.results}
    assert result.folds_scored == 5
    assert by["lexical"].average_precision > 3 * by["random"].average_precision
    assert by["lexical"].precision_at[10] >= 0.5 > by["random"].precision_at[10]
    assert by["lexical"].kappa > 0.3 > by["random"].kappa


def test_lexical_beats_random_on_the_demo_corpus(tmp_path):
    from app.coding.queries import code_rows
    from app.demo import build_demo_project

    project = build_demo_project(tmp_path / "demo.chorus")
    lexical, rand = [], []
    for row in code_rows():
        if row.parent_id is None:
            continue
        try:
            result = evaluate(project, row.path, folds=3, include_subcodes=False)
        except InvalidOperation as exc:  # codes with too few passages are skipped
            assert "at least 3" in str(exc)
            continue
        by = {r.name: r for r in result.results}
        lexical.append(by["lexical"].average_precision)
        rand.append(by["random"].average_precision)
    project.close()
    assert len(lexical) >= 6
    assert np.mean(lexical) > 5 * np.mean(rand)
