"""db/statements.py: queries built once, run with new values, the same answers as peewee's.

And the fast coding path built on them (ids in, uuids for the audit log read in the same
transaction), and app/coding/shared_reads.py (one read for a repeated question)."""
from __future__ import annotations

import pytest

from app import audit
from app.articles.importing import add_document
from app.coding import codebook, queries
from app.coding.segments import code_span
from app.coding.shared_reads import shared_reads
from app.project import Project
from db.models import AuditEntry, Code, Document, Segment
from db.statements import InsertStatement, Statement


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "s.chorus", coder_name="ana")
    add_document(p, "Alpha beta \U0001F600 gamma.\nDelta e\u0301 epsilon.", "Doc A")
    add_document(p, "Second text about the backlash.", "Doc B")
    codebook.create_code(p, "Framing")
    codebook.create_code(p, "Hashtag", parent="Framing")
    yield p
    p.close()


def test_a_statement_answers_like_the_query_it_was_built_from(project):
    by_title = Statement(lambda p: Document.select(Document.id, Document.char_count)
                         .where((Document.title == p.text("title")) & (Document.id > p.int("above"))))
    for title in ("Doc A", "Doc B", "nothing"):
        expected = Document.select(Document.id, Document.char_count).where(
            (Document.title == title) & (Document.id > 0)).tuples()
        assert by_title.rows(title=title, above=0) == list(expected)
    assert by_title.one(title="Doc A", above=10_000) is None
    assert by_title.scalar(title="Doc B", above=0) == Document.get(Document.title == "Doc B").id


def test_a_marker_peewee_would_fold_into_the_sql_is_refused(project):
    # a parameter used where peewee renders no value (here: a column name) cannot be bound
    folded = Statement(lambda p: Document.select(Document.id).order_by(Document.title) if p.int("n") else None)
    with pytest.raises(ValueError, match="not found in the SQL"):
        folded.rows(n=1)


@pytest.mark.parametrize("every_column", [True, False])
def test_insert_statement_returns_the_new_id(project, every_column):
    from db.models import new_uuid

    values = {"uuid": new_uuid(), "name": "Raw", "colour": "#123456", "parent": None}
    if every_column:  # all of them: the compiled SQL; else peewee adds the defaults itself
        row = Code(**values)
        values = {n: row.__data__[n] for n in Code._meta.fields if n in row.__data__ and n != "id"}
    insert = InsertStatement(Code, tuple(values))
    assert insert.sql()[2] is every_column
    fields = Code._meta.fields
    with project.db.atomic():
        new_id = insert.insert([fields[n].db_value(v) for n, v in values.items()])
    assert Code.get_by_id(new_id).name == "Raw" and Code.get_by_id(new_id).created_at is not None
    assert new_id == max(c.id for c in Code.select(Code.id))


def test_coding_by_ids_logs_the_rows_own_uuids_and_undoes(project):
    doc = Document.get(Document.title == "Doc A")
    code = Code.get(Code.name == "Hashtag")
    seg = code_span(project, doc.id, 11, 13, code.id)  # the emoji and a space (code points)
    assert (seg.document_id, seg.code_id, seg.start, seg.end) == (doc.id, code.id, 11, 13)
    coded = project.last_change
    assert coded.label == "Code 'Hashtag'"
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.document_uuid, entry.code_uuid, entry.row_uuid) == (doc.uuid, code.uuid, seg.uuid)
    again = code_span(project, doc.id, 11, 13, code.id)  # the same span again: the same segment
    assert again.id == seg.id and Segment.select().count() == 1
    project.undo(coded)
    assert Segment.select().count() == 0
    project.redo(coded)
    assert Segment.get_by_id(seg.id).uuid == seg.uuid
    result = audit.verify()
    assert result.ok, result.problems
    with pytest.raises(Exception, match="no document"):
        code_span(project, 9999, 0, 1, code.id)
    with pytest.raises(Exception, match="no code"):
        code_span(project, doc.id, 0, 1, 9999)
    with pytest.raises(Exception, match="outside"):
        code_span(project, doc.id, 0, 10_000, code.id)


def test_shared_reads_answer_a_repeated_question_once(project):
    doc = Document.get(Document.title == "Doc A")
    code_span(project, doc.id, 0, 5, "Framing")
    statements: list[str] = []
    project.db.connection().set_trace_callback(statements.append)
    try:
        with shared_reads():
            first = queries.segment_tuples(document_ids=[doc.id])
            second = queries.segment_tuples(document_ids=[doc.id])
            texts = queries.document_texts([doc.id]), queries.document_texts([doc.id])
            paths = codebook.code_paths(), codebook.code_paths()
        reads_inside = sum('FROM "segment"' in s for s in statements)
        statements.clear()
        queries.segment_tuples(document_ids=[doc.id])
        queries.segment_tuples(document_ids=[doc.id])
        reads_outside = sum('FROM "segment"' in s for s in statements)
    finally:
        project.db.connection().set_trace_callback(None)
    assert first == second and first is not second  # callers get their own container
    assert texts[0] == texts[1] and paths[0] == paths[1]
    assert (reads_inside, reads_outside) == (1, 2)
