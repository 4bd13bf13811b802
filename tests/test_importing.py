"""Importing a folder: good files imported, each bad one rejected with a one-line
reason naming it, duplicates found by hash, and bad-only batches change nothing."""
from __future__ import annotations

import docx
import pytest

from app import audit
from app.articles.importing import add_document, collect_paths, import_paths
from app.project import Project
from db.models import TRACKED_MODELS, AuditEntry, Document

ARTICLE = "Women across the world shared their stories under the hashtag.\n\nIt began in 2017."


def row_counts() -> dict[str, int]:
    counts = {t: m.select().count() for t, m in TRACKED_MODELS.items()}
    counts["audit_entry"] = AuditEntry.select().count()
    return counts


def write_good(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "utf8.txt").write_text("Café society 💔\n" + ARTICLE, encoding="utf-8")
    (folder / "legacy.txt").write_bytes("Na\u00efve r\u00e9sum\u00e9 \u2013 \u201cquoted\u201d text from 2017.\r\n".encode("cp1252") * 3)
    (folder / "notes.md").write_text("# A markdown article\n\nSome *emphasis* and a [link](http://x.org).\n",
                                     encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>An HTML article</title></head><body><p>First paragraph.</p>"
        "<p>Second &amp; last.</p><script>alert(1)</script></body></html>", encoding="utf-8")
    document = docx.Document()
    document.core_properties.title = "A Word article"
    document.add_paragraph("Paragraph one of the Word file.")
    document.add_paragraph("Paragraph two, with ümlauts.")
    document.save(folder / "word.docx")
    return {"utf8.txt", "legacy.txt", "notes.md", "page.html", "word.docx"}


def write_bad(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_text("big text " * 25_000, encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip archive")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    return {"binary.txt", "empty.txt", "huge.txt", "broken.docx", "image.png"}


MAX_BYTES = 100_000  # huge.txt (225 kB) is over it; the good files (docx ~37 kB) are under it


def test_folder_with_good_and_bad_files(project, tmp_path):
    folder = tmp_path / "articles"
    good, bad = write_good(folder), write_bad(folder)
    (folder / ".hidden.txt").write_text("hidden files are skipped")
    report = import_paths(project, [folder], max_bytes=MAX_BYTES)

    assert {o.path.name for o in report.imported} == good
    assert {o.path.name for o in report.rejected} == bad
    assert not report.duplicates
    for outcome in report.rejected:
        assert outcome.message.startswith(outcome.path.name + ": ")
        assert "\n" not in outcome.message and len(outcome.message) > len(outcome.path.name) + 5
        assert outcome.document_id is None
    reasons = {o.path.name: o.message for o in report.rejected}
    assert "too large" in reasons["huge.txt"]
    assert "empty" in reasons["empty.txt"]
    assert report.summary() == "5 imported, 0 already in the project, 5 rejected"

    texts = {d.import_path.rsplit("/", 1)[-1]: d for d in Document.select()}
    assert set(texts) == good
    assert "Café society 💔" in texts["utf8.txt"].text
    assert "Na\u00efve r\u00e9sum\u00e9 \u2013 \u201cquoted\u201d" in texts["legacy.txt"].text
    assert "\r" not in texts["legacy.txt"].text
    assert "Second & last." in texts["page.html"].text and "alert" not in texts["page.html"].text
    assert "Paragraph two, with ümlauts." in texts["word.docx"].text
    for d in texts.values():
        assert d.char_count == len(d.text)
    assert audit.verify().ok


def test_reimport_reports_duplicates_by_hash(project, tmp_path):
    folder = tmp_path / "articles"
    good = write_good(folder)
    import_paths(project, [folder])
    counts = row_counts()
    (tmp_path / "copy.txt").write_bytes((folder / "utf8.txt").read_bytes())  # same text, other name
    report = import_paths(project, [folder, tmp_path / "copy.txt"])
    assert {o.path.name for o in report.duplicates} == good | {"copy.txt"}
    assert all(o.document_id is not None and "same text as" in o.message for o in report.duplicates)
    assert row_counts() == counts


def test_duplicate_inside_one_batch(project, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("\n", "\r\n"))  # same text after normalising
    report = import_paths(project, [tmp_path / "a.txt", tmp_path / "b.txt"])
    assert [o.status for o in report.outcomes] == ["imported", "duplicate"]
    assert Document.select().count() == 1


def test_bad_only_batch_changes_nothing(project, tmp_path):
    add_document(project, ARTICLE, "Already here")
    counts = row_counts()
    bad = write_bad(tmp_path / "bad")
    report = import_paths(project, [tmp_path / "bad", tmp_path / "missing.txt"], max_bytes=MAX_BYTES)
    assert {o.path.name for o in report.rejected} == bad | {"missing.txt"}
    assert not report.imported
    assert row_counts() == counts
    assert project.db.execute_sql("SELECT COUNT(*) FROM document").fetchone()[0] == 1


def test_progress_and_cancel(project, tmp_path):
    folder = tmp_path / "articles"
    write_good(folder)
    seen = []
    import_paths(project, [folder], progress=lambda i, n, p: seen.append((i, n)))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    other = Project.create(tmp_path / "other.chorus")
    try:
        calls = []
        report = import_paths(other, [folder], cancelled=lambda: len(calls.append(1) or calls) > 2)
        assert report.cancelled and len(report.imported) == 2
        assert "(cancelled)" in report.summary()
    finally:
        other.close()
        project.activate()


def test_the_project_file_itself_is_skipped(project, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    report = import_paths(project, [tmp_path])
    assert [o.path.name for o in report.outcomes] == ["a.txt"]
    assert collect_paths([tmp_path]) != [tmp_path / "a.txt"]  # without the exclusion it would be listed


def test_add_document_normalises(project):
    document = add_document(project, "\ufeffline one\r\nline two\rline three", "Title")
    assert document.text == "line one\nline two\nline three"
    assert document.char_count == len(document.text)


@pytest.fixture
def real_corpus(shared_dir):
    folder = shared_dir / "corpus"
    if not folder.is_dir():
        pytest.skip("no shared corpus")
    return folder


def test_real_corpus_imports(project, real_corpus):
    report = import_paths(project, [real_corpus])
    assert report.imported, report.summary()
    assert not [o for o in report.rejected if o.path.suffix.lower() in (".txt", ".md", ".html", ".docx")]
