"""Auto-coding: preview, untick, widen, one undo step, logged with its query; CLI."""
from __future__ import annotations

import json

from app.analysis.autocode import apply, autocode_log, preview
from app.analysis.units import paragraphs, sentences, widen
from app.articles.importing import add_document
from app.coding.codebook import find_code
from db.models import AuditEntry, Code, Segment

TEXT = ("Mr. Smith met Dr. Jones. They talked about harassment at work!\n\n"
        "A second paragraph. It has no hits.\n\nHarassment again; and \u201charassment?\u201d Yes.")


def test_sentences_and_paragraphs():
    assert [TEXT[s:e] for s, e in paragraphs(TEXT)] == TEXT.split("\n\n")
    assert [TEXT[s:e] for s, e in sentences(TEXT)] == [
        "Mr. Smith met Dr. Jones.", "They talked about harassment at work!", "A second paragraph.",
        "It has no hits.", "Harassment again; and \u201charassment?\u201d", "Yes."]
    lines = "one line\ntwo line\nthree"
    assert [lines[s:e] for s, e in paragraphs(lines)] == ["one line", "two line", "three"]
    start = TEXT.index("harassment")
    assert TEXT.__getitem__(slice(*widen(TEXT, start, start + 10, "sentence"))) == "They talked about harassment at work!"
    assert widen(TEXT, start, start + 10, None) == (start, start + 10)
    s, e = widen(TEXT, 0, len(TEXT), "paragraph")
    assert (s, e) == (0, len(TEXT))


def test_preview_changes_nothing_and_apply_is_one_undo_step(project):
    project.activate()
    doc = add_document(project, TEXT, "T")
    before_audit = AuditEntry.select().count()
    plan = preview(project, "harassment", "Themes/Harassment")
    assert [p.text for p in plan.passages] == ["harassment", "Harassment", "harassment"]
    assert AuditEntry.select().count() == before_audit and find_code("Themes/Harassment") is None
    plan.passages[1].included = False
    result = apply(project, plan)
    assert result.segments == 2
    code = find_code("Themes/Harassment")
    rows = list(Segment.select().where(Segment.code == code.id).order_by(Segment.start))
    assert [(r.start, r.end) for r in rows] == [(p.start, p.end) for p in plan.passages if p.included]
    assert all(doc.text[r.start:r.end].lower() == "harassment" for r in rows)
    labels = {e.label for e in AuditEntry.select().where(AuditEntry.changeset == result.changeset_uuid)}
    assert labels == {result.label} and "'harassment'" in result.label
    assert [e.label for e in autocode_log()] == [result.label]
    project.undo(project.last_change)  # one step removes segments and the new codes
    assert Segment.select().count() == 0 and Code.select().count() == 0


def test_widen_to_sentence_merges_hits_and_skips_already_coded(project):
    project.activate()
    doc = add_document(project, TEXT, "T")
    plan = preview(project, "harassment", "H", widen_to="sentence")
    assert [p.text for p in plan.passages] == ["They talked about harassment at work!",
                                               "Harassment again; and \u201charassment?\u201d"]
    assert plan.passages[1].hits == 2
    apply(project, plan)
    again = preview(project, "harassment", "H", widen_to="sentence")
    assert all(p.already for p in again.passages) and again.to_code == []
    assert apply(project, again).segments == 0
    para = preview(project, "harassment", "H", widen_to="paragraph")
    assert [doc.text[p.start:p.end] for p in para.passages] == [TEXT.split("\n\n")[0], TEXT.split("\n\n")[2]]


def test_regex_autocode(project):
    project.activate()
    add_document(project, TEXT, "T")
    plan = preview(project, r"Dr\. \w+", "People", regex=True)
    assert [p.text for p in plan.passages] == ["Dr. Jones"]


def test_autocode_cli_dry_run_and_apply(demo, capsys):
    from app.cli import main

    path = str(demo.path)
    count = Segment.select().count()
    demo.close()
    assert main(["autocode", path, "harass*", "--code", "Auto/Harassment", "--widen", "sentence", "--dry-run",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dry_run"] and data["coded"] == 0 and data["to_code"] > 0
    from app.project import Project

    with Project.open(path) as p:
        p.activate()
        assert Segment.select().count() == count
    assert main(["autocode", path, "harass*", "--code", "Auto/Harassment", "--widen", "sentence"]) == 0
    assert "coded" in capsys.readouterr().out
    with Project.open(path) as p:
        p.activate()
        assert Segment.select().count() == count + data["to_code"]
        assert autocode_log()[-1].segments == data["to_code"]
    assert main(["autocode", path, "x", "--code", "A//B"]) == 1
    assert "empty level" in capsys.readouterr().err
