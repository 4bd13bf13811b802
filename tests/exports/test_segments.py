"""Segments CSV / XLSX: exact text and positions, spreadsheet safety, filters, BOM."""
from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from app.team.blind import start_blind
from app.errors import InvalidOperation, NotFound
from app.exchange.exports import ExportFilters, export
from app.exchange.exports.common import FORMULA_TRIGGERS

from .conftest import MEMO
from .helpers import as_dicts, read_csv

HEADER_TAIL = ["code_path", "code_id", "coder", "start", "end", "text", "memo", "created", "modified"]
HEAD = ["segment_id", "document_id", "document_title", "document_outlet", "document_author", "document_date"]
DECISIONS = ["decision_id", "decision_outcome", "decision_rationale"]  # with consensus segments (AGREEMENT)


def _without_decisions(header: list[str]) -> list[str]:
    return header[:-3] if header[-3:] == DECISIONS else header


def _safe(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_TRIGGERS else value


def test_segments_csv_exact_text_positions_and_safety(corpus, tmp_path):
    out = tmp_path / "segments.csv"
    result = export(corpus.project, "segments-csv", out)
    assert result.rows == len(corpus.segments) == 10
    rows = read_csv(out)
    assert _without_decisions(rows[0]) == [*HEAD, "attr:outlet", "attr:year", *HEADER_TAIL]
    seen = as_dicts(rows)
    assert {r["segment_id"] for r in seen} == set(corpus.segments)
    for row in seen:
        doc_uuid, path, coder, start, end, text, memo = corpus.segments[row["segment_id"]]
        assert row["document_id"] == doc_uuid
        assert row["code_path"] == path
        assert row["coder"] == coder
        assert (int(row["start"]), int(row["end"])) == (start, end)
        assert row["text"] == _safe(text)
        assert row["memo"] == _safe(memo)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["created"])
    by_text = {r["text"]: r for r in seen}
    assert by_text["'=cmd|' /C calc'!A0"]["memo"] == "'=memo formula"
    for piece in ("'+1 plus", "'-2 minus", "'@SUM(A1)", "'\tindented line"):
        assert piece in by_text
    assert by_text["👩‍👩‍👧"]["memo"] == MEMO
    assert by_text["Cafe\u0301"]["text"] == "Cafe\u0301"  # combining mark kept, not normalised
    assert by_text["שלום עולם"]["attr:outlet"] == "'=HYPERLINK(\"x\")"
    assert by_text["👩‍👩‍👧"]["attr:year"] == "2017"
    assert by_text["👩‍👩‍👧"]["document_title"] == "Emoji & marks 👩‍👩‍👧"


def test_csv_bytes_crlf_bom_and_quoting(corpus, tmp_path):
    out = tmp_path / "s.csv"
    export(corpus.project, "segments-csv", out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfsegment_id,")
    assert data.count(b"\r\n") == 11  # header + 10 records; newlines inside memos stay LF in quotes
    assert b'"He said ""no"",\nthen, after a pause, ""yes""."' in data


def test_raw_csv_has_no_bom_and_no_prefix(corpus, tmp_path):
    out = tmp_path / "raw.csv"
    export(corpus.project, "segments-csv", out, raw=True)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    seen = as_dicts(read_csv(out, raw=True))
    for row in seen:
        assert row["text"] == corpus.segments[row["segment_id"]][5]
        assert row["memo"] == corpus.segments[row["segment_id"]][6]
    assert "=cmd|' /C calc'!A0" in {r["text"] for r in seen}


def test_segments_xlsx_exact_text_and_no_formulas(corpus, tmp_path):
    out = tmp_path / "segments.xlsx"
    result = export(corpus.project, "segments-xlsx", out)
    assert result.rows == 10 and result.notes == ()
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows[0]
    at = header.index("code_path")
    assert header[at:at + len(HEADER_TAIL)] == HEADER_TAIL
    seen = [dict(zip(header, r)) for r in rows[1:]]
    for row in seen:
        doc_uuid, path, coder, start, end, text, memo = corpus.segments[row["segment_id"]]
        assert row["text"] == text  # typed string cells: exact text, no prefix needed
        assert (row["memo"] or "") == memo
        assert (row["start"], row["end"]) == (start, end)
        assert row["code_path"] == path
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_xlsx_replaces_control_characters_and_says_so(project, tmp_path):
    from app.coding.segments import code_span
    from app.articles.importing import add_document

    doc = add_document(project, "bell\x07 and \x1b escape", "Controls")
    code_span(project, doc, 0, 5, "Noise", create_missing=True)
    out = tmp_path / "c.xlsx"
    result = export(project, "segments-xlsx", out)
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("text") + 1).value == "bell\ufffd"
    assert any("U+FFFD" in n and n.startswith("1 ") for n in result.notes)
    csv_out = tmp_path / "c.csv"
    export(project, "segments-csv", csv_out)
    assert as_dicts(read_csv(csv_out))[0]["text"] == "bell\x07"  # CSV keeps the exact text


def test_filter_by_code_with_and_without_children(corpus, tmp_path):
    out = tmp_path / "f.csv"
    export(corpus.project, "segments-csv", out, filters=ExportFilters(codes=["Emotion"]))
    assert sorted(r["code_path"] for r in as_dicts(read_csv(out))) == ["Emotion", "Emotion/Anger", "Emotion/Joy"]
    export(corpus.project, "segments-csv", out, filters=ExportFilters(codes=["Emotion"], include_children=False))
    assert [r["code_path"] for r in as_dicts(read_csv(out))] == ["Emotion"]


def test_filter_by_coder_and_document(corpus, tmp_path):
    out = tmp_path / "f.csv"
    export(corpus.project, "segments-csv", out, filters=ExportFilters(coders=["consensus"]))
    rows = as_dicts(read_csv(out))
    assert {r["coder"] for r in rows} == {"consensus"} and len(rows) == 2
    export(corpus.project, "segments-csv", out,
           filters=ExportFilters(documents=["RTL: שלום"], coders=["ana", "ben"]))
    rows = as_dicts(read_csv(out))
    assert {r["document_id"] for r in rows} == {corpus.doc_two.uuid} and len(rows) == 2
    assert rows[0]["attr:outlet"].startswith("'=")
    assert "attr:year" not in rows[0]  # only attributes of the exported documents


def test_unknown_filter_values_fail_clearly(corpus, tmp_path):
    with pytest.raises(NotFound, match="zoe"):
        export(corpus.project, "segments-csv", tmp_path / "x.csv", filters=ExportFilters(coders=["zoe"]))
    with pytest.raises(NotFound):
        export(corpus.project, "segments-csv", tmp_path / "x.csv", filters=ExportFilters(codes=["Nope"]))
    assert not (tmp_path / "x.csv").exists()


def test_no_attributes(corpus, tmp_path):
    out = tmp_path / "n.csv"
    export(corpus.project, "segments-csv", out, include_attributes=False)
    assert _without_decisions(read_csv(out)[0]) == [*HEAD, *HEADER_TAIL]


def test_blind_mode_exports_only_the_current_coder(corpus, tmp_path):
    project = corpus.project  # current coder: ana
    start_blind(project)
    out = tmp_path / "b.csv"
    export(project, "segments-csv", out)
    rows = as_dicts(read_csv(out))
    assert rows and {r["coder"] for r in rows} == {"ana"}
    with pytest.raises(InvalidOperation, match="blind"):
        export(project, "segments-csv", out, filters=ExportFilters(coders=["ben"]))


@pytest.mark.parametrize("fmt", ["segments-csv", "segments-xlsx"])
def test_empty_project_writes_header_only(project, tmp_path, fmt):
    out = tmp_path / f"e.{fmt.split('-')[1]}"
    result = export(project, fmt, out)
    assert result.rows == 0
    if fmt.endswith("csv"):
        assert read_csv(out) == [[*HEAD, *HEADER_TAIL]]
    else:
        ws = openpyxl.load_workbook(out).active
        assert [[c.value for c in r] for r in ws.iter_rows()] == [
            [*HEAD, *HEADER_TAIL]]


def test_progress_is_reported(corpus, tmp_path):
    calls = []
    export(corpus.project, "segments-csv", tmp_path / "p.csv", progress=lambda i, n: calls.append((i, n)))
    assert calls and calls[-1] == (10, 10)
