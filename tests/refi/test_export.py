"""Exports are strict QDA-XML 1.0: validated against the official XSDs."""
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from app.coding import codebook
from app.coding import segments as coding
from app.articles import documents
from app.articles.importing import add_document
from app.exchange.refi import ExchangeError, export_qdc, export_qdpx, read_qdc
from db.models import Memo

from .conftest import NS, assert_valid_codebook, assert_valid_project, qde_of

TEXT = "Emoji 😀👍🏽 and e\u0301 (combining) and שלום עולם\r\nsecond line"
ORDER = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs", "Description",
         "NoteRef"]


@pytest.fixture
def filled(project):
    doc = add_document(project, TEXT, "Article <1> & \"quotes\"", source="The Guardian", author="A. Writer",
                       published="2017-10-16", url="https://example.org/a?b=1&c=2")
    parent = codebook.create_code(project, "Backlash/odd", colour="#AbCdEf", description="Posts that push back.",
                                  definition="Def line 1\nDefinition: inside", when_to_use="When blaming",
                                  when_not_to_use="Irony", example="\"she asked for it\"")
    child = codebook.create_code(project, "Witch-hunt", parent=parent)
    start = TEXT.index("😀")
    coding.code_span(project, doc, start, start + 3, child, memo="a memo\nwith two lines")
    coding.code_span(project, doc, 0, 5, parent, coder="bob")
    documents.set_document_memo(project, doc, "Document memo")
    documents.set_attribute(project, doc, "region", "EU")
    documents.set_attribute(project, doc, "shares", "12", "number")
    documents.set_attribute(project, doc, "score", "0.25", "number")
    documents.set_attribute(project, doc, "day", "2017-10-16", "date")
    documents.set_attribute(project, doc, "viral", "yes", "boolean")
    with project.change("memos") as rec:
        rec.insert(Memo, title="Project memo", body="about the project")
        rec.insert(Memo, title="Code memo", body="about a code", code=parent.id)
    return project, doc


def test_qdpx_validates_and_has_the_documented_layout(filled, tmp_path):
    project, doc = filled
    out = export_qdpx(project, tmp_path / "out.qdpx")
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        stored = archive.read(f"sources/{doc.uuid}.txt")
    assert names == {"project.qde", f"sources/{doc.uuid}.txt"}
    assert stored == doc.text.encode("utf-8")  # exactly as stored (LF, no BOM)
    qde = qde_of(out)
    assert_valid_project(qde)
    root = ET.fromstring(qde)
    tags = [child.tag.split("}")[1] for child in root]
    assert tags == sorted(tags, key=ORDER.index)
    assert tags == ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "NoteRef"]
    source = root.find("q:Sources/q:TextSource", NS)
    assert source.get("plainTextPath") == f"internal://{doc.uuid}.txt"
    assert source.get("creationDateTime").endswith("Z")
    selections = source.findall("q:PlainTextSelection", NS)
    assert len(selections) == 2
    emoji = next(s for s in selections if s.get("startPosition") != "0")
    start, end = int(emoji.get("startPosition")), int(emoji.get("endPosition"))
    assert doc.text[start:end] == "😀👍🏽"  # code points, not UTF-16 units
    assert emoji.find("q:Description", NS).text == "a memo\nwith two lines"
    types = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind("q:Variables/q:Variable", NS)}
    assert types == {"region": "Text", "shares": "Integer", "score": "Float", "day": "Date", "viral": "Boolean"}
    case = root.find("q:Cases/q:Case", NS)
    assert case.find("q:SourceRef", NS).get("targetGUID") == doc.uuid
    code = root.find("q:CodeBook/q:Codes/q:Code", NS)
    assert code.get("color") == "#AbCdEf" and code.get("isCodable") == "true"
    assert code.find("q:Code", NS).get("name") == "Witch-hunt"


def test_empty_project_exports_a_valid_file_without_empty_containers(project, tmp_path):
    qde = qde_of(export_qdpx(project, tmp_path / "empty.qdpx"))
    assert_valid_project(qde)
    assert len(ET.fromstring(qde)) == 0


def test_qdc_validates_and_reads_back(filled, tmp_path):
    project, _ = filled
    out = export_qdc(project, tmp_path / "book.qdc")
    assert_valid_codebook(out)
    codes = read_qdc(out)
    parent = next(c for c in codes if c["name"] == "Backlash/odd")
    assert parent["definition"] == "Def line 1\nDefinition: inside"
    assert parent["when_not_to_use"] == "Irony" and parent["example"] == "\"she asked for it\""
    assert parent["description"] == "Posts that push back." and parent["colour"] == "#AbCdEf"
    child = next(c for c in codes if c["name"] == "Witch-hunt")
    assert child["parent_uuid"] == parent["uuid"]


def test_qdc_of_an_empty_codebook_is_refused(project, tmp_path):
    with pytest.raises(ExchangeError, match="empty.qdc: the codebook is empty"):
        export_qdc(project, tmp_path / "empty.qdc")
    assert not (tmp_path / "empty.qdc").exists()


def test_characters_xml_cannot_carry_are_replaced_and_still_valid(project, tmp_path):
    codebook.create_code(project, "bell\x07name", description="nul \x00 and \ufffe")
    qde = qde_of(export_qdpx(project, tmp_path / "ctl.qdpx"))
    assert_valid_project(qde)
    assert ET.fromstring(qde).find("q:CodeBook/q:Codes/q:Code", NS).get("name") == "bell\ufffdname"


def test_every_note_has_a_creation_time_document_memos_included(filled, tmp_path):
    """QualCoder's import stops (half-imported) on a Note without creationDateTime."""
    project, doc = filled
    qde = qde_of(export_qdpx(project, tmp_path / "notes.qdpx"))
    assert_valid_project(qde)
    notes = ET.fromstring(qde).findall("q:Notes/q:Note", NS)
    by_name = {n.get("name"): n for n in notes}
    assert set(by_name) >= {f"Memo: {doc.title}", "Project memo", "Code memo"}
    for note in notes:
        created = note.get("creationDateTime")
        assert created and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", created), note.get("name")
    doc_memo = by_name[f"Memo: {doc.title}"]
    assert doc_memo.find("q:PlainTextContent", NS).text == "Document memo"
