"""Codebook import: our CSV round trip, Taguette CSV, merge report, bad files."""
from __future__ import annotations

import csv

import pytest

from app.coding.codebook import create_code, find_code
from app.exchange.codebook_import import CodebookImportError, import_codebook
from app.exchange.exports import export
from app.project import Project
from app.coding.queries import code_rows
from db.models import AuditEntry, Code

from .helpers import project_fingerprint

FIELDS = ("uuid", "path", "colour", "description", "definition", "when_to_use", "when_not_to_use", "example")


def _codebook() -> list[tuple]:
    return [tuple(getattr(c, f) for f in FIELDS) + ((c.parent_id is not None),) for c in code_rows()]


def _write(path, header, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("raw", [False, True])
def test_round_trip_into_a_new_project(corpus, tmp_path, raw):
    project = corpus.project
    create_code(project, "Sub/level", parent="Formula", colour="#abcdef",
                definition="Multi-line\n\n- a list\n- with \"quotes\", commas", example="=A1+B2",
                when_to_use="-dash first", when_not_to_use="@at first")
    expected = _codebook()
    out = tmp_path / "codebook.csv"
    export(project, "codebook-csv", out, raw=raw)
    other = Project.create(tmp_path / "other.chorus", coder_name="zoe")
    try:
        report = import_codebook(other, out)
        assert len(report.added) == len(expected) == 6 and not report.skipped and not report.updated
        assert _codebook() == expected  # same uuids, paths (hierarchy), colours and text fields
        assert find_code("Formula/Sub\\/level").name == "Sub/level"
        undo_target = other.last_change
        assert {c.table for c in undo_target.changes} == {"code"}
        other.undo(undo_target)  # one change: one undo removes it all
        assert Code.select().count() == 0
        again = import_codebook(other, out)
        assert len(again.added) == 6
        third = import_codebook(other, out)  # nothing new: all unchanged
        assert not third.added and not third.updated and len(third.unchanged) == 6
    finally:
        other.close()
        project.activate()


def test_merge_report_added_updated_skipped(project, tmp_path):
    existing = create_code(project, "Known", colour="#111111", definition="old")
    by_path = create_code(project, "Path only", colour="#222222")
    path = _write(tmp_path / "merge.csv",
                  ["code_id", "path", "colour", "definition", "description"],
                  [[existing.uuid, "Known", "#111111", "new definition", ""],
                   ["", "Path only", "#333333", "", "now described"],
                   ["", "Brand/New child", "#444444", "fresh", ""],
                   ["", "Bad colour", "red", "", ""],
                   ["", "", "#555555", "", ""],
                   ["not-a-uuid", "Odd id", "#666666", "", ""],
                   ["", "Known", "#777777", "", ""]])
    report = import_codebook(project, path)
    assert report.added == ["Brand", "Brand/New child"]
    assert sorted(report.updated) == ["Known", "Path only"]
    reasons = "\n".join(report.skipped)
    assert "Bad colour: bad colour 'red'" in reasons
    assert "line 6: no code name" in reasons
    assert "Odd id: bad code_id" in reasons
    assert "Known: appears more than once" in reasons
    assert len(report.skipped) == 4
    assert Code.get_by_id(existing.id).definition == "new definition"
    updated = Code.get_by_id(by_path.id)
    assert (updated.colour, updated.description, updated.uuid) == ("#333333", "now described", by_path.uuid)
    assert find_code("Brand/New child").definition == "fresh"


def test_uuid_match_follows_a_rename_or_move(project, tmp_path):
    parent = create_code(project, "Parent")
    code = create_code(project, "Old name")
    path = _write(tmp_path / "m.csv", ["code_id", "path"], [[code.uuid, "Parent/New name"]])
    report = import_codebook(project, path)
    assert report.updated == ["Parent/New name"]
    moved = Code.get_by_id(code.id)
    assert (moved.name, moved.parent_id) == ("New name", parent.id)


def test_taguette_csv(project, tmp_path):
    create_code(project, "existing", description="")
    path = _write(tmp_path / "tags.csv", ["tag", "description", "number of highlights", "number of documents"],
                  [["interesting", "Things of note", "12", "3"],
                   ["people/women", "A slash is part of the name", "4", "1"],
                   ["existing", "Now described", "1", "1"],
                   ["=formula", "kept as typed", "0", "0"]], encoding="utf-8-sig")
    report = import_codebook(project, path)
    assert sorted(report.added) == ["=formula", "interesting", "people\\/women"]
    assert report.updated == ["existing"]
    women = find_code("people\\/women")
    assert women.name == "people/women" and women.parent_id is None
    assert women.description == "A slash is part of the name"
    assert find_code("=formula").description == "kept as typed"


def test_cp1252_fallback(project, tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes("path,definition\r\nCaf\u00e9,na\u00efve \u2013 dash\r\n".encode("cp1252"))
    report = import_codebook(project, path)
    assert report.added == ["Caf\u00e9"]
    assert find_code("Caf\u00e9").definition == "na\u00efve \u2013 dash"


@pytest.mark.parametrize("content, reason", [
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"colour,definition\r\n#fff,x\r\n", "missing required column 'path'"),
    (b"", "empty"),
])
def test_bad_files_fail_with_one_clear_error(project, tmp_path, content, reason):
    create_code(project, "Keep me")
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = project_fingerprint(project)
    with pytest.raises(CodebookImportError, match=reason) as info:
        import_codebook(project, path)
    assert str(info.value).startswith("bad.csv: ")
    assert "\n" not in str(info.value)
    assert project_fingerprint(project) == before


def test_too_large_file(project, tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.write(b"path\n")
        handle.truncate(10 * 1024 * 1024 + 1)
    count = AuditEntry.select().count()
    with pytest.raises(CodebookImportError, match="huge.csv: too large"):
        import_codebook(project, path)
    assert AuditEntry.select().count() == count and Code.select().count() == 0


def test_missing_file(project, tmp_path):
    with pytest.raises(CodebookImportError, match="nope.csv: no such file"):
        import_codebook(project, tmp_path / "nope.csv")


def test_qdc_round_trip_through_refi(corpus, tmp_path):
    """The .qdc path: export via app.exchange.refi, import here (hierarchy, colours, text fields)."""
    expected = [(p, c, d, w) for _u, p, c, _desc, d, w, *_rest in _codebook()]
    out = tmp_path / "codebook.qdc"
    result = export(corpus.project, "qdc", out)
    assert result.rows == 5 and out.is_file()
    other = Project.create(tmp_path / "other.chorus", coder_name="zoe")
    try:
        report = import_codebook(other, out)
        assert len(report.added) == 5 and not report.skipped
        assert [(p, c, d, w) for _u, p, c, _desc, d, w, *_rest in _codebook()] == expected
    finally:
        other.close()
        corpus.project.activate()
