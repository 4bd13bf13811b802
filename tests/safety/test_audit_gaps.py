"""Item 7 of the issue: the audit trail's blind spots (settings, truncation, re-hashing)."""
from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from app import audit
from app.coding.codebook import create_code
from app.project import Project
from app.team import blind
from tests.safety.conftest import no_traceback, run_cli


def _raw(path, *statements):
    """Edit the file behind Chorus's back (the project is closed)."""
    con = sqlite3.connect(str(path))
    try:
        for sql, *params in statements:
            con.execute(sql, *params)
        con.commit()
    finally:
        con.close()


def test_settings_changes_are_logged_and_undoable(seeded):
    with Project.open(seeded, coder_name="lead") as project:
        project.set_setting("project_name", "Study A")
        changed = project.last_change
        assert changed.tables == {"project_setting"}
        assert audit.verify().ok
        project.undo(changed)
        assert project.setting("project_name") is None
        assert audit.verify().ok
    log = run_cli("log", seeded)
    assert "Set project_name" in log.stdout


def test_raw_edit_of_a_setting_is_detected(seeded):
    with Project.open(seeded, coder_name="lead") as project:
        blind.start_blind(project, "lead")
        assert audit.verify().ok
    _raw(seeded, ("UPDATE project_setting SET value = 'off' WHERE key = 'blind_mode'",))
    result = run_cli("verify", seeded)
    assert result.returncode == 1
    assert "setting 'blind_mode' differs from its last logged value" in result.stdout
    _raw(seeded, ("DELETE FROM project_setting WHERE key = 'blind_mode'",))
    assert "setting 'blind_mode' was removed outside Chorus" in run_cli("verify", seeded).stdout
    _raw(seeded, ("DELETE FROM project_setting",), ("INSERT INTO project_setting VALUES ('x', 'y')",))
    assert "setting 'x' is not in the audit log" in run_cli("verify", seeded).stdout


def _head(path) -> str:
    result = run_cli("verify", path)
    assert result.returncode == 0, result.stdout
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("head: ")
    return line.split()[-1]


def test_anchor_detects_a_truncated_log(seeded):
    with Project.open(seeded) as project:
        create_code(project, "Kept")
    anchor = _head(seeded)
    with Project.open(seeded) as project:
        create_code(project, "Deleted later")
        count, last = audit.head()
    # delete the last change together with its audit rows: the chain stays self-consistent
    _raw(seeded, ("DELETE FROM code WHERE name = 'Deleted later'",),
         ("DELETE FROM audit_entry WHERE label = 'Create code Deleted later' OR label LIKE '%Deleted later%'",))
    assert run_cli("verify", seeded).returncode == 0  # what verify alone cannot see
    assert run_cli("verify", seeded, "--anchor", anchor).returncode == 0  # the older anchor is still there
    result = run_cli("verify", seeded, "--anchor", last)
    no_traceback(result)
    assert result.returncode == 1
    assert "is not in the audit chain" in result.stdout
    assert run_cli("verify", seeded, "--anchor", last[:16]).returncode == 1


def _rehash_everything(path) -> None:
    """What a careful forger does: edit a row, its log entry, and re-hash the whole chain."""
    con = sqlite3.connect(str(path))
    try:
        rows = con.execute("SELECT id, changeset, label, coder_name, at, table_name, row_uuid, action, "
                           "document_uuid, code_uuid, before, after FROM audit_entry ORDER BY id").fetchall()
        prev = audit.GENESIS
        for entry_id, *fields in rows:
            fields[10] = fields[10].replace("Theme", "Forged") if fields[10] else fields[10]
            entry_hash = hashlib.sha256((prev + json.dumps(tuple(fields), ensure_ascii=False,
                                                           separators=(",", ":"))).encode()).hexdigest()
            con.execute("UPDATE audit_entry SET after = ?, prev_hash = ?, entry_hash = ? WHERE id = ?",
                        (fields[10], prev, entry_hash, entry_id))
            prev = entry_hash
        con.execute("UPDATE code SET name = 'Forged' WHERE name = 'Theme'")
        con.commit()
    finally:
        con.close()


def test_anchor_detects_a_rehashed_chain(seeded):
    anchor = _head(seeded)
    _rehash_everything(seeded)
    assert run_cli("verify", seeded).returncode == 0  # self-consistent again
    result = run_cli("verify", seeded, "--anchor", anchor)
    assert result.returncode == 1 and "is not in the audit chain" in result.stdout


def test_exports_record_the_head_they_were_made_from(seeded, tmp_path):
    from openpyxl import load_workbook

    from app.exchange import exports

    with Project.open(seeded) as project:
        count, last = audit.head()
        for fmt in ("segments-csv", "segments-xlsx", "codebook-md", "qdpx"):
            out = tmp_path / f"out-{fmt}{exports.suffix_for(fmt)}"
            exports.export(project, fmt, out)
            side = json.loads((out.parent / (out.name + ".chorus-head.json")).read_text())
            assert side["audit_head"] == last and side["audit_entries"] == count
        csv_text = (tmp_path / "out-segments-csv.csv").read_text(encoding="utf-8-sig")
        assert last not in csv_text and not csv_text.startswith("#")  # the CSV itself stays clean for R
        props = load_workbook(tmp_path / "out-segments-xlsx.xlsx").properties
        assert props.identifier == f"chorus-audit-head:{count}:{last}"
    assert run_cli("verify", seeded, "--anchor", last).returncode == 0


def test_merge_records_the_source_head(seeded, tmp_path):
    from app.articles.importing import add_document
    from app.team.merge import merge_project

    other = tmp_path / "other.chorus"
    with Project.create(other, coder_name="ben") as teammate:
        add_document(teammate, "Their text.", "Doc T")
        their_head = audit.head()
    with Project.open(seeded) as project:
        report = merge_project(project, other)
        assert report.source_head == their_head
        assert their_head[1][:16] in project.last_change.label


def test_verify_json_has_head_and_anchor(seeded):
    result = run_cli("verify", seeded, "--json")
    data = json.loads(result.stdout)
    assert data["ok"] and len(data["head"]) == 64 and data["anchor_found"] is None
    data = json.loads(run_cli("verify", seeded, "--json", "--anchor", data["head"]).stdout)
    assert data["ok"] and data["anchor_found"] is True


def test_upgrade_records_existing_settings_once(seeded):
    """A file from before settings were logged: its settings are recorded on upgrade."""
    _raw(seeded, ("DELETE FROM schema_version WHERE version >= 4",),
         ("INSERT INTO project_setting VALUES ('blind_mode', 'on')",))
    with Project.open(seeded) as project:  # migrates, then records the settings it found
        assert audit.settings_audited()
        assert project.last_change.label == "Record project settings in the audit log"
        assert audit.verify().ok
    with Project.open(seeded) as project:
        assert project.last_change is None  # only once
    _raw(seeded, ("UPDATE project_setting SET value = 'off'",))
    with Project.open(seeded):
        assert any("blind_mode" in p for p in audit.verify().problems)
