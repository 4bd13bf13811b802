"""Exports never change the project; failed exports leave no file; the cell rules."""
from __future__ import annotations

import pytest

from app.exchange.exports import FORMATS, ExportError, export
from app.exchange.exports import tabular
from app.exchange.exports.common import safe_cell, unsafe_cell

from .helpers import project_fingerprint

LOCAL_FORMATS = [f for f in FORMATS if f not in ("qdpx", "qdc")]


@pytest.mark.parametrize("fmt", LOCAL_FORMATS)
def test_export_leaves_project_unchanged(corpus, tmp_path, fmt):
    before = project_fingerprint(corpus.project)
    export(corpus.project, fmt, tmp_path / f"out.{fmt}")
    assert project_fingerprint(corpus.project) == before


def test_failed_export_leaves_no_file_and_keeps_the_old_one(corpus, tmp_path, monkeypatch):
    out = tmp_path / "keep.csv"
    out.write_bytes(b"old contents")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tabular, "write_csv", boom)
    with pytest.raises(OSError):
        export(corpus.project, "segments-csv", out)
    assert out.read_bytes() == b"old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv", "test.chorus", "test.chorus-shm",
                                                         "test.chorus-wal"]


def test_missing_folder_and_unknown_format(corpus, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export(corpus.project, "segments-csv", tmp_path / "nope" / "x.csv")
    with pytest.raises(ExportError, match="unknown export format"):
        export(corpus.project, "segments-json", tmp_path / "x.json")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "''+x"])
def test_safe_cell_prefixes_and_unsafe_cell_reverses(value):
    assert safe_cell(value) == "'" + value
    assert unsafe_cell(safe_cell(value)) == value


@pytest.mark.parametrize("value", ["", "plain", "'quoted", "a=b", "1-2", " =x"])
def test_safe_cell_leaves_ordinary_text(value):
    assert safe_cell(value) == value
    assert unsafe_cell(value) == value
