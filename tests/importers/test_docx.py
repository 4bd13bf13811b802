import zipfile

import pytest

from app.articles.importers import ImportRejected, extract

from .helpers import write_docx

UNICODE = "Emoji 😀👍🏽 and e\u0301 and שלום עולם and مرحبا"


def test_paragraphs_tables_and_metadata(tmp_path):
    path = write_docx(
        tmp_path / "a.docx",
        ["First para", "", UNICODE, "Line\nbreak"],
        title="Doc Title",
        author="Jane Doe",
        table=[["Name", "Age"], ["Ann", "31"]],
    )
    doc = extract(path)
    assert doc.text == f"First para\n\n{UNICODE}\n\nLine\nbreak\n\nName\tAge\nAnn\t31"
    assert (doc.title, doc.author, doc.format) == ("Doc Title", "Jane Doe", "docx")
    assert doc.published is None  # python-docx template date is ignored
    assert doc.encoding is None


def test_crlf_in_runs_and_fallback_title(tmp_path):
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document()
    document.add_paragraph("Heading line")
    run = document.add_paragraph().add_run()
    text_element = etree.SubElement(run._r, qn("w:t"))
    text_element.text = "a\r\nb\rc"  # serialised as &#13; so it survives XML parsing
    document.save(str(tmp_path / "b.docx"))
    doc = extract(tmp_path / "b.docx")
    assert doc.text == "Heading line\n\na\nb\nc"
    assert (doc.title, doc.author) == ("Heading line", None)


def test_created_date(tmp_path):
    import datetime as dt

    import docx

    document = docx.Document()
    document.add_paragraph("Body")
    document.core_properties.created = dt.datetime(2017, 10, 16, 8, 0)
    document.save(str(tmp_path / "c.docx"))
    assert extract(tmp_path / "c.docx").published == "2017-10-16"


def _reason(path):
    with pytest.raises(ImportRejected) as caught:
        extract(path)
    return caught.value.reason


def test_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("hello, not a zip")
    assert "not a zip" in _reason(path)


def test_truncated(tmp_path):
    good = write_docx(tmp_path / "good.docx", ["Some text"])
    bad = tmp_path / "cut.docx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "broken DOCX" in _reason(bad)


def test_zip_without_document_xml(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "no word/document.xml" in _reason(path)


def test_broken_xml(tmp_path):
    good = write_docx(tmp_path / "good.docx", ["Some text"])
    path = tmp_path / "badxml.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, b"<w:document><oops" if item.filename == "word/document.xml" else data)
    assert "broken DOCX" in _reason(path)


def test_no_text(tmp_path):
    assert _reason(write_docx(tmp_path / "empty.docx", ["", "   "])) == "no text in the DOCX"


def test_unsafe_entry_name(tmp_path):
    path = tmp_path / "slip.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../evil.txt", "x")
        archive.writestr("word/document.xml", "<x/>")
    assert "unsafe name" in _reason(path)


def _bomb(path, megabytes):
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(chunk)
    return path


def test_zip_bomb_total_size(tmp_path):
    path = _bomb(tmp_path / "bomb.docx", 300)
    assert path.stat().st_size < 2 * 1024 * 1024
    assert "zip bomb" in _reason(path) and "200 MB" in _reason(path)


def test_zip_bomb_ratio(tmp_path):
    assert "compressed over 100:1" in _reason(_bomb(tmp_path / "small-bomb.docx", 8))
