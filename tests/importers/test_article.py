from pathlib import Path

import pytest

from app.articles.importers import extract
from app.articles.importers.article import analyse, parse_date

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


@pytest.mark.parametrize(
    "value, iso",
    [
        ("October 16, 2017", "2017-10-16"),
        ("16 October 2017", "2017-10-16"),
        ("2017-10-16", "2017-10-16"),
        ("Oct. 16, 2017", "2017-10-16"),
        ("Published: 16 Oct 2017", "2017-10-16"),
        ("Sept. 3, 2020", "2020-09-03"),
        ("3rd May 2019", "2019-05-03"),
        ("2017-10-16T12:00:00+02:00", "2017-10-16"),
        ("February 30, 2019", None),
        ("16/10/2017", None),  # ambiguous day/month order: not guessed
        ("no date here", None),
        (None, None),
    ],
)
def test_parse_date(value, iso):
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    "line, author, source",
    [
        ("By Jane Doe", "Jane Doe", None),
        ("BY JANE DOE", "JANE DOE", None),
        ("By Jane Doe and John van Roe", "Jane Doe and John van Roe", None),
        ("Jane Doe | The Guardian", "Jane Doe", "The Guardian"),
        ("By Verinia Khoo | Published: 16 Oct 2017", "Verinia Khoo", None),
        ("By the time she tweeted, it was late", None, None),
        ("Home | News", None, None),
    ],
)
def test_byline(line, author, source):
    meta = analyse(f"Headline\n\n{line}\n\nBody text.")
    assert (meta.author, meta.source) == (author, source)


def test_title_skips_date_and_photo_credit():
    assert analyse("April 20, 2024\n\nReal Title\n\nBody").title == "Real Title"
    assert analyse("Reuters/Carlo Allegri\n\nReal Title\n\nBody").title == "Real Title"
    assert analyse("Only line").title == "Only line"


def test_date_in_long_body_paragraph_is_ignored():
    text = "Title\n\n" + "Long sentence " * 10 + "on October 15, 2017, she wrote.\n"
    assert analyse(text).published is None


def test_signature_byline_at_the_end():
    assert analyse("Title\n\nBody.\n\nWritten by Laura\n\nbio line").author == "Laura"


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("../shared/corpus is not available")
    return path


def test_corpus_elle():
    path = _corpus("elle-metoo-2017.txt")
    doc = extract(path)
    assert doc.text == path.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert doc.title == "Alyssa Milano starts #MeToo hashtag for sexual harassment victims"
    assert (doc.author, doc.published, doc.source) == ("Verinia Khoo", "2017-10-16", None)


def test_corpus_celebmix_skips_photo_credit():
    doc = extract(_corpus("celebmix-metoo.txt"))
    assert doc.title.startswith("Alyssa Milano Starts Hashtag #MeToo")
    assert doc.author == "Laura"
    assert doc.text.startswith("Reuters/Carlo Allegri\n\n")


def test_corpus_dated_page():
    doc = extract(_corpus("metoo-viral-campaign.txt"))
    assert doc.title.startswith("Alyssa Milano’s Viral #MeToo Campaign")
    # 'April 20, 2024' at the top is the day the page was viewed; the quoted tweet is of 2017
    assert doc.published == "2017-10-15"
