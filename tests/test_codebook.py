"""Codebook operations: each undoes and redoes exactly; merge, delete and move keep
the codebook consistent; bad requests are refused and leave the project as it was."""
from __future__ import annotations

import pytest

from app import audit
from app.coding import queries
from app.changes import row_of
from app.coding.codebook import (code_path, code_paths, create_code, delete_code, descendants, edit_code,
                          ensure_code_path, find_code, merge_codes, move_code, recolour_code, rename_code,
                          resolve_code)
from app.coding.segments import code_span
from app.errors import CodeInUse, InvalidOperation, NotFound
from app.articles.importing import add_document
from db.models import TRACKED_MODELS, Code, Memo, Segment

TEXT = "Witch hunt, they said. Due process, they said. Believe women, we said."


def snapshot():
    tables = {t: [row_of(r) for r in m.select().order_by(m.id)] for t, m in TRACKED_MODELS.items()}
    return queries.code_rows(), queries.segment_rows(), tables


@pytest.fixture
def doc(project):
    project.coder()
    project.coder("ben")
    return add_document(project, TEXT, "Article")


def assert_undo_redo(project, before):
    change = project.last_change
    after = snapshot()
    assert after != before
    project.undo(change)
    assert snapshot() == before
    project.redo(change)
    assert snapshot() == after
    result = audit.verify()
    assert result.ok, result.problems


def paths():
    return sorted(code_paths().values())


def test_create_code_undo_redo(project, doc):
    before = snapshot()
    code = create_code(project, "Backlash", colour="#123456", definition="Push-back against #MeToo")
    assert (code.colour, code.definition) == ("#123456", "Push-back against #MeToo")
    assert_undo_redo(project, before)


def test_create_child_and_paths(project, doc):
    create_code(project, "Backlash")
    child = create_code(project, "Witch/hunt claim", parent="Backlash")  # '/' in a name is escaped
    assert code_path(child) == "Backlash/Witch\\/hunt claim"
    assert resolve_code("Backlash/Witch\\/hunt claim").id == child.id
    assert resolve_code(child.id).id == child.id and resolve_code(child.uuid).id == child.id
    with pytest.raises(NotFound):
        resolve_code("Backlash/Nope")


def test_ensure_code_path_creates_missing_levels_in_one_change(project, doc):
    create_code(project, "A")
    before = snapshot()
    code = ensure_code_path(project, "A/B/C")
    assert paths() == ["A", "A/B", "A/B/C"]
    assert ensure_code_path(project, "A/B/C").id == code.id  # no second change
    assert_undo_redo(project, before)


@pytest.mark.parametrize("name", ["", "   "])
def test_blank_names_are_refused(project, name):
    with pytest.raises(InvalidOperation):
        create_code(project, name)


def test_sibling_name_clash_is_refused(project, doc):
    create_code(project, "A")
    create_code(project, "B")
    create_code(project, "X", parent="A")
    create_code(project, "X", parent="B")  # same name under another parent is fine
    before = snapshot()
    with pytest.raises(InvalidOperation, match="already exists"):
        create_code(project, "A")
    with pytest.raises(InvalidOperation, match="already exists"):
        create_code(project, "X", parent="A")
    with pytest.raises(InvalidOperation):
        rename_code(project, "B", "A")
    with pytest.raises(InvalidOperation):
        move_code(project, "B/X", "A")
    assert snapshot() == before


def test_rename_undo_redo(project, doc):
    create_code(project, "Backlash")
    before = snapshot()
    rename_code(project, "Backlash", "Push-back")
    assert paths() == ["Push-back"]
    assert_undo_redo(project, before)


def test_recolour_undo_redo(project, doc):
    create_code(project, "A", colour="#000000")
    before = snapshot()
    recolour_code(project, "A", "#ff0000")
    assert find_code("A").colour == "#ff0000"
    assert_undo_redo(project, before)


def test_edit_code_undo_redo(project, doc):
    create_code(project, "A")
    before = snapshot()
    edit_code(project, "A", definition="def", when_to_use="use", when_not_to_use="not", example="ex",
              description="desc")
    code = find_code("A")
    assert (code.definition, code.when_to_use, code.when_not_to_use, code.example, code.description) == (
        "def", "use", "not", "ex", "desc")
    assert_undo_redo(project, before)
    with pytest.raises(InvalidOperation, match="unknown"):
        edit_code(project, "A", colour="#fff")


def test_move_code_undo_redo(project, doc):
    ensure_code_path(project, "A/B")
    create_code(project, "C")
    before = snapshot()
    move_code(project, "A/B", "C")
    assert paths() == ["A", "C", "C/B"]
    assert_undo_redo(project, before)
    move_code(project, "C/B", None)
    assert paths() == ["A", "B", "C"]


def test_move_code_cycle_is_refused(project, doc):
    ensure_code_path(project, "A/B/C")
    before = snapshot()
    with pytest.raises(InvalidOperation, match="under itself"):
        move_code(project, "A", "A/B/C")
    with pytest.raises(InvalidOperation, match="under itself"):
        move_code(project, "A", "A")
    assert snapshot() == before


def test_merge_moves_dedups_reparents_and_undoes(project, doc):
    source = create_code(project, "Witch hunt", definition="Claims of a witch hunt")
    target = create_code(project, "Backlash", definition="Push-back")
    create_code(project, "Men", parent="Witch hunt")
    create_code(project, "Careers", parent="Witch hunt")
    create_code(project, "Careers", parent="Backlash")  # name clash after the merge
    same = code_span(project, doc, 0, 10, "Witch hunt")  # identical span on the target: dropped
    code_span(project, doc, 0, 10, "Backlash")
    other_coder = code_span(project, doc, 0, 10, "Witch hunt", coder="ben")  # another coder: kept
    moved = code_span(project, doc, 23, 34, "Witch hunt")
    with project.change("memo") as rec:
        memo = rec.insert(Memo, title="note", body="about witch hunts", code=source.id)
    before = snapshot()

    merge_codes(project, "Witch hunt", "Backlash")

    assert find_code("Witch hunt") is None
    assert Segment.get_or_none(Segment.id == same.id) is None
    assert Segment.get_by_id(other_coder.id).code_id == target.id
    assert Segment.get_by_id(moved.id).code_id == target.id
    assert Segment.select().where(Segment.code == target.id).count() == 3
    assert Memo.get_by_id(memo.id).code_id == target.id
    assert paths() == ["Backlash", "Backlash/Careers", "Backlash/Careers (from Witch hunt)", "Backlash/Men"]
    assert find_code("Backlash").definition == "Push-back\n\nClaims of a witch hunt"
    assert_undo_redo(project, before)


def test_merge_refusals(project, doc):
    ensure_code_path(project, "A/B")
    before = snapshot()
    with pytest.raises(InvalidOperation):
        merge_codes(project, "A", "A")
    with pytest.raises(InvalidOperation, match="sub-code"):
        merge_codes(project, "A", "A/B")
    assert snapshot() == before


def test_delete_refuses_when_in_use(project, doc):
    ensure_code_path(project, "A/B")
    create_code(project, "Used")
    code_span(project, doc, 0, 5, "Used")
    before = snapshot()
    with pytest.raises(CodeInUse, match="1 segment") as info:
        delete_code(project, "Used")
    assert info.value.segments == 1
    with pytest.raises(CodeInUse, match="1 sub-code"):
        delete_code(project, "A")
    assert snapshot() == before


def test_delete_unused_leaf_undo_redo(project, doc):
    create_code(project, "Lonely")
    before = snapshot()
    delete_code(project, "Lonely")
    assert find_code("Lonely") is None
    assert_undo_redo(project, before)


def test_delete_with_segments_and_children_undo_redo(project, doc):
    ensure_code_path(project, "A/B/C")
    code_span(project, doc, 0, 5, "A/B/C")
    code_span(project, doc, 6, 10, "A")
    with project.change("memo") as rec:
        rec.insert(Memo, title="n", body="b", code=find_code("A/B").id)
    before = snapshot()
    delete_code(project, "A", segments="delete")
    assert Code.select().count() == 0 and Segment.select().count() == 0 and Memo.select().count() == 0
    assert_undo_redo(project, before)


def test_delete_moving_segments_undo_redo(project, doc):
    ensure_code_path(project, "A/B")
    create_code(project, "Keep")
    code_span(project, doc, 0, 5, "A/B")
    code_span(project, doc, 6, 10, "A")
    code_span(project, doc, 6, 10, "Keep")  # the same span already on the target
    before = snapshot()
    delete_code(project, "A", segments="move", move_to="Keep")
    assert paths() == ["Keep"]
    assert sorted((s.start, s.end) for s in Segment.select()) == [(0, 5), (6, 10)]
    assert_undo_redo(project, before)


def test_delete_move_refusals(project, doc):
    ensure_code_path(project, "A/B")
    code_span(project, doc, 0, 5, "A/B")
    before = snapshot()
    with pytest.raises(InvalidOperation):
        delete_code(project, "A", segments="move")
    with pytest.raises(InvalidOperation, match="being deleted"):
        delete_code(project, "A", segments="move", move_to="A/B")
    with pytest.raises(InvalidOperation, match="unknown"):
        delete_code(project, "A", segments="shred")
    assert snapshot() == before


def test_descendants(project):
    ensure_code_path(project, "A/B/C")
    ensure_code_path(project, "A/D")
    assert sorted(c.name for c in descendants(find_code("A"))) == ["B", "C", "D"]
    assert descendants(find_code("A/B/C")) == []
