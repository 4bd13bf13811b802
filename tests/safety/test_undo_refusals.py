"""Undo of a change whose rows a teammate has built on since is refused with one line and
changes nothing: a code they coded with (its deletion failed with a raw FOREIGN KEY error
out of the window's Undo), a document they coded (its deletion would have taken their
segments with it, unrecorded)."""
from __future__ import annotations

import pytest

from app import audit
from app.articles.importing import add_document
from app.coding import codebook
from app.coding.segments import code_span
from app.errors import ChangedElsewhere
from app.project import Project
from db.models import Code, Document, Segment


@pytest.fixture
def path(tmp_path):
    return tmp_path / "team.chorus"


def _teammate_codes(path, doc_id: int, code: str) -> None:
    other = Project.open(path, coder_name="ben")
    try:
        code_span(other, doc_id, 0, 4, code)
    finally:
        other.close()


def test_undoing_a_code_a_teammate_has_used_is_refused(path):
    me = Project.create(path, coder_name="ana")
    doc = add_document(me, "Some text here for coding.", "D")
    codebook.create_code(me, "NewCode")
    created = me.last_change
    _teammate_codes(path, doc.id, "NewCode")
    me.activate()
    with pytest.raises(ChangedElsewhere, match=r"cannot undo .*NewCode.*used by 1 segment made elsewhere"):
        me.undo(created)
    assert Code.select().where(Code.name == "NewCode").count() == 1
    assert Segment.select().count() == 1
    assert audit.verify().ok
    me.close()


def test_undoing_an_import_a_teammate_has_coded_is_refused(path):
    me = Project.create(path, coder_name="ana")
    codebook.create_code(me, "Framing")
    doc = add_document(me, "An article the team codes.", "D")
    imported = me.last_change
    _teammate_codes(path, doc.id, "Framing")
    me.activate()
    with pytest.raises(ChangedElsewhere, match="used by 1 segment made elsewhere"):
        me.undo(imported)
    assert Document.select().count() == 1 and Segment.select().count() == 1
    result = audit.verify()
    assert result.ok, result.problems
    me.close()


def test_undoing_an_import_with_only_my_own_coding_in_the_same_change_still_works(path):
    me = Project.create(path, coder_name="ana")
    codebook.create_code(me, "Framing")
    doc = add_document(me, "An article.", "D")
    imported = me.last_change
    coded = code_span(me, doc.id, 0, 2, "Framing")
    me.undo(me.last_change)  # my coding first, as the undo stack would
    me.undo(imported)
    assert Document.select().count() == 0 and coded.id not in [s.id for s in Segment.select()]
    me.close()
