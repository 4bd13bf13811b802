"""Hostile and huge inputs (issue 9, section 5): folder entries that are not files, links
out of the folder, control characters in names, over-long DOCX text."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import docx
import pytest

from app.articles.importers import ImportRejected, extract
from app.articles.importing import ImportOptions, import_paths, walk_paths
from db.models import Document

from .helpers import row_counts

CONTROL = [chr(c) for c in range(32)] + [chr(c) for c in range(0x7f, 0xa0)]


def _article(path, text="An article about the campaign.\n\nIt has two paragraphs."):
    path.write_text(text, encoding="utf-8")
    return path


def test_fifo_loop_outside_link_and_broken_link_are_skipped_with_a_line(project, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    _article(folder / "good.txt")
    os.mkfifo(folder / "pipe.txt")  # opening it would block for ever
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "loop").symlink_to(folder)
    (folder / "broken.txt").symlink_to(folder / "missing.txt")
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "inside.txt").symlink_to(folder / "good.txt")  # a link inside the folder is fine
    report = import_paths(project, [folder])
    reasons = {o.path.name: o.message for o in report.skipped}
    assert set(reasons) == {"pipe.txt", "passwd.txt", "loop", "broken.txt", "self.txt"}
    assert reasons["pipe.txt"] == "pipe.txt: named pipe (FIFO), not a file"
    assert reasons["passwd.txt"].startswith("passwd.txt: symbolic link to a file outside the folder")
    assert "loop" in reasons["loop"] and "loop" in reasons["self.txt"]
    assert reasons["broken.txt"] == "broken.txt: broken symbolic link"
    assert [o.path.name for o in report.imported] == ["good.txt"]
    assert [o.path.name for o in report.duplicates] == ["inside.txt"]
    assert report.summary() == "1 imported, 1 already in the project, 0 rejected, 5 skipped"
    assert not any("root:" in d.text for d in Document.select())


def test_follow_links_imports_what_the_link_points_to(project, tmp_path):
    outside = _article(tmp_path / "outside.txt", "Text kept outside the chosen folder.")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    (folder / "null.txt").symlink_to("/dev/null")
    files, skipped = walk_paths([folder], follow_links=True)
    assert [p.name for p in files] == ["link.txt"]
    assert [o.message for o in skipped] == ["null.txt: device, not a file"]
    report = import_paths(project, [folder], options=ImportOptions(follow_links=True))
    assert [o.path.name for o in report.imported] == ["link.txt"]


def test_only_bad_entries_change_nothing(project, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "a.md")
    (folder / "b.txt").symlink_to("/etc/hostname")
    before = row_counts()
    report = import_paths(project, [folder])
    assert len(report.skipped) == 2 and not report.imported
    assert row_counts() == before


def test_fifo_named_directly_is_rejected_not_opened(project, tmp_path):
    os.mkfifo(tmp_path / "direct.txt")
    report = import_paths(project, [tmp_path / "direct.txt"])
    assert [o.message for o in report.rejected] == ["direct.txt: not a regular file"]


def test_control_characters_in_names_are_escaped(project, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    names = ["new\nline.txt", "title\x1b]0;pwned\x07.txt", "bell\x07\x9b.md"]
    for name in names:
        _article(folder / name, f"Different text for {name!r}.")
    (folder / "bad\r\x1b[2J.docx").write_bytes(b"not a zip")
    report = import_paths(project, [folder])
    assert len(report.imported) == 3 and len(report.rejected) == 1
    for outcome in report.outcomes:
        assert not any(c in outcome.message for c in CONTROL), repr(outcome.message)
    assert any("title\\x1b]0;pwned\\x07.txt: imported" in o.message for o in report.imported)


def test_cli_prints_no_raw_control_characters(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    _article(folder / "evil\x1b]0;owned\x07\nfake line.txt")
    target = tmp_path / "p.chorus"
    run = [sys.executable, "-m", "app"]
    subprocess.run(run + ["new", str(target)], check=True, capture_output=True)
    out = subprocess.run(run + ["import", str(target), str(folder)], capture_output=True, text=True)
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("imported   evil\\x1b]0;owned\\x07\\x0afake line.txt")
    assert not any(c in out.stdout.replace("\n", "") for c in CONTROL)


def _docx_with_text(path, chars: int):
    document = docx.Document()
    paragraph = "Zufällige Wörter über die Kampagne und ihre Folgen, Absatz für Absatz. " * 40
    for _ in range(chars // len(paragraph) + 1):
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def test_docx_text_over_the_limit_is_refused(project, tmp_path):
    path = _docx_with_text(tmp_path / "long.docx", 400_000)
    with pytest.raises(ImportRejected, match=r"long\.docx: DOCX text is over the limit of 293 KB"):
        extract(path, max_bytes=300_000)
    before = row_counts()
    report = import_paths(project, [path], max_bytes=300_000)
    assert [o.status for o in report.outcomes] == ["rejected"] and row_counts() == before
    assert len(extract(path, max_bytes=1_000_000).text) > 400_000  # under a larger limit it imports


def test_docx_cap_reads_a_stream(tmp_path):
    """A DOCX whose document.xml holds one enormous run of text (little markup, so zip
    bomb checks pass) is refused while streaming, at the limit."""
    path = tmp_path / "flat.docx"
    template = tmp_path / "t.docx"
    docx.Document().save(str(template))
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, src.read(item.filename))
        body = os.urandom(3_000_000).hex()  # 6 MB of text that does not compress 100:1
        out.writestr("word/document.xml",
                     '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                     f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p>'
                     "</w:body></w:document>")
    with pytest.raises(ImportRejected, match="DOCX text is over the limit"):
        extract(path, max_bytes=5_000_000)


def test_html_nested_too_deep_is_refused_not_cut(project, tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body><p>" + "<span>word " * 5000 + "</p></body></html>")
    with pytest.raises(ImportRejected, match=r"deep\.html: HTML nested over 2048 levels deep"):
        extract(path)
    before = row_counts()
    assert [o.status for o in import_paths(project, [path]).outcomes] == ["rejected"]
    assert row_counts() == before


def test_page_with_too_many_elements_keeps_the_whole_page_and_says_so(tmp_path):
    """Article extraction costs time per element: a page of 100 000 table rows gets the
    whole page's text (bounded work) and the summary names the reason."""
    path = tmp_path / "rows.html"
    path.write_text("<html><body><table>" + "<tr><td>a</td><td>b</td></tr>" * 20_000 + "</table></body></html>")
    doc = extract(path)
    assert doc.extraction == "whole page (page too large for article extraction)"
    assert doc.text.count("a\tb") == 20_000


def test_pdf_text_over_the_limit_is_refused(tmp_path):
    from tests.importers.helpers import write_pdf

    from app.articles.importers.pdf_doc import extract_pdf_file

    path = write_pdf(tmp_path / "long.pdf", [["A line of the article about the campaign. " * 2] * 40] * 30)
    size = path.stat().st_size  # the file is under the limit; its text is not
    with pytest.raises(ImportRejected, match=r"long\.pdf: PDF text is over the limit"):
        extract_pdf_file(path, max_bytes=size // 2)
    assert len(extract(path).text) > size // 2
