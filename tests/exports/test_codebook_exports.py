"""Codebook CSV / XLSX / Markdown / HTML, and the code x document matrix."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import openpyxl
import pytest

from app.coding.codebook import create_code, edit_code
from app.exchange.exports import ExportFilters, export
from app.exchange.exports.codebook import COLUMNS

from .helpers import as_dicts, read_csv


def test_codebook_csv_rows_in_tree_order_with_counts(corpus, tmp_path):
    out = tmp_path / "cb.csv"
    result = export(corpus.project, "codebook-csv", out)
    rows = read_csv(out)
    assert rows[0] == COLUMNS
    entries = as_dicts(rows)
    assert result.rows == 5
    assert [e["path"] for e in entries] == ["Emotion", "Emotion/Anger", "Emotion/Joy", "Formula", "RTL"]
    emotion, anger, joy, formula, rtl = entries
    assert joy["parent"] == "Emotion" and joy["name"] == "Joy" and emotion["parent"] == ""
    assert emotion["definition"] == "Feelings **named** in the text."
    assert emotion["example"] == "'I was furious'"  # a leading quote alone is not a trigger
    assert formula["description"] == "'=not a formula"
    assert (formula["segments"], formula["documents"], formula["coders"]) == ("5", "1", "3")
    assert (rtl["segments"], rtl["documents"], rtl["coders"]) == ("2", "1", "2")
    assert emotion["colour"] == "#aa0000"


def test_codebook_counts_follow_filters(corpus, tmp_path):
    out = tmp_path / "cb.csv"
    export(corpus.project, "codebook-csv", out, filters=ExportFilters(coders=["ana"], codes=["Formula"]))
    entries = as_dicts(read_csv(out))
    assert [(e["path"], e["segments"], e["coders"]) for e in entries] == [("Formula", "3", "1")]


def test_codebook_xlsx(corpus, tmp_path):
    out = tmp_path / "cb.xlsx"
    export(corpus.project, "codebook-xlsx", out)
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == COLUMNS
    formula = dict(zip(COLUMNS, rows[4]))
    assert formula["description"] == "=not a formula" and formula["segments"] == 5
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def hostile(corpus):
    project = corpus.project
    code = create_code(project, "<script>alert(1)</script>", colour="#ff00ff")
    edit_code(project, code, definition="Use *this* <img src=x onerror=alert(2)> and "
                                        "[a link](javascript:alert(3)) or [ok](https://example.org)")
    return corpus


def test_codebook_markdown_sections_by_depth(hostile, tmp_path):
    out = tmp_path / "cb.md"
    result = export(hostile.project, "codebook-md", out)
    text = out.read_text(encoding="utf-8")
    assert result.rows == 6
    assert text.startswith("# Codebook: test\n")
    assert re.search(r"^Exported \d{4}-\d\d-\d\d from test\.chorus\. 6 codes\.$", text, re.M)
    assert "\n## Emotion\n" in text and "\n### Joy\n" in text and "\n### Anger\n" in text
    assert "**Definition:**\n\nFeelings **named** in the text.\n" in text
    assert "**When not to use:**\n\nTone only\n" in text
    assert "**Colour:** `#aa0000`" in text
    assert "**Coded:** 5 segments in 1 document by 3 coders" in text
    assert "<script>" not in text.split("**Definition:**")[0]  # the name is escaped


def test_codebook_html_renders_markdown_and_escapes(hostile, tmp_path):
    out = tmp_path / "cb.html"
    export(hostile.project, "codebook-html", out)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<strong>named</strong>" in page and "<em>this</em>" in page
    assert "<h2>Emotion</h2>" in page and "<h3>Joy</h3>" in page
    assert '<span class="swatch" style="background: #aa0000"></span>' in page
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert "<script>alert(1)</script>" in "".join(parser.text)  # shown as text
    assert "javascript:" not in page
    assert 'href="https://example.org"' in page
    assert "<style>" in page


def test_matrix_csv_counts(corpus, tmp_path):
    out = tmp_path / "m.csv"
    result = export(corpus.project, "matrix-csv", out)
    rows = read_csv(out)
    assert rows[0] == ["document_id", "document_title", "Emotion", "Emotion/Anger", "Emotion/Joy", "Formula", "RTL"]
    assert result.rows == 2
    assert rows[1] == [corpus.doc_one.uuid, "Emoji & marks 👩‍👩‍👧", "1", "1", "1", "5", "0"]
    assert rows[2] == [corpus.doc_two.uuid, "RTL: שלום", "0", "0", "0", "0", "2"]


def test_matrix_filters_and_raw(corpus, tmp_path):
    out = tmp_path / "m.csv"
    export(corpus.project, "matrix-csv", out, raw=True,
           filters=ExportFilters(codes=["Emotion"], coders=["ben"], documents=[corpus.doc_one.uuid]))
    assert read_csv(out, raw=True) == [
        ["document_id", "document_title", "Emotion", "Emotion/Anger", "Emotion/Joy"],
        [corpus.doc_one.uuid, "Emoji & marks 👩‍👩‍👧", "1", "0", "0"],
    ]


def test_matrix_header_is_safe(project, tmp_path):
    create_code(project, "-negative")
    out = tmp_path / "m.csv"
    export(project, "matrix-csv", out)
    assert read_csv(out) == [["document_id", "document_title", "'-negative"]]


@pytest.mark.parametrize("fmt", ["codebook-csv", "codebook-xlsx", "codebook-md", "codebook-html", "matrix-csv"])
def test_empty_project_exports_valid_files(project, tmp_path, fmt):
    out = tmp_path / f"empty.{fmt.split('-')[1]}"
    result = export(project, fmt, out)
    assert result.rows == 0
    if fmt == "codebook-csv":
        assert read_csv(out) == [COLUMNS]
    elif fmt == "matrix-csv":
        assert read_csv(out) == [["document_id", "document_title"]]
    elif fmt == "codebook-xlsx":
        assert [[c.value for c in r] for r in openpyxl.load_workbook(out).active.iter_rows()] == [COLUMNS]
    else:
        assert "0 codes" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["*not bold*", "a_b_", "[link](http://x)", "C#", "Tag ##", "<b>x</b>",
                                  "a &amp; b", "back\\slash", "`tick`", "#MeToo 2017-2018", "1. first"])
def test_names_show_literally_in_rendered_markdown(name):
    from app.exchange.exports.codebook_doc import md_escape, render_markdown

    parser = _Collect()
    parser.feed(render_markdown(f"## {md_escape(name)}\n\n**Path:** {md_escape(name)}\n"))
    assert parser.tags == ["h2", "p", "strong"]
    assert "".join(parser.text).split("\n") == [name, "Path: " + name]
