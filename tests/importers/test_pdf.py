import pytest
from pypdf import PdfReader, PdfWriter

from app.articles.importers import ImportRejected, extract

from .helpers import write_pdf


def test_pages_and_metadata(tmp_path):
    path = write_pdf(
        tmp_path / "a.pdf",
        [["Hello PDF world", "second line"], [], ["Page three, café"]],
        {"Title": "PDF Title", "Author": "Jane Doe", "CreationDate": "D:20171016093000Z"},
    )
    doc = extract(path)
    assert doc.text == "Hello PDF world\nsecond line\n\nPage three, café"
    assert (doc.title, doc.author, doc.published, doc.format) == ("PDF Title", "Jane Doe", "2017-10-16", "pdf")


def test_fallback_title_and_bad_date_ignored(tmp_path):
    path = write_pdf(tmp_path / "b.pdf", [["First line here"]], {"CreationDate": "garbage"})
    doc = extract(path)
    assert (doc.title, doc.published, doc.author) == ("First line here", None, None)


def _reason(path):
    with pytest.raises(ImportRejected) as caught:
        extract(path)
    return caught.value.reason


def test_scanned_pdf_without_text(tmp_path):
    assert _reason(write_pdf(tmp_path / "scan.pdf", [[]])) == "no extractable text (scanned image?)"


def test_broken_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    assert "broken PDF" in _reason(path)


def test_truncated_pdf(tmp_path):
    good = write_pdf(tmp_path / "good.pdf", [["Some text"]])
    path = tmp_path / "cut.pdf"
    path.write_bytes(good.read_bytes()[:40])
    assert _reason(path).startswith(("broken PDF", "no extractable text"))


def test_encrypted_pdf(tmp_path):
    good = write_pdf(tmp_path / "good.pdf", [["Secret text"]])
    writer = PdfWriter(clone_from=PdfReader(good))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert _reason(path) == "encrypted PDF (password required)"


def test_owner_password_only_pdf_is_read(tmp_path):
    good = write_pdf(tmp_path / "good.pdf", [["Readable text"]])
    writer = PdfWriter(clone_from=PdfReader(good))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert extract(path).text == "Readable text"
