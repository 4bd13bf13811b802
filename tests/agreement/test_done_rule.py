"""The missing-data rule: a coder who marked a document done and coded nothing there
"did not apply" every code (never "missing"); documents not done by all are left out."""
from __future__ import annotations

import json

import pytest

from app.cli import main

DOC1 = "a" * 50
DOC2 = "b" * 54


@pytest.fixture
def two_docs(tmp_path):
    """ana codes both documents, ben only the first (identically); 50 + 54 characters."""
    from app.articles.importing import add_document
    from app.coding.codebook import ensure_code_path
    from app.coding.segments import code_span
    from app.project import Project

    path = tmp_path / "p.chorus"
    with Project.create(path, coder_name="ana") as project:
        one = add_document(project, DOC1, "One")
        two = add_document(project, DOC2, "Two")
        ensure_code_path(project, "Theme")
        ensure_code_path(project, "Never used")
        code_span(project, one, 0, 20, "Theme", coder="ana")
        code_span(project, one, 0, 20, "Theme", coder="ben")
        code_span(project, two, 10, 30, "Theme", coder="ana")
    return path


def run(capsys, *args):
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def agreement(capsys, path, *extra):
    code, out, err = run(capsys, "agreement", path, "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_without_done_marks_the_segment_rule_is_stated_and_only_50_chars_compared(two_docs, capsys):
    data = agreement(capsys, two_docs)
    assert data["scope"]["rule"] == "segments"
    assert data["pooled"]["mean_pairwise_kappa"] == 1.0  # the inflation the issue describes
    assert data["pooled"]["n_chars"] == 104 and data["pooled"]["n_chars_compared"] == 50
    code, out, _ = run(capsys, "agreement", two_docs)
    assert "MISSING elsewhere" in out and "50/104" in out


def test_done_but_not_coded_counts_as_not_coded(two_docs, capsys):
    """The issue's reproduction: kappa and alpha drop below 1 and 104 characters are compared."""
    for coder in ("ana", "ben"):
        assert run(capsys, "done", two_docs, "--doc", "One", "--doc", "Two", "--coder", coder)[0] == 0
    data = agreement(capsys, two_docs)
    pooled = data["pooled"]
    assert data["scope"]["rule"] == "done"
    assert pooled["n_chars"] == 104 and pooled["n_chars_compared"] == 104
    assert pooled["mean_pairwise_kappa"] < 1.0 and pooled["krippendorff_alpha"] < 1.0
    (pair,) = pooled["pairs"]
    assert (pair["both"], pair["only_a"], pair["only_b"], pair["neither"]) == (20, 20, 0, 64)
    code, out, _ = run(capsys, "agreement", two_docs)
    assert "104/104" in out
    assert "no segment = not coded" in out


def test_documents_not_done_by_all_are_left_out_and_listed(two_docs, capsys):
    assert run(capsys, "done", two_docs, "--doc", "One", "--doc", "Two", "--coder", "ana")[0] == 0
    assert run(capsys, "done", two_docs, "--doc", "One", "--coder", "ben")[0] == 0
    data = agreement(capsys, two_docs)
    assert data["scope"]["documents_compared"] == ["One"]
    assert data["scope"]["documents_left_out"] == [{"document": "Two", "not_done_by": ["ben"]}]
    assert data["pooled"]["n_chars_compared"] == 50 and data["pooled"]["n_chars"] == 104
    code, out, _ = run(capsys, "agreement", two_docs)
    assert "Left out, not done by every compared coder (1): Two (not done by ben)" in out
    # undoing the done mark leaves One out too: nothing is compared
    assert run(capsys, "done", two_docs, "--doc", "One", "--coder", "ben", "--undo")[0] == 0
    code, _, err = run(capsys, "agreement", two_docs, "--coders", "ana,ben")
    assert code == 1 and "no document is marked done by every compared coder" in err


def test_unused_codes_are_listed_and_pooling_is_stated(two_docs, capsys):
    for coder in ("ana", "ben"):
        run(capsys, "done", two_docs, "--doc", "One", "--doc", "Two", "--coder", coder)
    data = agreement(capsys, two_docs)
    assert data["codes"] == ["Theme"] and data["scope"]["unused_codes"] == ["Never used"]
    code, out, _ = run(capsys, "agreement", two_docs)
    assert "Pooled over the codes used by a compared coder (1): Theme" in out
    assert "Not used by any compared coder: Never used (not pooled" in out
    chosen = agreement(capsys, two_docs, "--codes", "Theme,Never used")
    assert chosen["codes"] == ["Never used", "Theme"]
    assert chosen["pooled"]["krippendorff_alpha"] != data["pooled"]["krippendorff_alpha"]
    code, out, _ = run(capsys, "agreement", two_docs, "--codes", "Theme,Never used")
    assert "Pooled over the chosen codes (2): Never used, Theme" in out
    assert "Never used (pooled: they were chosen" in out


def test_assignments_restrict_and_are_undoable(two_docs, capsys):
    from app.project import Project
    from app.team import assignments
    from db.models import Assignment, AuditEntry

    code, out, err = run(capsys, "assign", two_docs, "--coder", "ben", "--doc", "One")
    assert code == 0, err
    code, _, err = run(capsys, "done", two_docs, "--doc", "Two", "--coder", "ben")
    assert code == 1 and "ben is not assigned 'Two'" in err
    assert run(capsys, "done", two_docs, "--doc", "One", "--coder", "ben")[0] == 0
    code, out, _ = run(capsys, "assignments", two_docs, "--json")
    rows = json.loads(out)
    assert [(r["coder"], r["document"], r["done"]) for r in rows if r["coder"] == "ben"] == [("ben", "One", True)]
    with Project.open(two_docs, coder_name="ana") as project:
        project.activate()
        assert AuditEntry.select().where(AuditEntry.table == "assignment").count() >= 2
        done = assignments.mark_done(project, ["One"], "ana")
        assert done == 1 and assignments.done_documents("ana")
        project.undo(project.last_change)
        assert not assignments.done_documents("ana")
        assert Assignment.select().count() == 1
        assert assignments.toggle_done(project, "Two") is True
        assert assignments.toggle_done(project, "Two") is False
    code, out, _ = run(capsys, "assign", two_docs, "--coder", "ben", "--all")
    assert code == 0 and "2 documents assigned, 1 done" in out


def test_review_shows_a_done_coder_without_segments_as_missing(two_docs, capsys):
    from app.project import Project
    from app.team.review.items import review_items

    with Project.open(two_docs, coder_name="ana") as project:
        project.activate()
        (item,) = review_items("Two")
        assert item.status == "agreed" and item.missing_coders == []  # only ana is known there
    assert run(capsys, "done", two_docs, "--doc", "Two", "--coder", "ben")[0] == 0
    with Project.open(two_docs, coder_name="ana") as project:
        project.activate()
        (item,) = review_items("Two")
        assert item.status == "missing" and item.missing_coders == ["ben"]
