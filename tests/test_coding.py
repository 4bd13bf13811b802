"""Coding operations: each one undoes and redoes exactly; bad spans are refused and
leave the project as it was; positions are code points (emoji, combining marks, RTL,
CRLF input); overlap queries; the audit log notices edits made behind Chorus's back."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import audit
from app.coding import queries
from app.changes import row_of
from app.coding.codebook import create_code, find_code
from app.coding.segments import (code_span, get_segment, overlapping, recode, set_bounds, set_segment_memo, uncode,
                        uncode_many)
from app.errors import InvalidOperation, NotFound
from app.articles.importing import add_document, import_paths
from db.models import TRACKED_MODELS, AuditEntry, Segment, new_uuid

TEXT = "The #MeToo campaign spread in October 2017. Many women shared stories."


def snapshot():
    tables = {t: [row_of(r) for r in m.select().order_by(m.id)] for t, m in TRACKED_MODELS.items()}
    return queries.code_rows(), queries.segment_rows(), tables


@pytest.fixture
def doc(project):
    project.coder()  # the coder exists, so each operation below is exactly one change
    return add_document(project, TEXT, "Article one")


def assert_undo_redo(project, before):
    change = project.last_change
    after = snapshot()
    assert after != before
    project.undo(change)
    assert snapshot() == before
    project.redo(change)
    assert snapshot() == after
    assert audit.verify().ok


def test_code_span_undo_redo(project, doc):
    create_code(project, "Campaign")
    before = snapshot()
    seg = code_span(project, doc, 4, 10, "Campaign", memo="hashtag")
    assert queries.segment_rows()[0].text == TEXT[4:10] == "#MeToo"
    assert seg.memo == "hashtag"
    assert_undo_redo(project, before)


def test_create_missing_codes_in_the_same_change(project, doc):
    before = snapshot()
    seg = code_span(project, doc, 0, 3, "Parent/Child", create_missing=True)
    assert find_code("Parent/Child").id == seg.code_id
    assert project.last_change.tables == {"code", "segment"}
    project.undo(project.last_change)
    assert snapshot() == before
    assert find_code("Parent") is None


def test_missing_code_without_create_is_refused(project, doc):
    before = snapshot()
    with pytest.raises(NotFound):
        code_span(project, doc, 0, 3, "Nope")
    assert snapshot() == before


def test_same_span_twice_returns_the_existing_segment(project, doc):
    create_code(project, "A")
    first = code_span(project, doc, 0, 3, "A")
    again = code_span(project, doc, 0, 3, "A")
    assert again.id == first.id
    assert Segment.select().count() == 1


@pytest.mark.parametrize("start,end", [(-1, 3), (0, len(TEXT) + 1), (5, 5), (6, 2), (0.5, 3), ("0", 3)])
def test_spans_out_of_range_are_refused(project, doc, start, end):
    create_code(project, "A")
    before, entries = snapshot(), AuditEntry.select().count()
    with pytest.raises(InvalidOperation):
        code_span(project, doc, start, end, "A")
    seg = code_span(project, doc, 0, 3, "A")
    with pytest.raises(InvalidOperation):
        set_bounds(project, seg, start, end)
    project.undo(project.last_change)
    assert snapshot() == before
    assert AuditEntry.select().count() > entries  # only the good change and its undo were logged


def test_span_of_the_whole_text_is_allowed(project, doc):
    create_code(project, "A")
    code_span(project, doc, 0, len(TEXT), "A")
    assert queries.segment_rows()[0].text == TEXT


def test_uncode_undo_redo(project, doc):
    create_code(project, "A")
    seg = code_span(project, doc, 0, 3, "A")
    before = snapshot()
    uncode(project, seg.id)
    assert Segment.select().count() == 0
    assert_undo_redo(project, before)


def test_uncode_many_undo_redo(project, doc):
    create_code(project, "A")
    segs = [code_span(project, doc, i, i + 4, "A") for i in range(0, 20, 5)]
    before = snapshot()
    uncode_many(project, [segs[0], segs[2].id, segs[3].uuid])
    assert [s.id for s in Segment.select()] == [segs[1].id]
    assert_undo_redo(project, before)


def test_set_bounds_undo_redo(project, doc):
    create_code(project, "A")
    seg = code_span(project, doc, 0, 3, "A")
    before = snapshot()
    set_bounds(project, seg, 4, 10)
    assert queries.segment_rows()[0].text == "#MeToo"
    assert_undo_redo(project, before)


def test_set_segment_memo_undo_redo(project, doc):
    create_code(project, "A")
    seg = code_span(project, doc, 0, 3, "A")
    before = snapshot()
    set_segment_memo(project, seg, "**why** this matters")
    assert get_segment(seg.uuid).memo == "**why** this matters"
    assert_undo_redo(project, before)


def test_recode_undo_redo(project, doc):
    create_code(project, "A")
    b = create_code(project, "B")
    seg = code_span(project, doc, 0, 3, "A")
    before = snapshot()
    recode(project, seg, "B")
    assert get_segment(seg.id).code_id == b.id
    assert_undo_redo(project, before)


def test_get_segment_unknown(project):
    with pytest.raises(NotFound):
        get_segment(12345)


# -- overlaps ----------------------------------------------------------------------
def _brute(segments, start, end, coders=None):
    hits = []
    for sid, s, e, coder in segments:
        if coders is not None and coder not in coders:
            continue
        hit = (s <= start < e) if start == end else (s < end and e > start)
        if hit:
            hits.append((s, e, sid))
    return [sid for s, e, sid in sorted(hits)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spans=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20), st.integers(0, 1)), max_size=40),
       windows=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 20)), min_size=1, max_size=10),
       filter_coders=st.booleans())
def test_overlapping_matches_brute_force(project, spans, windows, filter_coders):
    text = "x" * 80
    document = add_document(project, text, f"doc {new_uuid()}")
    other = add_document(project, text, f"other {new_uuid()}")
    coders = [project.coder("ana").id, project.coder("ben").id]
    code = find_code("A") or create_code(project, "A")
    rows = [dict(uuid=new_uuid(), document=document.id, code=code.id, coder=coders[c], start=s,
                 end=min(s + n, 80), memo="") for s, n, c in spans]
    rows.append(dict(uuid=new_uuid(), document=other.id, code=code.id, coder=coders[0], start=0, end=80, memo=""))
    with project.change("bulk") as rec:
        rec.bulk_insert(Segment, rows)
    segments = [(s.id, s.start, s.end, s.coder_id) for s in Segment.select().where(Segment.document == document.id)]
    wanted = [coders[0]] if filter_coders else None
    for start, width in windows:
        end = min(start + width, 80)
        got = [s.id for s in overlapping(document.id, start, end, wanted)]
        assert got == _brute(segments, start, end, wanted)


# -- positions are code points --------------------------------------------------------
UNICODE_CASES = {
    "emoji": ("Broken heart 💔 then text 💔💔 end", "💔 then"),
    "combining": ("Cafe\u0301 society and re\u0301sume\u0301s", "re\u0301sume\u0301s"),
    "arabic": ("قالت إنها تعرضت للتحرش في العمل", "للتحرش"),
    "hebrew": ("היא סיפרה את הסיפור שלה #MeToo", "הסיפור"),
    "mixed": ("She wrote: «أنا أيضاً» 💔 and e\u0301", "«أنا أيضاً» 💔"),
}


@pytest.mark.parametrize("case", sorted(UNICODE_CASES))
def test_positions_are_code_points(project, case):
    text, needle = UNICODE_CASES[case]
    document = add_document(project, text, case)
    assert document.char_count == len(text)
    start = text.index(needle)
    end = start + len(needle)
    seg = code_span(project, document, start, end, "Code", create_missing=True)
    row = queries.segment_rows()[0]
    assert row.text == text[start:end] == needle
    assert (row.start, row.end) == (start, end)
    # SQLite's substr is 1-based and counts characters: the recipe in db/SCHEMA.md
    sql = 'SELECT substr(d.text, s.start + 1, s."end" - s.start) FROM segment s JOIN document d ON d.id = s.document_id WHERE s.id = ?'
    assert project.db.execute_sql(sql, (seg.id,)).fetchone()[0] == needle


def test_crlf_file_is_stored_with_lf_and_positions_hold(project, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = "Title line\r\nShe said \u201cme too\u201d 💔\r\nSecond paragraph.\r\n"
    (folder / "crlf.txt").write_bytes(raw.encode("utf-8"))
    report = import_paths(project, [folder])
    assert len(report.imported) == 1, report.summary()
    document = get_document(report.imported[0].document_id)
    assert "\r" not in document.text
    assert document.char_count == len(document.text)
    needle = "\u201cme too\u201d 💔\nSecond"
    start = document.text.index(needle)
    code_span(project, document, start, start + len(needle), "Quote", create_missing=True)
    assert queries.segment_rows()[0].text == needle


def get_document(document_id):
    from app.articles.documents import resolve_document

    return resolve_document(document_id)


# -- the audit log ----------------------------------------------------------------------
def _some_work(project, doc):
    create_code(project, "A")
    seg = code_span(project, doc, 0, 3, "A")
    set_segment_memo(project, seg, "memo")
    code_span(project, doc, 4, 10, "B/C", create_missing=True)
    project.undo(project.last_change)
    return seg


def test_audit_verifies_after_operations(project, doc):
    _some_work(project, doc)
    result = audit.verify()
    assert result.ok, result.problems
    assert result.entries == AuditEntry.select().count() > 5


def test_audit_detects_a_raw_sql_update(project, doc):
    seg = _some_work(project, doc)
    project.db.execute_sql('UPDATE segment SET "end" = 20 WHERE id = ?', (seg.id,))
    result = audit.verify()
    assert not result.ok
    assert any(seg.uuid in p and "outside Chorus" in p for p in result.problems)


def test_audit_detects_a_raw_text_edit(project, doc):
    _some_work(project, doc)
    project.db.execute_sql("UPDATE document SET text = 'rewritten' WHERE id = ?", (doc.id,))
    assert any("text was changed" in p for p in audit.verify().problems)


def test_audit_detects_a_deleted_audit_row(project, doc):
    _some_work(project, doc)
    ids = [e.id for e in AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id)]
    victim = random.Random(1).choice(ids[1:-1])
    project.db.execute_sql("DELETE FROM audit_entry WHERE id = ?", (victim,))
    result = audit.verify()
    assert not result.ok
    assert any("does not match the chain" in p for p in result.problems)


def test_audit_detects_an_edited_audit_row(project, doc):
    _some_work(project, doc)
    project.db.execute_sql("UPDATE audit_entry SET coder_name = 'mallory' WHERE id = 2")
    assert any("entry 2 " in p for p in audit.verify().problems)


def test_bulk_insert_is_exact_for_undo_redo_and_audit(project, doc):
    code = create_code(project, "A")
    coder = project.coder()
    before = snapshot()
    rows = [dict(uuid=new_uuid(), document=doc.id, code=code.id, coder=coder.id, start=i, end=i + 5)
            for i in range(0, 60, 3)]  # memo, created_at, modified_at left to their defaults
    with project.change("bulk") as rec:
        rec.bulk_insert(Segment, rows)
    assert Segment.select().count() == len(rows)
    assert audit.verify().ok, audit.verify().problems
    assert_undo_redo(project, before)
    recorded = {c.uuid: c.after for c in project.last_change.changes}
    for seg in Segment.select():
        assert row_of(seg) == recorded[seg.uuid]
