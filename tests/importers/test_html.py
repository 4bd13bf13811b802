import codecs

from app.articles.importers import extract

UNICODE = "Emoji 😀👍🏽 and e\u0301 and שלום עולם and مرحبا"

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>  The   Title &amp; More </title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2017-10-16T09:30:00Z">
<meta property="og:site_name" content="Daily Planet">
<meta property="og:url" content="https://example.org/og">
<link rel="canonical" href="https://example.org/story">
<style>body { color: red }</style>
<script>document.write("<p>never</p>")</script>
</head>
<body>
<noscript>Enable JS</noscript><template><p>hidden</p></template>
<article><h1>Big   <em>Headline</em></h1>
<p>First   paragraph
  spread over lines &eacute;&nbsp;&#8212; done.</p>
<p>""" + UNICODE + """</p>
<ul><li>one</li><li>two</li></ul>
<div>line a</div><div>line b<br>line c</div>
<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>
<pre>  keep
    this</pre>
</article></body></html>
"""

EXPECTED = (
    "Big Headline\n\n"
    "First paragraph spread over lines é\u00a0— done.\n\n"
    + UNICODE + "\n\n"
    "one\ntwo\n\n"
    "line a\nline b\nline c\n\n"
    "Name\tAge\nAnn\t31\n\n"
    "  keep\n    this"
)


def test_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = extract(path, whole_page=True)
    assert doc.text == EXPECTED
    assert doc.extraction == "whole page (asked for)"
    assert doc.title == "The Title & More"
    assert doc.format == "html"
    assert (doc.author, doc.published, doc.source) == ("Jane Doe", "2017-10-16", "Daily Planet")
    assert doc.url == "https://example.org/story"
    assert doc.encoding == "utf-8"


def test_crlf_and_h1_title_fallback(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(b"<h1>Only\r\nHeading</h1>\r\n<p>a\r\nb</p><pre>x\r\ny</pre>")
    doc = extract(path)
    assert doc.text == "Only Heading\n\na b\n\nx\ny"
    assert doc.title == "Only Heading"


def test_meta_charset_and_og_url(tmp_path):
    path = tmp_path / "legacy.html"
    markup = '<meta charset="iso-8859-1"><meta property="og:url" content="https://x.org/a"><p>café – ok</p>'
    path.write_bytes(markup.encode("cp1252"))
    doc = extract(path)
    assert doc.text == "café – ok"
    assert doc.encoding == "cp1252"
    assert doc.url == "https://x.org/a"
    assert doc.title == "café – ok"


def test_utf16_html(tmp_path):
    path = tmp_path / "u16.html"
    path.write_bytes(codecs.BOM_UTF16_LE + f"<p>{UNICODE}</p>".encode("utf-16-le"))
    assert extract(path).text == UNICODE


def test_remote_resources_are_ignored(tmp_path):
    path = tmp_path / "remote.html"
    path.write_text(
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><img src="http://127.0.0.1:9/a.png">'
        '<iframe src="http://127.0.0.1:9/">fallback</iframe><p>Text</p>'
    )
    assert extract(path).text == "Text"
