import codecs

from app.articles.importers import extract

UNICODE = "Emoji 😀👍🏽 and e\u0301 (combining) and שלום עולם and مرحبا بالعالم"


def test_exact_text_and_title(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("  My title  \n\n" + UNICODE + "\n", encoding="utf-8")
    doc = extract(path)
    assert doc.text == "  My title  \n\n" + UNICODE + "\n"
    assert doc.title == "My title"
    assert doc.format == "text"
    assert doc.encoding == "utf-8"


def test_crlf_cr_and_bom_are_normalised(tmp_path):
    path = tmp_path / "win.text"
    path.write_bytes(codecs.BOM_UTF8 + "One\r\ntwo\rthree\r\n".encode())
    doc = extract(path)
    assert doc.text == "One\ntwo\nthree\n"
    assert doc.encoding == "utf-8-sig"


def test_utf16_file(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + ("Titre\r\n" + UNICODE).encode("utf-16-le"))
    doc = extract(path)
    assert doc.text == "Titre\n" + UNICODE
    assert doc.encoding == "utf-16-le"


def test_one_line_cp1252_file(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("café – “quoted”".encode("cp1252"))
    doc = extract(path)
    assert (doc.text, doc.title, doc.encoding) == ("café – “quoted”", "café – “quoted”", "cp1252")


def test_latin1_file(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("R\xe9sum\xe9\r\nNo\xebl \xe0 la plage, d\xe9j\xe0.\r\n".encode("latin-1"))
    assert extract(path).text == "Résumé\nNoël à la plage, déjà.\n"


def test_long_first_line_title_is_shortened(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 100)
    title = extract(path).title
    assert len(title) <= 201 and title.endswith("…") and title.startswith("word word")


def test_pasted_article_metadata(tmp_path):
    path = tmp_path / "article.txt"
    body = (
        "Oct. 16, 2017\n\nA Headline About Things\n\nBy Jane Doe | The Daily Planet\n\n"
        "First paragraph of the story, which mentions January 3, 2001 in passing.\n"
    )
    path.write_text(body)
    doc = extract(path)
    assert doc.text == body
    assert doc.title == "A Headline About Things"
    assert (doc.author, doc.source, doc.published) == ("Jane Doe", "The Daily Planet", "2017-10-16")
