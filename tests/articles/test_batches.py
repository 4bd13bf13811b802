"""News-database batches: one file, many articles (issue 9, section 3)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.articles.importers import ImportRejected
from app.articles.importers.batches import detect, preview_batch, split
from app.articles.importing import ImportOptions, import_paths
from db.models import Document, DocumentAttribute

from .helpers import row_counts

DATA = Path(__file__).parent / "data"


def attrs(document_id: int) -> dict[str, tuple[str, str]]:
    return {a.name: (a.value_type, a.value)
            for a in DocumentAttribute.select().where(DocumentAttribute.document == document_id)}


@pytest.fixture
def exports(shared_dir):
    return shared_dir / "corpus" / "news-database-exports"


def test_lexisnexis_academic_sample(exports):
    path = exports / "lexisnexis-academic-sample.TXT"
    assert detect(path) == "lexisnexis"
    articles = split(path, "lexisnexis")
    assert len(articles) == 10
    first, third, eighth, last = articles[0], articles[2], articles[7], articles[9]
    assert (first.source, first.published, first.title, first.author) == (
        "Guardian.com", "2010-01-11", "Lorem ipsum dolor sit amet", "Andrew Sparrow")
    assert first.text.startswith("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum")
    assert first.text.endswith("Nulla suscipit metus neque, ut varius.")
    assert "LOAD-DATE" not in first.text and "BYLINE" not in first.text and "Copyright" not in first.text
    assert "\n\n" in first.text and "lacinia\nelementum" not in first.text  # wrapped lines joined
    assert dict((n, v) for n, _, v in third.attributes)["section"] == "FEATURES; Pg. 6"
    assert ("length", "number", "677") in third.attributes
    assert (eighth.title, eighth.source, eighth.published, eighth.author) == (
        "PRISONER OF HIS OWN CABINET", "MAIL ON SUNDAY (London)", "2010-01-10", "Stephen Pollard")
    assert (last.title, last.author) == ("Wikipedia", None)
    assert ("length", "number", "2968") in last.attributes


def test_nexis_uni_docx_sample(exports):
    path = exports / "nexis-uni-sample.DOCX"
    assert detect(path) == "nexisuni"
    articles = split(path, "nexisuni")
    assert len(articles) == 10
    first = articles[0]
    assert (first.title, first.source, first.published, first.author) == (
        "Lorem ipsum dolor sit amet", "The Guardian(London)", "2019-07-01",
        "Mattha Busby (now), Andrew Sparrow (earlier)")
    assert dict((n, v) for n, _, v in first.attributes) == {"length": "355", "section": "POLITICS", "version": "28"}
    assert "Documents (10)" not in first.text and "Client/Matter" not in first.text
    assert first.text.endswith("Nulla suscipit metus neque, ut varius.")
    seventh = articles[6]
    assert seventh.title == "Sample Headline" and "Classification" not in seventh.text
    assert "Load-Date" not in seventh.text and "Subject" not in seventh.text
    assert ("language", "text", "English") in seventh.attributes
    assert articles[9].title == "What is Wikipedia"


@pytest.mark.parametrize("name, count", [("factiva-sample.txt", 3), ("factiva-sample.rtf", 2),
                                         ("factiva-sample.html", 2)])
def test_factiva_exports(name, count):
    path = DATA / name
    assert detect(path) == "factiva"
    articles = split(path, "factiva")
    assert len(articles) == count
    for article in articles:
        assert article.title and article.source and article.published and article.author
        assert not any(code in article.text.split() for code in ("HD", "LP", "TD", "AN", "SN"))


def test_factiva_fields():
    first, second, third = split(DATA / "factiva-sample.txt", "factiva")
    assert (first.title, first.author, first.source, first.published) == (
        "Helplines report surge in calls after #MeToo", "Helen Marsh", "The Northern Ledger", "2017-10-19")
    values = {n: (t, v) for n, t, v in first.attributes}
    assert values["length"] == ("number", "512") and values["section"] == ("text", "UK News")
    assert values["accession number"] == ("text", "NORLED0020171019edaj0000b")
    assert first.text.startswith("Helplines for people who have experienced sexual harassment and assault have reported a")
    assert "\n\nStaff at the Safe Voices line" in first.text  # LP then TD
    assert "gcat" not in first.text and "Northern Ledger Media" not in first.text
    german = split(DATA / "factiva-sample.rtf", "factiva")[0]
    assert (german.title, german.author) == ("#MeToo: Tausende Frauen berichten von Belästigung", "Katrin Vogel")
    assert ("length", "number", "402") in german.attributes
    html = split(DATA / "factiva-sample.html", "factiva")[1]
    assert ("length", "number", "1204") in html.attributes and html.author == "Carlos Mendez"


def test_preview_lists_headlines_and_duplicates():
    preview = preview_batch(DATA / "factiva-sample.txt")
    assert preview.format == "factiva" and preview.label == "Factiva"
    assert preview.articles[0] == "Helplines report surge in calls after #MeToo"
    assert len(preview.articles) == 3 and preview.duplicates == [(2, 1)]
    plain = DATA.parent / "helpers.py"
    assert preview_batch(plain).format is None


def test_import_one_transaction_per_article_with_metadata(project):
    changes = []
    project.add_listener(changes.append)
    report = import_paths(project, [DATA / "factiva-sample.txt"])
    assert len(report.imported) == 3 and len(changes) == 3  # one change (one undo step) per article
    assert all("(Factiva batch)" in o.message for o in report.imported)
    assert "same text as 'Survey: one in three women" in report.imported[2].message  # syndicated copy
    docs = list(Document.select().order_by(Document.id))
    assert [d.source for d in docs] == ["The Northern Ledger", "Global Press Wire", "The Lakeside Courier"]
    assert attrs(docs[0].id)["length"] == ("number", "512")
    assert attrs(docs[2].id)["section"] == ("text", "Business")
    project.undo(changes[-1])
    assert Document.select().count() == 2


def test_reimport_is_reported_and_changes_nothing(project):
    import_paths(project, [DATA / "factiva-sample.html"])
    before = row_counts()
    report = import_paths(project, [DATA / "factiva-sample.html"])
    assert [o.status for o in report.outcomes] == ["duplicate", "duplicate"]
    assert row_counts() == before


def test_format_override_and_none(project, tmp_path):
    copy = tmp_path / "export.txt"
    shutil.copy(DATA / "factiva-sample.txt", copy)
    report = import_paths(project, [copy], options=ImportOptions(batch_format="none"))
    assert len(report.imported) == 1 and "HD" in Document.get_by_id(report.imported[0].document_id).text
    with pytest.raises(ValueError):
        ImportOptions(batch_format="bogus")


def test_forced_format_that_does_not_fit_is_one_line_and_changes_nothing(project, tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Just an ordinary article.\n\nWith two paragraphs.\n")
    before = row_counts()
    report = import_paths(project, [path], options=ImportOptions(batch_format="lexisnexis"))
    assert [o.status for o in report.outcomes] == ["rejected"]
    assert report.outcomes[0].message == "plain.txt: no articles found in this LexisNexis Academic export"
    assert row_counts() == before


def test_broken_rtf_batch(tmp_path):
    path = tmp_path / "bad.rtf"
    path.write_bytes(b"not rtf at all")
    with pytest.raises(ImportRejected, match="bad.rtf: not an RTF file"):
        split(path, "factiva")


def test_cli_format_flag(tmp_path, shared_dir):
    target = tmp_path / "p.chorus"
    run = [sys.executable, "-m", "app"]
    subprocess.run(run + ["new", str(target)], check=True, capture_output=True)
    sample = shared_dir / "corpus" / "news-database-exports" / "lexisnexis-academic-sample.TXT"
    out = subprocess.run(run + ["import", str(target), "--format", "lexisnexis", str(sample)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("(LexisNexis Academic batch)") == 10
    assert "lexisnexis-academic-sample.TXT [8/10]: imported as 'PRISONER OF HIS OWN CABINET'" in out.stdout
    assert out.stdout.strip().endswith("10 imported, 0 already in the project, 0 rejected")


def test_lexisnexis_focus_and_single_document_separators(tmp_path):
    path = tmp_path / "focus.txt"
    path.write_text("Download Request: Selected Items: 1-2\n\n"
                    "                      FOCUS - 1 of 2 DOCUMENTS\n\n                  The Courier\n\n"
                    "             October 17, 2017 Tuesday\n\nFirst headline\n\nBYLINE: Ann Lee\n\nLENGTH: 12 words\n\n"
                    "Body one line one\nline two.\n\nLOAD-DATE: October 18, 2017\n\n"
                    "                      2 of 2 DOCUMENT\n\n                  The Ledger\n\n"
                    "             October 18, 2017\n\nSecond headline\n\nLENGTH: 3 words\n\nBody two.\n\nLANGUAGE: ENGLISH\n")
    assert detect(path) == "lexisnexis"
    first, second = split(path, "lexisnexis")
    assert (first.title, first.source, first.published, first.author, first.text) == (
        "First headline", "The Courier", "2017-10-17", "Ann Lee", "Body one line one line two.")
    assert (second.title, second.source, second.published, second.text) == (
        "Second headline", "The Ledger", "2017-10-18", "Body two.")
