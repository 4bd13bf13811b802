"""Import details: position remapping, lenient paths and namespaces, reuse, coders, sniffing."""
import zipfile

import pytest

from app.coding import queries
from app.articles.importing import add_document
from app.exchange.refi import import_exchange_file, sniff
from db.models import Coder, Document, Segment

from .conftest import snapshot
from .test_hostile import CODE, SRC, USER, qde, qdpx, sel


def _selection_texts():
    return sorted((r.start, r.end, r.text) for r in queries.segment_rows())


def test_crlf_and_bom_sources_are_normalised_and_positions_remapped(project, tmp_path):
    raw = "\ufeffAb\r\ncd 😀\r\nef\rgh"  # a leading U+FEFF character, CRLFs, a lone CR
    data = raw.encode("utf-8")
    # positions count the raw text: "cd 😀" is raw[5:9], "ef\rgh" is raw[11:16], the CRLF line break raw[3:5]
    xml = qde(sel(5, 9) + sel(11, 16) + sel(1, 5))
    report = import_exchange_file(project, qdpx(tmp_path, xml, {f"sources/{SRC}.txt": b"\xef\xbb\xbf" + data}))
    doc = Document.get()
    assert doc.text == "Ab\ncd 😀\nef\ngh"
    assert report.segments == 3
    assert _selection_texts() == [(0, 3, "Ab\n"), (3, 7, "cd 😀"), (8, 13, "ef\ngh")]


def test_bare_and_relative_plain_text_paths_and_upper_case_sources_folder(project, tmp_path):
    for name, path, member in [("bare", "notes.txt", "Sources/notes.txt"),
                               ("relative", "sources/notes.txt", "sources/notes.txt"),
                               ("absolute", "C:\\Users\\x\\notes.txt", "sources/notes.txt")]:
        text = f"text for {name}"
        import_exchange_file(project, qdpx(tmp_path, qde(sel(0, 4), path=path).replace(SRC, SRC[:-4] + "abcd"),
                                           {member: text.encode()}, name=f"{name}.qdpx"))
        assert Document.select().where(Document.text == text).exists(), name


@pytest.mark.parametrize("namespace", ["urn:QDA-XML:project:1:0", "urn:QDA-XML:project:0:4"])
def test_older_namespaces_are_read(project, tmp_path, namespace):
    xml = qde(sel(0, 5)).replace("urn:QDA-XML:project:1.0", namespace)
    report = import_exchange_file(project, qdpx(tmp_path, xml))
    assert report.segments == 1 and report.warnings == []


def test_qde_named_after_the_project_and_plain_text_content(project, tmp_path):
    xml = qde(sel(0, 5)).replace(f'plainTextPath="internal://{SRC}.txt">',
                                 '><PlainTextContent>hello there</PlainTextContent>')
    out = tmp_path / "named.qdpx"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("My Study.qde", xml)
    assert sniff(out) == "qdpx"
    report = import_exchange_file(project, out)
    assert report.segments == 1 and _selection_texts() == [(0, 5, "hello")]


def test_existing_document_with_the_same_text_is_reused(project, tmp_path):
    add_document(project, "hello world", "Mine")
    report = import_exchange_file(project, qdpx(tmp_path, qde(sel(0, 5))))
    assert (report.documents, report.reused_documents, report.segments) == (0, 1, 1)
    assert Document.select().count() == 1 and Segment.get().document.title == "Mine"
    assert any("reused" in w for w in report.warnings)


def test_coder_names_are_kept_unique_and_unknown_users_go_to_imported(project, tmp_path):
    project.coder("u")  # a different coder already called 'u'
    xml = qde(sel(0, 5) + sel(6, 11).replace(f'creatingUser="{USER}"', ""))
    report = import_exchange_file(project, qdpx(tmp_path, xml))
    assert {c.name for c in Coder.select()} == {"u", "u (2)", "imported"}
    assert Coder.get(Coder.name == "u (2)").uuid == USER
    assert sorted(r.coder for r in queries.segment_rows()) == ["imported", "u (2)"]
    assert any("'u (2)'" in w for w in report.warnings)


def test_unknown_code_reference_is_skipped(project, tmp_path):
    bad = sel(6, 11).replace(CODE, "99999999-9999-9999-9999-999999999999")
    report = import_exchange_file(project, qdpx(tmp_path, qde(sel(0, 5) + sel(2, 7) + bad)))
    assert report.segments == 2 and "unknown code" in report.skipped[0]


def test_non_text_sources_are_skipped_with_a_line(project, tmp_path):
    xml = qde(sel(0, 5)).replace("</Sources>", '<PDFSource guid="66666666-6666-6666-6666-666666666666" '
                                 'name="scan" path="internal://scan.pdf"/></Sources>')
    report = import_exchange_file(project, qdpx(tmp_path, xml))
    assert report.segments == 1 and report.skipped == ["PDF source 'scan': not a text source"]


def test_import_is_one_undoable_change(project, tmp_path):
    before = snapshot(project)
    import_exchange_file(project, qdpx(tmp_path, qde(sel(0, 5))))
    assert project.last_change.tables >= {"document", "code", "segment", "coder"}
    project.undo(project.last_change)
    counts_before, _ = before
    counts_after, _ = snapshot(project)
    tracked = {"coder", "document", "code", "segment", "documentattribute", "memo"}
    assert [c for c in counts_after if c[0] in tracked] == [c for c in counts_before if c[0] in tracked]


def test_sniff_by_content_then_extension(tmp_path, project):
    xml_file = tmp_path / "book.xml"
    xml_file.write_text('<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')
    assert sniff(xml_file) == "qdc"
    other = tmp_path / "other.xml"
    other.write_text('<Project xmlns="urn:something-else"/>')
    assert sniff(other) is None
    plain = tmp_path / "notes.txt"
    plain.write_text("hello")
    assert sniff(plain) is None
    assert sniff(tmp_path / "missing.qdpx") is None
    assert sniff(qdpx(tmp_path, qde())) == "qdpx"
    renamed = tmp_path / "project.data"
    renamed.write_text(qde())
    assert sniff(renamed) == "qde"
