"""Merge edge cases: text differs under the same UUID, code path clash, coder name clash,
the other file left untouched, bad files refused cleanly."""
from __future__ import annotations

import hashlib

import pytest

from app.coding.codebook import ensure_code_path, rename_code
from app.coding.segments import code_span
from app.errors import InvalidOperation
from app.articles.importing import add_document
from app.team.merge import merge_project
from app.project import Project
from db.connection import ProjectFileError
from db.models import Code, Coder, Document, Segment

TEXT = "Café 👩🏽‍💻 said: «enough».\nשלום and e\u0301 too. " * 3


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def pair(tmp_path):
    """Project A (ana) and an independent project B (other UUIDs) with the same text."""
    a = Project.create(tmp_path / "A.chorus", coder_name="ana")
    doc = add_document(a, TEXT, "Shared")
    ensure_code_path(a, "Theme/Sub")
    code_span(a, doc, 0, 4, "Theme/Sub")
    a.close()
    b = Project.create(tmp_path / "B.chorus", coder_name="ana")  # another 'ana' (new UUID)
    doc_b = add_document(b, TEXT, "Shared under another title")
    code_span(b, doc_b, 5, 12, "Theme/Sub", create_missing=True)
    code_span(b, doc_b, 0, 4, "Other", coder="ben", create_missing=True)
    b.close()
    return tmp_path / "A.chorus", tmp_path / "B.chorus"


def test_match_by_text_and_path_coder_clash(pair):
    a, b = pair
    before = _digest(b)
    with Project.open(a, coder_name="ana") as project:
        report = merge_project(project, b)
        assert report.documents_matched == 1 and report.documents_added == []
        assert report.codes_by_path == ["Theme", "Theme/Sub"] and report.codes_added == ["Other"]
        assert report.coders_added == ["ana (2)", "ben"]
        assert any("coder 'ana'" in c and "ana (2)" in c for c in report.clashes)
        assert dict(report.segments_added) == {"ana (2)": 1, "ben": 1}
        assert Document.select().count() == 1
        sub = Code.get(Code.name == "Sub")
        rows = {(s.coder.name, s.code_id, s.start) for s in Segment.select()}
        assert ("ana (2)", sub.id, 5) in rows and ("ana", sub.id, 0) in rows
        assert "clash" in "\n".join(report.lines())
        # one undoable change
        project.undo(project.last_change)
        assert Segment.select().count() == 1 and Coder.select().count() == 1
    assert _digest(b) == before  # the other file is never written


def test_same_uuid_different_text_is_reported(tmp_path):
    a = Project.create(tmp_path / "A.chorus", coder_name="ana")
    doc = add_document(a, TEXT, "Article")
    uuid = doc.uuid
    a.close()
    b = Project.create(tmp_path / "B.chorus", coder_name="ben")
    doc_b = add_document(b, TEXT.replace("enough", "assez"), "Article", uuid=uuid)
    code_span(b, doc_b, 0, 4, "X", create_missing=True)
    b.close()
    with Project.open(tmp_path / "A.chorus", coder_name="ana") as project:
        report = merge_project(project, tmp_path / "B.chorus")
        assert report.added == 0
        assert any("different text" in c for c in report.clashes)
        assert len(report.skipped) == 1 and "text differs" in report.skipped[0]
        assert Segment.select().count() == 0
        assert Document.get(Document.uuid == uuid).text == TEXT


def test_code_uuid_with_another_path_is_a_clash(tmp_path):
    a = Project.create(tmp_path / "A.chorus", coder_name="ana")
    doc = add_document(a, TEXT, "Article")
    ensure_code_path(a, "Frames/Reckoning")
    a.close()
    (tmp_path / "B.chorus").write_bytes((tmp_path / "A.chorus").read_bytes())
    b = Project.open(tmp_path / "B.chorus", coder_name="ben")
    rename_code(b, "Frames/Reckoning", "Reckoning frame")
    code_span(b, doc.uuid, 1, 9, "Frames/Reckoning frame")
    b.close()
    with Project.open(tmp_path / "A.chorus", coder_name="ana") as project:
        report = merge_project(project, tmp_path / "B.chorus")
        assert report.clashes == ["code 'Frames/Reckoning frame' in B.chorus is 'Frames/Reckoning' here "
                                  "(same UUID): kept 'Frames/Reckoning'"]
        seg = Segment.get()
        assert seg.code.name == "Reckoning" and (seg.start, seg.end) == (1, 9)


def test_new_document_comes_in_with_attributes(tmp_path):
    Project.create(tmp_path / "A.chorus", coder_name="ana").close()
    b = Project.create(tmp_path / "B.chorus", coder_name="ben")
    from app.articles.documents import set_attribute

    doc = add_document(b, TEXT, "Only in B")
    set_attribute(b, doc, "outlet", "Le Monde")
    code_span(b, doc, 2, 6, "Y", create_missing=True)
    b.close()
    with Project.open(tmp_path / "A.chorus", coder_name="ana") as project:
        report = merge_project(project, tmp_path / "B.chorus")
        assert report.documents_added == ["Only in B"] and report.added == 1
        from app.articles.documents import attributes_of

        assert attributes_of(Document.get().id) == {"outlet": ("text", "Le Monde")}
        from app import audit

        assert audit.verify().ok


def test_bad_files_refused(project, tmp_path):
    junk = tmp_path / "junk.chorus"
    junk.write_text("not a database")
    with pytest.raises(ProjectFileError, match="junk.chorus"):
        merge_project(project, junk)
    with pytest.raises(ProjectFileError, match="no such"):
        merge_project(project, tmp_path / "missing.chorus")
    with pytest.raises(InvalidOperation, match="into itself"):
        merge_project(project, project.path)
