"""The analyses give the same answers on a team-server project (PostgreSQL: the portable
path, no full-text index) as on a project file (SQLite: with the index). Skips cleanly
without PostgreSQL."""
from __future__ import annotations

import random

import pytest

from tests.analysis.conftest import random_text
from tests.server.conftest import server  # noqa: F401 - the fixture

QUERIES = ["press", '"press office"', "pol*", "press AND court", "press OR silence", "press NOT court", "cafe",
           "strasse", "naive", "finance", "e", "zoe"]


def _fill(project, seed=3):
    from app.articles.importing import add_document
    from app.coding.segments import code_span

    rng = random.Random(seed)
    docs = [add_document(project, random_text(rng, 3), f"Doc {i}", source="Ledger" if i % 2 else "Courier",
                         published=f"2018-0{1 + i % 9}-01") for i in range(12)]
    for i, doc in enumerate(docs):
        code_span(project, doc, 0, 12, "Theme/A" if i % 2 else "Theme/B", create_missing=True)
        code_span(project, doc, 5, 30, "Theme/C", create_missing=True)
    return docs


def _answers(project):
    from app.analysis.cooccurrence import cooccurrence
    from app.analysis.frequencies import frequencies
    from app.analysis.saturation import saturation
    from app.analysis.search import search

    project.activate()
    out = {}
    for q in QUERIES:
        result = search(project, q)
        out[q] = ([(h.document_title, h.start, h.end, h.text) for h in result.hits], result.used_index)
    out["freq"] = [(r.code, r.segments, r.documents, r.characters) for r in frequencies(project).rows]
    out["co"] = [(c.code_a, c.code_b, c.count, c.jaccard) for c in cooccurrence(project, "paragraph").cells]
    out["sat"] = [(r.document_title, r.new_count, r.cumulative) for r in saturation(project, base=2)[0].rows]
    return out


def test_same_answers_on_postgresql_and_sqlite(server, tmp_path):  # noqa: F811
    from app.project import Project

    with server.open("lena") as pg:
        pg.activate()
        _fill(pg)
        on_pg = _answers(pg)
    sqlite = Project.create(tmp_path / "same.chorus", coder_name="lena")
    sqlite.activate()
    _fill(sqlite)
    on_file = _answers(sqlite)
    sqlite.close()
    for q in QUERIES:
        assert on_pg[q][0] == on_file[q][0], q
        assert on_pg[q][1] is False and on_file[q][1] is True
    assert any(on_file[q][0] for q in QUERIES)
    for key in ("freq", "co", "sat"):
        assert on_pg[key] == on_file[key]
