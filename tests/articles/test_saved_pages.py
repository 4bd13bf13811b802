"""Saved news pages: the article and its metadata, not the page (issue 9, section 2).

The pages in tests/fixtures/pages/ were written for these tests (invented outlets and
text); manifest.json gives each one's expected headline, byline, outlet and date."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.articles.importers import extract, news_page
from app.articles.importing import ImportOptions, import_paths
from db.models import Document, DocumentAttribute

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
MANIFEST = json.loads((PAGES / "manifest.json").read_text(encoding="utf-8"))["pages"]
FIELDS = ("title", "author", "source", "published")


def _score(read) -> tuple[int, dict[str, dict]]:
    right, misses = 0, {}
    for name, want in MANIFEST.items():
        got = read(PAGES / name)
        wrong = {f: (getattr(got, f), want[f]) for f in FIELDS if getattr(got, f) != want[f]}
        right += not wrong
        if wrong:
            misses[name] = wrong
    return right, misses


def test_at_least_ten_pages_of_several_layouts():
    assert len(MANIFEST) >= 10
    assert len({want["source"] for want in MANIFEST.values()}) == len(MANIFEST)  # all different outlets


def test_nine_in_ten_get_title_byline_outlet_and_date_right():
    right, misses = _score(extract)
    assert right >= 0.9 * len(MANIFEST), misses


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_article_text_without_page_furniture(name):
    want = MANIFEST[name]
    doc = extract(PAGES / name)
    assert doc.extraction == "article"
    assert doc.text.startswith(want["title"] + "\n\n")  # the headline, then the body
    for phrase in want["contains"]:
        assert phrase in doc.text
    for furniture in want["excludes"]:
        assert furniture not in doc.text, furniture
    assert doc.language == want["language"]


def test_page_metadata_fallbacks_alone(monkeypatch):
    """Without trafilatura's metadata, the page's own JSON-LD / OpenGraph / meta tags /
    microdata / 'By ...' line still give byline, outlet and date for 9 in 10."""
    real = news_page._trafilatura

    def text_only(markup):
        found = real(markup)
        return found and dict(found, title=None, author=None, sitename=None, date=None, url=None)

    monkeypatch.setattr(news_page, "_trafilatura", text_only)
    right, misses = _score(extract)
    assert right >= 0.9 * len(MANIFEST), misses


def test_view_date_in_masthead_and_footer_is_not_the_published_date():
    doc = extract(PAGES / "footer-view-date.html")
    assert doc.published == "2017-10-17"
    whole = extract(PAGES / "footer-view-date.html", whole_page=True)
    assert "April 20, 2024" in whole.text and whole.published == "2017-10-17"


def test_byline_only_in_the_text():
    html = (PAGES / "byline-in-text.html").read_text(encoding="utf-8")
    assert "Jane Doe" not in html.split("<body>")[0]  # nowhere in the metadata
    assert extract(PAGES / "byline-in-text.html").author == "Jane Doe"


def test_whole_page_option_keeps_everything(project, tmp_path):
    doc = extract(PAGES / "newspaper-jsonld.html", whole_page=True)
    assert doc.extraction == "whole page (asked for)"
    assert "Most Popular" in doc.text and "We use cookies" in doc.text
    report = import_paths(project, [PAGES / "newspaper-jsonld.html"], options=ImportOptions(whole_page=True))
    assert report.imported[0].message.endswith("(whole page (asked for))")
    assert "Most Popular" in Document.get_by_id(report.imported[0].document_id).text


def test_import_stores_metadata_language_and_reports_extraction(project):
    report = import_paths(project, [PAGES / "german-news.html", PAGES / "amp-story.html"])
    assert [o.extraction for o in report.imported] == ["article", "article"]
    assert all(o.message.endswith("(article)") for o in report.imported)
    german = Document.get_by_id(report.imported[0].document_id)
    assert (german.title, german.author, german.source, german.published) == (
        "#MeToo: Tausende Frauen berichten von Belästigung", "Katrin Vogel", "Rheinische Morgenpost", "2017-10-17")
    lang = DocumentAttribute.get((DocumentAttribute.document == german.id) & (DocumentAttribute.name == "language"))
    assert lang.value == "de"
    amp = Document.get_by_id(report.imported[1].document_id)
    assert amp.url == "https://www.screenbeat.example/tv/advertisers-pull-spots-talk-show"


def test_cli_whole_page_flag_and_summary(tmp_path):
    target = tmp_path / "p.chorus"
    run = [sys.executable, "-m", "app"]
    subprocess.run(run + ["new", str(target)], check=True, capture_output=True)
    out = subprocess.run(run + ["import", str(target), str(PAGES / "cookie-menus.html")],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "cookie-menus.html: imported as 'Inside the newsroom debate" in out.stdout
    assert "(article)" in out.stdout
    other = tmp_path / "copy.html"
    other.write_bytes((PAGES / "cookie-menus.html").read_bytes())
    out = subprocess.run(run + ["import", str(target), "--whole-page", str(other)], capture_output=True, text=True)
    assert out.returncode == 0 and "(whole page (asked for))" in out.stdout


def test_tiny_page_keeps_its_own_layout(tmp_path):
    path = tmp_path / "tiny.html"
    path.write_text("<h1>Only</h1><p>a b</p><pre>x\n  y</pre>")
    doc = extract(path)
    assert doc.text == "Only\n\na b\n\nx\n  y" and doc.extraction == "article (all of the page)"


def test_shared_article_gets_its_2017_date(shared_dir):
    """The shared article whose pasted text starts with the day it was viewed (April 20,
    2024) and quotes a tweet of October 15, 2017."""
    doc = extract(shared_dir / "corpus" / "metoo-viral-campaign.txt")
    assert doc.published == "2017-10-15"
    assert extract(shared_dir / "corpus" / "elle-metoo-2017.txt").published == "2017-10-16"


def test_recent_masthead_date_is_kept_without_older_embeds(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("April 20, 2024\n\nA headline\n\nBody that quotes nobody.\n\n— Someone (@someone) April 19, 2024\n")
    assert extract(path).published == "2024-04-20"
