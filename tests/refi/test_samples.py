"""Real REFI-QDA files made by other tools (../shared/refi-qda/samples).

Each count is asserted twice: against ElementTree counts taken from the file here,
and against the numbers observed by reading the files by hand.
"""
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from app.coding import queries
from app.exchange.refi import import_exchange_file, read_qdc, sniff, validate
from app.text import normalize_text
from db.models import Code, Coder, Document, Segment


def _count(xml: bytes, tag: str) -> int:
    return sum(1 for e in ET.fromstring(xml).iter() if e.tag.rsplit("}", 1)[-1] == tag)


def _zip_folder(folder, out):
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return out


def test_maxqda24_folder_and_zipped(samples, project, make_project, tmp_path):
    folder = samples / "maxqda24"
    xml = (folder / "project.qde").read_bytes()
    assert (_count(xml, "Code"), _count(xml, "TextSource"), _count(xml, "PlainTextSelection")) == (307, 10, 0)
    assert sniff(folder / "project.qde") == "qde"
    report = import_exchange_file(project, folder / "project.qde")
    assert (report.codes, report.documents, report.segments, report.users) == (307, 10, 0, 1)
    assert Code.select().count() == _count(xml, "Code")
    assert Code.select().where(Code.parent.is_null()).count() == 18
    root = ET.fromstring(xml)
    for source in root.iter("{urn:QDA-XML:project:1.0}TextSource"):
        guid = source.get("guid")
        doc = Document.get(Document.uuid == guid.lower())
        assert doc.title == source.get("name")
        raw = (folder / "sources" / f"{guid}.txt").read_bytes().decode("utf-8-sig")
        assert doc.text == normalize_text(raw)
    theme = Code.get(Code.name == "THEME - Affinity Spaces (Gee)")
    assert theme.colour == "#ef8256" and "affinity spaces" in theme.description
    assert validate(folder / "project.qde") == []
    # the same folder zipped as a .qdpx reads the same
    other = make_project()
    zipped = _zip_folder(folder, tmp_path / "maxqda.qdpx")
    assert sniff(zipped) == "qdpx"
    again = import_exchange_file(other, zipped)
    assert (again.codes, again.documents, again.segments) == (307, 10, 0)


def test_nvivo15(samples, project):
    path = samples / "nvivo15" / "nvivo_project.qdpx"
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("project.qde")
    assert (_count(xml, "Code"), _count(xml, "TextSource"), _count(xml, "User")) == (262, 2, 2)
    report = import_exchange_file(project, path)
    assert report.codes == 262 and report.users == 2
    # both sources hold the same text: two documents all the same, the duplicate text reported
    assert report.documents == 2 == _count(xml, "TextSource") == Document.select().count()
    assert report.reused_documents == 0
    assert len({d.text for d in Document.select()}) == 1
    assert len(report.duplicate_texts) == 1 and any("same text as source" in w for w in report.warnings)
    assert {c.name for c in Coder.select()} == {"chrisp", "cp"}
    paths = {r.path for r in queries.code_rows()}
    assert "rq1_definition/competencies/programming" in paths
    assert "rq1_definition/framings/cs_as_programming/programming" in paths


def test_atlasti23_codebook(samples, project):
    path = samples / "atlasti23" / "atlasti_win_23.4.0_codebook.qdc"
    assert sniff(path) == "qdc"
    assert _count(path.read_bytes(), "Code") == 1
    report = import_exchange_file(project, path)
    assert (report.kind, report.codes, report.documents) == ("qdc", 1, 0)
    code = Code.get()
    assert (code.uuid, code.name, code.colour, code.description) == (
        "1ff58b12-6f6f-4b0c-8be5-bbdc91f55294", "code1", "#46AA00", "description")
    assert read_qdc(path)[0]["name"] == "code1"


def test_f4_qde_alone_reports_its_sources_as_skipped(samples, project):
    path = samples / "f4" / "project.qde"
    xml = path.read_bytes()
    assert (_count(xml, "Code"), _count(xml, "TextSource"), _count(xml, "PlainTextSelection")) == (1, 4, 4)
    report = import_exchange_file(project, path)
    assert (report.codes, report.documents, report.segments) == (1, 0, 0)
    assert sum("text source" in s for s in report.skipped) == 4
    assert any("Interview 60mins" in s and "4 selections" in s for s in report.skipped)
    assert Code.get().colour == "#044B9B"


def test_f4_with_sources_supplied_imports_selections_and_memos(samples, project, tmp_path):
    xml = (samples / "f4" / "project.qde").read_bytes()
    root = ET.fromstring(xml)
    texts = {}
    out = tmp_path / "f4.qdpx"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", xml)
        for i, source in enumerate(root.iter("{urn:QDA-XML:project:1.0}TextSource")):
            text = "".join(f"w{i}-{n:04d} " for n in range(300))  # 2,100 characters
            texts[source.get("name")] = text
            archive.writestr(source.get("plainTextPath").replace("internal://", "sources/"), text)
    report = import_exchange_file(project, out)
    assert (report.documents, report.segments) == (4, 2)
    rows = queries.segment_rows()
    text = texts["Interview 60mins"]
    assert sorted((r.start, r.end, r.text) for r in rows) == [(320, 416, text[320:416]), (995, 1260, text[995:1260])]
    coded_with_memo = next(r for r in rows if r.start == 995)
    assert coded_with_memo.memo == "Dies ist ein Memo, angeheftet an ein Text-Snipped (das codiert ist!)"
    assert next(r for r in rows if r.start == 320).memo == ""
    doc = Document.get(Document.title == "Interview 60mins")
    assert "das nicht codiert ist!" in doc.memo and text[603:640] in doc.memo
    assert {r.coder for r in rows} == {"imported"}  # f4 writes no users


def test_qc132_selections_are_the_right_lines(samples, project):
    path = samples / "qc132" / "demo.qdpx"
    with zipfile.ZipFile(path) as archive:  # closed before the import (an open file is taken for a project)
        xml = archive.read("project.qde")
        source = archive.read("sources/board_2017.txt").decode("utf-8")
    assert (_count(xml, "Code"), _count(xml, "TextSource"), _count(xml, "PlainTextSelection"),
            _count(xml, "Coding")) == (262, 2, 158, 205)
    report = import_exchange_file(project, path)
    assert (report.codes, report.documents, report.segments) == (262, 2, 205)
    assert Segment.select().count() == _count(xml, "Coding")
    lines = source.split("\n")
    root = ET.fromstring(xml)
    by_uuid = {r.uuid: r for r in queries.segment_rows()}
    checked = 0
    for sel in root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection"):
        line = int(sel.get("name").split(":")[1])  # qc names a selection after its (0-based) line
        row = by_uuid[sel.get("guid")]
        assert row.text.rstrip("\n") == lines[line]
        assert row.text == source[int(sel.get("startPosition")):int(sel.get("endPosition"))]
        checked += 1
    assert checked == 158
    assert Document.get(Document.uuid == "66653866-6334-3535-3435-366637306566").title == "admin-1"


def test_invalid_sample_is_read_leniently_but_flagged(samples, project):
    path = samples / "invalid" / "non_guid_ids.qdc"
    xml = path.read_bytes()
    n = _count(xml, "Code")
    assert n == 44
    report = import_exchange_file(project, path)
    assert report.codes == n
    assert any("not GUIDs" in w for w in report.warnings)
    assert all(re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", c.uuid) for c in Code.select())
    top = Code.get(Code.name == "Negativ/Aufgeregt")
    assert top.description == "All emotions with negative valence and positive arousal."
    assert Code.select().where(Code.parent == top.id).count() > 5
    problems = validate(path)
    assert any("'c001'" in p and "not a GUID" in p for p in problems)
    assert len({c["uuid"] for c in read_qdc(path)}) == n


@pytest.mark.parametrize("name", ["maxqda24/project.qde", "nvivo15/nvivo_project.qdpx", "qc132/demo.qdpx",
                                  "f4/project.qde", "atlasti23/atlasti_win_23.4.0_codebook.qdc"])
def test_valid_samples_pass_validate(samples, name):
    assert validate(samples / name) == []
