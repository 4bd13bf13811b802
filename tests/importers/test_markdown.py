from app.articles.importers import extract

UNICODE = "Emoji 😀👍🏽 and e\u0301 and שלום עולם and مرحبا"


def test_rendered_text(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        "Intro line before heading\n\n# The **Title**\n\nSome *emphasis* and `code` and a "
        "[link](http://127.0.0.1:9/).\nSoft wrapped.\n\n## Section\n\n- first\n- second\n\n"
        "Then:\n\n1. one\n2. two\n\n> quoted\n\n" + UNICODE + "\n\n```\nraw  code\n  indented\n```\n",
        encoding="utf-8",
    )
    doc = extract(path)
    assert doc.text == (
        "Intro line before heading\n\nThe Title\n\n"
        "Some emphasis and code and a link. Soft wrapped.\n\nSection\n\n"
        "first\nsecond\n\nThen:\n\none\ntwo\n\nquoted\n\n" + UNICODE + "\n\nraw  code\n  indented"
    )
    assert doc.title == "The Title"
    assert doc.format == "markdown"
    assert doc.encoding == "utf-8"


def test_crlf_setext_heading_and_no_heading(tmp_path):
    path = tmp_path / "win.markdown"
    path.write_bytes(b"Heading\r\n=======\r\n\r\nBody\r\ntext\r\n")
    doc = extract(path)
    assert (doc.text, doc.title) == ("Heading\n\nBody text", "Heading")
    plain = tmp_path / "plain.md"
    plain.write_text("just a paragraph")
    assert extract(plain).title == "just a paragraph"


def test_raw_html_script_dropped(tmp_path):
    path = tmp_path / "raw.md"
    path.write_text("Hello\n\n<script>alert(1)</script>\n\n<div>World</div>\n")
    assert extract(path).text == "Hello\n\nWorld"
