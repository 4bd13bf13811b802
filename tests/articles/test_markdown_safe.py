"""The one bounded Markdown renderer (app.articles.markdown_safe) and its callers."""
from __future__ import annotations

import re

import pytest

from app.articles import markdown_safe
from app.articles.importers import ImportRejected, extract
from app.articles.markdown_safe import MarkdownRefused, render, render_or_escaped


def test_renders_commonmark_with_tables_and_escapes_raw_html():
    out = render("# T\n\n*em* **strong** `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>x</script>")
    assert "<h1>T</h1>" in out and "<em>em</em>" in out and "<strong>strong</strong>" in out
    assert "<table>" in out and "<td>1</td>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#x09;script:x",
                                  "data:text/html,x", "vbscript:x", "file:///etc/passwd"])
def test_unsafe_links_become_hash(link):
    out = render(f"[x]({link}) and <{link}>")
    hrefs = re.findall(r'href="([^"]*)"', out)
    assert hrefs and set(hrefs) == {"#"}


def test_safe_links_kept_and_images_not_loaded():
    out = render("[a](https://example.org) [b](mailto:a@b.org) [c](notes/x.html) ![pic](http://127.0.0.1:9/a.png)")
    assert 'href="https://example.org"' in out and 'href="mailto:a@b.org"' in out
    assert 'href="notes/x.html"' in out and "<img" not in out


def test_quadratic_inputs_render(tmp_path):
    """16 KB and 200 KB of '[' (43 s and never with Python-Markdown) come back rendered."""
    assert render("[" * 16_000) == "<p>" + "[" * 16_000 + "</p>"
    assert render("[" * 100_000).count("[") == 100_000  # in the worker process
    nested = "".join("  " * i + "- x\n" for i in range(45))
    assert render(nested).count("<li>x") == 45


@pytest.mark.parametrize("text", ["".join("  " * i + "- x\n" for i in range(60)), "- " * 15_000 + "x",
                                  "> " * 30_000 + "x"])
def test_nesting_beyond_the_cap_is_refused_not_dropped(text):
    with pytest.raises(MarkdownRefused, match="nested too deeply"):
        render(text)
    assert "x" in render_or_escaped(text)


def test_size_limit_refuses_at_once():
    big = "- " * 9_000_000  # 18 MB nested list
    with pytest.raises(MarkdownRefused, match="over the limit"):
        render(big)
    assert "shown as plain text" in render_or_escaped("[" * 30, limit=10)


def test_worker_is_stopped_at_the_time_limit():
    with pytest.raises(MarkdownRefused, match="took over"):
        render("![" * 500_000, time_limit=0.01)
    out = render_or_escaped("<b>" + "[" * 400_000, time_limit=0.01)
    assert out.startswith("<p><em>Markdown took over") and "&lt;b&gt;" in out


def test_markdown_import_of_hostile_files(tmp_path):
    path = tmp_path / "brackets.md"
    path.write_text("[" * 100_000)
    assert extract(path).text == "[" * 100_000
    huge = tmp_path / "nested.md"
    huge.write_text("- " * 1_500_000 + "x")
    with pytest.raises(ImportRejected, match=r"nested\.md: Markdown of 3,000,001 characters is over"):
        extract(huge)


def test_codebook_html_and_memo_view_use_the_bounded_renderer():
    from app.exchange.exports.codebook_doc import render_markdown as codebook_render
    from ui.widgets.markdown_view import render_markdown as memo_render

    hostile = "[" * 30_000
    assert codebook_render(hostile).count("[") == 30_000
    assert memo_render(hostile).count("[") == 30_000
    assert "&lt;script&gt;" in memo_render("<script>alert(1)</script>")
    assert markdown_safe.INPROCESS_CHARS < 30_000  # the worker path was taken above
