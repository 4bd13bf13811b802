"""Exports other programs read as people expect: typed cells, document columns, file modes."""
from __future__ import annotations

import os
import stat
from datetime import datetime

import openpyxl
import pytest

from app.articles.documents import set_attribute
from app.articles.importing import add_document
from app.coding.segments import code_span
from app.exchange.exports import FORMATS, export
from app.exchange.exports.common import FORMULA_TRIGGERS

from .helpers import as_dicts, read_csv


@pytest.fixture
def typed(project):
    one = add_document(project, "First text about the campaign.", "One", source="=Daily Mail", author="@reporter",
                       published="2017-10-16")
    two = add_document(project, "Second text, another outlet.", "Two", source="The Times", author="-A. Writer",
                       published="2017-10")
    for doc, values in ((one, {"score": "-3", "share": "0.25", "day": "2017-10-16", "viral": "true",
                               "note": "-3 and more"}),
                        (two, {"score": "12", "share": "-1.5", "day": "2018-01-02", "viral": "false",
                               "note": "+plain"})):
        for name, value in values.items():
            kind = {"score": "number", "share": "number", "day": "date", "viral": "boolean"}.get(name, "text")
            set_attribute(project, doc, name, value, value_type=kind)
    code_span(project, one, 0, 5, "Topic", create_missing=True)
    code_span(project, two, 0, 6, "Topic", create_missing=True)
    return project


def test_csv_numbers_dates_and_booleans_are_not_quoted_text(typed, tmp_path):
    out = tmp_path / "s.csv"
    export(typed, "segments-csv", out)
    rows = {r["document_title"]: r for r in as_dicts(read_csv(out))}
    one, two = rows["One"], rows["Two"]
    assert one["attr:score"] == "-3" and float(one["attr:score"]) == -3  # not "'-3"
    assert two["attr:share"] == "-1.5" and float(two["attr:share"]) == -1.5
    assert [float(r["attr:share"]) for r in (one, two)] == [0.25, -1.5]
    assert one["attr:day"] == "2017-10-16"
    assert {one["attr:viral"], two["attr:viral"]} == {"True", "False"}  # read as logical by R and pandas
    # text cells keep the formula guard
    assert one["attr:note"] == "'-3 and more" and two["attr:note"] == "'+plain"


def test_segments_carry_the_documents_outlet_author_and_date(typed, tmp_path):
    out = tmp_path / "s.csv"
    export(typed, "segments-csv", out)
    rows = {r["document_title"]: r for r in as_dicts(read_csv(out))}
    assert (rows["One"]["document_outlet"], rows["One"]["document_author"], rows["One"]["document_date"]) == (
        "'=Daily Mail", "'@reporter", "2017-10-16")  # spreadsheet-safe text
    assert (rows["Two"]["document_outlet"], rows["Two"]["document_author"], rows["Two"]["document_date"]) == (
        "The Times", "'-A. Writer", "2017-10")
    raw = tmp_path / "raw.csv"
    export(typed, "segments-csv", raw, raw=True)
    rows = {r["document_title"]: r for r in as_dicts(read_csv(raw, raw=True))}
    assert rows["One"]["document_outlet"] == "=Daily Mail"


def test_xlsx_cells_are_typed_and_text_is_never_a_formula(typed, tmp_path):
    out = tmp_path / "s.xlsx"
    export(typed, "segments-xlsx", out)
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    cells = {ws.cell(r, header.index("document_title") + 1).value: {h: ws.cell(r, i + 1) for i, h in enumerate(header)}
             for r in range(2, ws.max_row + 1)}
    one, two = cells["One"], cells["Two"]
    assert one["attr:score"].data_type == "n" and one["attr:score"].value == -3
    assert two["attr:share"].data_type == "n" and two["attr:share"].value == -1.5
    assert one["attr:day"].is_date and one["attr:day"].value == datetime(2017, 10, 16)
    assert one["attr:viral"].data_type == "b" and one["attr:viral"].value is True
    assert two["attr:viral"].value is False
    assert one["document_date"].is_date and one["document_date"].value == datetime(2017, 10, 16)
    assert two["document_date"].data_type == "s" and two["document_date"].value == "2017-10"  # a partial date
    for name in ("document_outlet", "document_author", "attr:note"):
        for row in (one, two):
            assert row[name].data_type == "s"  # text, exact (typed string cells need no prefix)
    assert one["document_outlet"].value == "=Daily Mail"
    assert one["start"].data_type == "n"


def test_every_text_column_is_spreadsheet_safe(typed, tmp_path):
    """Each text cell of the CSV (new columns included) starts with no formula trigger."""
    out = tmp_path / "s.csv"
    export(typed, "segments-csv", out)
    rows = read_csv(out)
    numeric = {"start", "end", "attr:score", "attr:share"}
    for row in rows[1:]:
        for name, value in zip(rows[0], row):
            if name in numeric:
                float(value)
            else:
                assert value[:1] not in FORMULA_TRIGGERS, (name, value)


# -- file modes --------------------------------------------------------------------------------------
MODE_FORMATS = [f for f in FORMATS if not f.startswith("decisions")]


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("fmt", MODE_FORMATS)
def test_new_export_files_follow_the_umask(typed, tmp_path, umask_022, fmt):
    out = tmp_path / f"new-{fmt}.out"
    export(typed, fmt, out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644  # readable by a teammate, as any new file
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


@pytest.mark.parametrize("fmt", MODE_FORMATS)
def test_replacing_an_export_keeps_its_mode(typed, tmp_path, umask_022, fmt):
    out = tmp_path / f"old-{fmt}.out"
    out.write_bytes(b"old")
    os.chmod(out, 0o640)
    export(typed, fmt, out)
    assert out.read_bytes() != b"old"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o640
