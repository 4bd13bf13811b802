"""The same behaviour on both stores: a project file (SQLite) and a server project
(PostgreSQL), through one ``backend`` fixture. Codebook operations, coding with
astral characters and combining marks, undo/redo, the audit chain, queries, exports,
agreement and REFI-QDA export give the same answers.

On the server the lead (lena) does the work and the other coders code under their own
logins; in a file the same coders are named with ``coder=``.
"""
from __future__ import annotations

import csv
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from app.project import Project

TEXT_A = "Alpha beta gamma. Delta epsilon zeta.\nEta theta iota kappa. \U0001F600 e\u0301 end."
TEXT_B = "Second document text about reckoning and backlash."


@dataclass
class Backend:
    kind: str
    project: Project
    server: object = None

    @contextmanager
    def as_coder(self, name: str):
        """A project to code as ``name``: their own login on the server."""
        if self.kind == "sqlite":
            yield self.project, name
            return
        other = self.server.open(name)
        try:
            yield other, None
        finally:
            other.close()
            self.project.activate()

    def code(self, name, title, start, end, code):
        from app.articles.documents import resolve_document
        from app.coding.segments import code_span

        with self.as_coder(name) as (project, coder):
            return code_span(project, resolve_document(title), start, end, code, coder=coder).uuid


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    if request.param == "sqlite":
        project = Project.create(tmp_path / "shared.chorus", coder_name="lena")
        yield Backend("sqlite", project)
    else:
        server = request.getfixturevalue("server")
        project = server.open("lena")
        yield Backend("postgres", project, server)
    project.close()


def _seed(b: Backend) -> None:
    from app.articles.importing import add_document
    from app.coding import codebook

    add_document(b.project, TEXT_A, "Doc A", source="Ledger", published="2017-10-16")
    add_document(b.project, TEXT_B, "Doc B", source="Courier", published="2017-10-20")
    codebook.create_code(b.project, "Framing", colour="#4e79a7", definition="**Framing** of the campaign")
    codebook.create_code(b.project, "Hashtag", parent="Framing")
    codebook.create_code(b.project, "Backlash")


def _coded(b: Backend) -> None:
    _seed(b)
    emoji = TEXT_A.index("\U0001F600")
    b.code("ana", "Doc A", 0, 5, "Framing")
    b.code("ana", "Doc A", emoji, emoji + 4, "Framing/Hashtag")  # the emoji, a space, e + combining mark
    b.code("bob", "Doc A", 0, 6, "Framing")
    b.code("bob", "Doc B", 7, 15, "Backlash")
    b.project.activate()


def test_codebook_operations(backend):
    from app.coding import codebook, queries

    _seed(backend)
    p = backend.project
    codebook.rename_code(p, "Backlash", "Resistance")
    codebook.move_code(p, "Resistance", "Framing")
    codebook.create_code(p, "Spare")
    codebook.merge_codes(p, "Spare", "Framing/Hashtag")
    assert [r.path for r in queries.code_rows()] == ["Framing", "Framing/Hashtag", "Framing/Resistance"]
    codebook.delete_code(p, "Framing/Resistance")
    assert [r.path for r in queries.code_rows()] == ["Framing", "Framing/Hashtag"]


def test_coding_positions_undo_and_redo(backend):
    from app.coding import queries
    from app.coding.segments import set_bounds, uncode
    from db.models import Segment

    _coded(backend)
    p = backend.project
    rows = {(r.coder, r.start): r for r in queries.segment_rows()}
    emoji = TEXT_A.index("\U0001F600")
    assert rows[("ana", emoji)].text == "\U0001F600 e\u0301"
    assert rows[("bob", 7)].text == TEXT_B[7:15]
    mine = backend.code("lena", "Doc B", 0, 6, "Backlash")
    segment = Segment.get(Segment.uuid == mine)
    set_bounds(p, segment, 0, 15)
    assert Segment.get(Segment.uuid == mine).end == 15
    p.undo(p.last_change)
    assert Segment.get(Segment.uuid == mine).end == 6
    redo = p.last_change
    p.undo(redo)  # undoing the undo is a redo
    assert Segment.get(Segment.uuid == mine).end == 15
    uncode(p, Segment.get(Segment.uuid == mine))
    assert Segment.get_or_none(Segment.uuid == mine) is None
    p.undo(p.last_change)
    assert Segment.get(Segment.uuid == mine).end == 15


def test_coding_by_ids_the_windows_way_undo_redo_and_the_chain(backend):
    """The window codes by document and code id (the fast path: statements built once,
    the audit log's uuids read in the same transaction); undo and redo replay rows."""
    from app import audit
    from app.coding.segments import code_span
    from db.models import AuditEntry, Code, Document, Segment

    _seed(backend)
    p = backend.project
    doc, code = Document.get(Document.title == "Doc A"), Code.get(Code.name == "Hashtag")
    emoji = TEXT_A.index("\U0001F600")
    seg = code_span(p, doc.id, emoji, emoji + 4, code.id)
    coded = p.last_change
    assert coded.label == "Code 'Hashtag'"
    assert Segment.get_by_id(seg.id).end == emoji + 4
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.document_uuid, entry.code_uuid, entry.row_uuid) == (doc.uuid, code.uuid, seg.uuid)
    p.undo(coded)
    assert Segment.get_or_none(Segment.id == seg.id) is None
    p.redo(coded)
    assert Segment.get_by_id(seg.id).uuid == seg.uuid
    result = audit.verify()
    assert result.ok, result.problems


def test_audit_chain_verifies_and_catches_an_edit_behind_chorus(backend):
    from app import audit

    _coded(backend)
    result = audit.verify()
    assert result.ok, result.problems
    assert result.entries >= 9
    if backend.kind == "sqlite":
        backend.project.db.execute_sql('UPDATE segment SET "end" = "end" + 1 WHERE id = 1')
    else:
        admin = backend.server.cluster.connect(backend.server.database)
        with admin.cursor() as cur:
            cur.execute('UPDATE segment SET "end" = "end" + 1 WHERE id = 1')
        admin.commit()
        admin.close()
    problems = audit.verify().problems
    assert any("edited outside Chorus" in p for p in problems)


def test_queries(backend):
    from app.coding import queries

    _coded(backend)
    assert [(d.title, d.segments) for d in queries.document_rows()] == [("Doc A", 3), ("Doc B", 1)]
    counts = {r.path: (r.segments, r.documents, r.coders) for r in queries.code_rows()}
    assert counts == {"Framing": (2, 1, 2), "Framing/Hashtag": (1, 1, 1), "Backlash": (1, 1, 1)}
    stats = queries.stats()
    assert stats["documents"] == 2 and stats["segments"] == 4


def test_exports(backend, tmp_path):
    from app.exchange.exports import export

    _coded(backend)
    out = tmp_path / "segments.csv"
    result = export(backend.project, "segments-csv", out)
    assert result.rows == 4
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = {r.get("text") or r.get("coded_text") for r in rows}
    assert "\U0001F600 e\u0301" in texts
    md = tmp_path / "codebook.md"
    export(backend.project, "codebook-md", md)
    assert "Framing" in md.read_text(encoding="utf-8") and "Hashtag" in md.read_text(encoding="utf-8")


def test_agreement(backend):
    from app.team.review.agreement_data import project_agreement

    _coded(backend)
    report = project_agreement(["ana", "bob"], project=backend.project)
    data = report.to_dict() if hasattr(report, "to_dict") else report.__dict__
    text = repr(data)
    assert "ana" in text and "bob" in text


def test_refi_export_round_trips_into_a_file(backend, tmp_path):
    from app.exchange import refi
    from app.coding import queries

    _coded(backend)
    out = tmp_path / "project.qdpx"
    refi.export_qdpx(backend.project, out)
    with zipfile.ZipFile(out) as archive:
        assert "project.qde" in archive.namelist()
    copy = Project.create(tmp_path / "copy.chorus", coder_name="lena")
    try:
        refi.import_exchange_file(copy, out)
        rows = sorted((r.document_title, r.start, r.end, r.code_path, r.coder) for r in queries.segment_rows())
    finally:
        copy.close()
        backend.project.activate()
    original = sorted((r.document_title, r.start, r.end, r.code_path, r.coder) for r in queries.segment_rows())
    assert rows == original


def _answers(b: Backend, tmp_path) -> dict:
    from app.coding import queries
    from app.exchange.exports import export
    from app.team.review.agreement_data import project_agreement

    b.project.activate()
    report = project_agreement(["ana", "bob"], project=b.project)
    out = tmp_path / f"{b.kind}.csv"
    export(b.project, "segments-csv", out, raw=True)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    varying = {k for k in rows[0] if any(w in k for w in ("id", "uuid", "created", "modified", "imported"))}
    return {
        "segments": sorted((r.document_title, r.start, r.end, r.code_path, r.coder, r.text)
                           for r in queries.segment_rows()),
        "codes": [(r.path, r.segments, r.documents, r.coders) for r in queries.code_rows()],
        "agreement": repr(report.to_dict() if hasattr(report, "to_dict") else report),
        "csv": sorted(tuple((k, v) for k, v in sorted(r.items()) if k not in varying) for r in rows),
    }


def test_the_same_answers_from_a_file_and_from_the_server(server, tmp_path):
    file_project = Project.create(tmp_path / "same.chorus", coder_name="lena")
    try:
        on_file = Backend("sqlite", file_project)
        _coded(on_file)
        file_answers = _answers(on_file, tmp_path)
    finally:
        file_project.close()
    server_project = server.open("lena")
    try:
        on_server = Backend("postgres", server_project, server)
        _coded(on_server)
        server_answers = _answers(on_server, tmp_path)
    finally:
        server_project.close()
    assert file_answers["segments"] == server_answers["segments"]
    assert file_answers["codes"] == server_answers["codes"]
    assert file_answers["agreement"] == server_answers["agreement"]
    assert file_answers["csv"] == server_answers["csv"]
    assert len(file_answers["csv"]) == 4
