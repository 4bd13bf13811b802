import os
from pathlib import Path

import pytest

from app.articles.importers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    ExtractedDocument,
    ImportRejected,
    extract,
    is_supported,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _reason(path: Path, **kwargs) -> str:
    with pytest.raises(ImportRejected) as caught:
        extract(path, **kwargs)
    error = caught.value
    assert error.path == path
    assert str(error) == f"{path.name}: {error.reason}"
    assert "\n" not in error.reason
    return error.reason


def test_contract_constants():
    assert SUPPORTED_SUFFIXES == {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".rtf"}
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert is_supported(Path("A.TXT")) and is_supported(Path("x.Markdown"))
    assert not is_supported(Path("x.doc")) and not is_supported(Path("README"))
    doc = ExtractedDocument(text="t", title="t", format="text")
    assert (doc.author, doc.published, doc.source, doc.url, doc.encoding) == (None,) * 5


def test_upper_case_suffix_is_accepted(tmp_path):
    path = tmp_path / "NOTE.TXT"
    path.write_text("hi")
    assert extract(path).text == "hi"


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("image.txt", PNG, "binary file (PNG image), not text"),
        ("nul.txt", b"abc\x00def", "NUL bytes"),
        ("garbage.txt", b"\xe9 " + b"\x81\x8d\x8f\x90\x9d" * 30, "undecodable bytes"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \r\n\t \n", "whitespace only"),
        ("blank.md", b"\n\n   \n", "whitespace only"),
        ("blank.html", b"<html><head><title>T</title></head><body> </body></html>", "no visible text"),
        ("image.md", PNG, "binary file (PNG image)"),
        ("word.html", b"PK\x03\x04rest", "binary file (zip archive"),
    ],
)
def test_bad_content(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in _reason(path)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"x")
    reason = _reason(path)
    assert reason.startswith("unsupported file type '.xlsx'") and ".docx" in reason


def test_missing_and_directory(tmp_path):
    assert _reason(tmp_path / "gone.txt") == "file not found"
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert _reason(folder) == "is a directory, not a file"


def test_too_large_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:  # sparse: nothing is written or read
        handle.truncate(3 * 1024 * 1024)
    reason = _reason(path, max_bytes=1024 * 1024)
    assert reason == "file is too large: 3 MB, the limit is 1 MB"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    assert _reason(path) == "permission denied"
