"""Chorus -> .qdpx -> a new Chorus project gives everything back."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.coding import codebook
from app.coding import segments as coding
from app.articles import documents
from app.coding import queries
from app.articles.importing import add_document
from app.project import Project
from app.exchange.refi import export_qdpx, import_exchange_file
from db.models import Coder, Document, Memo

from .test_export import filled  # noqa: F401  (fixture)


def _state(project):
    project.activate()
    docs = sorted((d.uuid, d.title, d.text, d.source, d.author, d.published, d.url, d.memo)
                  for d in Document.select())
    codes = sorted((c.uuid, c.path, c.colour, c.description, c.definition, c.when_to_use, c.when_not_to_use,
                    c.example) for c in queries.code_rows())
    segs = sorted((s.uuid, s.document_uuid, s.text, s.code_path, s.coder, s.start, s.end, s.memo)
                  for s in queries.segment_rows())
    attrs = sorted((d.uuid, documents.attributes_of(d.id)) for d in Document.select())
    memos = sorted((m.uuid, m.title, m.body, m.code.uuid if m.code else None) for m in Memo.select())
    coders = sorted((c.uuid, c.name) for c in Coder.select())
    return docs, codes, segs, [a for a in attrs], memos, coders


def test_full_round_trip(filled, tmp_path):  # noqa: F811
    project, _ = filled
    before = _state(project)
    out = export_qdpx(project, tmp_path / "trip.qdpx")
    target = Project.create(tmp_path / "target.chorus", coder_name="zoe")
    try:
        report = import_exchange_file(target, out)
        assert (report.documents, report.codes, report.segments, report.users) == (1, 2, 2, 2)
        assert report.warnings == [] and report.skipped == []
        assert _state(target) == before
        # one change, undoable as a whole
        target.undo(target.last_change)
        target.activate()
        assert Document.select().count() == 0 and Coder.select().count() == 0
    finally:
        target.close()


def test_importing_the_same_file_twice_adds_nothing(filled, tmp_path):  # noqa: F811
    project, _ = filled
    out = export_qdpx(project, tmp_path / "twice.qdpx")
    before = _state(project)
    report = import_exchange_file(project, out)
    assert (report.documents, report.codes, report.segments, report.users, report.notes) == (0, 0, 0, 0, 0)
    assert report.reused_documents == 1
    assert _state(project) == before


PIECES = ["😀", "👍🏽", "e\u0301", "שלום", "مرحبا", "\n", "\r\n", "\t", "\U0001d54f", "\u200f", "&<>\"'"]
unicode_text = st.lists(
    st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), st.sampled_from(PIECES)),
    min_size=1, max_size=40,
).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=unicode_text, spans=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 200)), min_size=1,
                                         max_size=6), name=unicode_text, memo=unicode_text, data=st.data())
def test_property_unicode_texts_and_spans_round_trip(tmp_path_factory, body, spans, name, memo, data):
    tmp = tmp_path_factory.mktemp("prop")
    source = Project.create(tmp / "src.chorus", coder_name="ana")
    target = Project.create(tmp / "dst.chorus", coder_name="zoe")
    try:
        source.activate()
        doc = add_document(source, body, "T " + name.strip()[:30] or "T")
        clean_name = name.strip().replace("/", "_") or "code"
        code = codebook.create_code(source, clean_name, definition=memo, example=name)
        length = len(doc.text)
        made = set()
        for a, b in spans:
            start, end = a % length, a % length + 1 + (b % length)
            end = min(end, length)
            if start < end and (start, end) not in made:
                made.add((start, end))
                coding.code_span(source, doc, start, end, code, memo=data.draw(unicode_text))
        expected = _state(source)
        out = export_qdpx(source, tmp / "p.qdpx")
        import_exchange_file(target, out)
        assert _state(target) == expected
    finally:
        source.close()
        target.close()
