"""Item 3: changes made elsewhere are detected; undo never reverts another program's change."""
from __future__ import annotations

import pytest

from app import audit
from app.coding.codebook import create_code
from app.coding.segments import code_span, set_bounds
from app.errors import ChangedElsewhere
from app.project import Project
from db.models import Code, Segment
from tests.safety.conftest import start_python


def test_outside_changes_between_two_projects_on_one_file(seeded):
    window = Project.open(seeded, coder_name="ana")
    other = Project.open(seeded, coder_name="ben")
    try:
        heard = []
        window.add_listener(heard.append)
        window.activate()
        assert window.outside_changes() is None  # nothing yet: one cheap read
        create_code(window, "Mine")  # our own change is not "outside"
        assert window.outside_changes() is None
        other.activate()
        create_code(other, "From the other program")
        window.activate()
        changes = window.outside_changes()
        assert changes is not None and changes.outside
        assert changes.tables == {"code"}
        assert [c.after["name"] for c in changes.changes] == ["From the other program"]
        assert heard[-1] is changes
        assert window.outside_changes() is None  # seen once
    finally:
        other.close()
        window.close()


def test_outside_changes_from_another_process(seeded):
    with Project.open(seeded, coder_name="ana") as window:
        proc = start_python(
            "import sys\nfrom app.project import Project\nfrom app.coding.segments import code_span\n"
            "with Project.open(sys.argv[1], coder_name='cli') as p:\n"
            "    code_span(p, 'Doc B', 0, 7, 'From CLI', create_missing=True)\n", seeded)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        window.activate()
        changes = window.outside_changes()
        assert changes is not None
        assert changes.tables == {"code", "segment", "coder"}
        assert window.outside_changes() is None


def test_undo_refuses_rows_changed_elsewhere(seeded):
    window = Project.open(seeded, coder_name="ana")
    other = Project.open(seeded, coder_name="ben")
    try:
        window.activate()
        segment = code_span(window, "Doc A", 5, 9, "Theme/Sub")
        coding = window.last_change
        other.activate()
        set_bounds(other, segment.id, 5, 12)  # someone else widens it
        window.activate()
        with pytest.raises(ChangedElsewhere) as caught:
            window.undo(coding)
        assert "changed elsewhere" in str(caught.value) and "\n" not in str(caught.value)
        assert Segment.get_by_id(segment.id).end == 12  # their change stands
        # a change nobody else touched still undoes
        code = create_code(window, "Undo me")
        window.undo(window.last_change)
        assert not Code.select().where(Code.id == code.id).exists()
        assert audit.verify().ok
    finally:
        other.close()
        window.close()


def test_redo_refuses_when_its_row_id_was_taken_meanwhile(seeded):
    with Project.open(seeded, coder_name="ana") as project:
        create_code(project, "Twice")
        made = project.last_change
        project.undo(made)
        create_code(project, "Twice")  # takes the same row id
        with pytest.raises(ChangedElsewhere):
            project.redo(made)
        assert Code.select().where(Code.name == "Twice").count() == 1
        assert audit.verify().ok
