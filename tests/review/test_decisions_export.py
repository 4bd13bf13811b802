"""Decisions exported (item 7): a decisions table, the consensus segments with their decision,
rationales in the codebook document, and .qdpx Notes linked to the consensus selections."""
from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

NS = "urn:QDA-XML:project:1.0"
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "refi-qda" / "schema" / "Project.xsd"
RATIONALE = "Fits the definition: =SUM(A1) is *not* a formula here"


@pytest.fixture
def decided(merged, designed_doc, cli):
    a, _ = merged
    assert cli("accept-unanimous", a, "--doc", designed_doc, "--coder", "ana")[0] == 0
    assert cli("resolve", a, "--coder", "ana", "--doc", designed_doc, "--item", 4, "--accept", "ben",
               "--rationale", RATIONALE)[0] == 0
    assert cli("resolve", a, "--coder", "ana", "--doc", designed_doc, "--item", 6, "--reject",
               "--rationale", "noise")[0] == 0
    return a


def _read(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_decisions_csv_and_xlsx(decided, cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "decisions.csv"
    code, stdout, err = cli("export", decided, "decisions-csv", "-o", out)
    assert code == 0, err
    rows = _read(out)
    assert [r["outcome"] for r in rows] == ["unanimous", "unanimous", "accepted", "rejected"]
    accepted = rows[2]
    assert accepted["rationale"] == "'" + RATIONALE if RATIONALE[0] in "=+-@" else RATIONALE
    assert accepted["decided_by"] == "ana" and accepted["code_path"] == "Backlash/Witch-hunt claim"
    assert accepted["consensus_start"] == "400" and accepted["consensus_end"] == "500"
    assert accepted["source_count"] == "2" and "ana [400:500] Backlash/Due-process concern" in accepted["sources"]
    assert "ben [400:500] Backlash/Witch-hunt claim" in accepted["sources"]
    assert rows[3]["consensus_segment_id"] == "" and rows[3]["rationale"] == "noise"
    xlsx = tmp_path / "decisions.xlsx"
    assert cli("export", decided, "decisions-xlsx", "-o", xlsx)[0] == 0
    sheet = load_workbook(xlsx).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[0]
    assert header[:3] == ["decision_id", "document_id", "document_title"]
    assert values[3][header.index("rationale")] == RATIONALE
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_consensus_segments_carry_their_decision(decided, cli, tmp_path):
    out = tmp_path / "consensus.csv"
    assert cli("export", decided, "segments-csv", "--coder", "consensus", "-o", out)[0] == 0
    rows = _read(out)
    decisions = {r["decision_id"]: r for r in _read_decisions(decided, cli, tmp_path)}
    assert len(rows) == 3
    for row in rows:
        assert row["decision_id"] in decisions
        assert decisions[row["decision_id"]]["consensus_segment_id"] == row["segment_id"]
    assert {r["decision_outcome"] for r in rows} == {"unanimous", "accepted"}
    assert any(r["decision_rationale"].endswith("is *not* a formula here") for r in rows)


def _read_decisions(project, cli, tmp_path):
    out = tmp_path / "d.csv"
    assert cli("export", project, "decisions-csv", "-o", out)[0] == 0
    return _read(out)


def test_rationales_in_the_codebook_document(decided, cli, tmp_path):
    out = tmp_path / "codebook.md"
    assert cli("export", decided, "codebook-md", "-o", out)[0] == 0
    text = out.read_text(encoding="utf-8")
    section = text[text.index("Witch-hunt claim"):]
    section = section[:section.index("\n## ") if "\n## " in section else len(section)]
    assert "**Decision (accepted, ana," in section and RATIONALE in section
    assert "noise" not in section  # the rejected item was about another code
    html = tmp_path / "codebook.html"
    assert cli("export", decided, "codebook-html", "-o", html)[0] == 0
    assert "Decision (accepted, ana," in html.read_text(encoding="utf-8")


def test_qdpx_notes_linked_to_consensus_selections(decided, cli, tmp_path):
    out = tmp_path / "p.qdpx"
    assert cli("export", decided, "qdpx", "-o", out)[0] == 0
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
    root = ElementTree.fromstring(qde)
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{{{NS}}}User")}
    notes = {n.get("guid"): n for n in root.iter(f"{{{NS}}}Note")}
    linked = 0
    for sel in root.iter(f"{{{NS}}}PlainTextSelection"):
        refs = [r.get("targetGUID") for r in sel.findall(f"{{{NS}}}NoteRef")]
        if users[sel.get("creatingUser")] == "consensus":
            assert len(refs) == 1
            body = notes[refs[0]].find(f"{{{NS}}}PlainTextContent").text
            assert "Decision " in body and "Source: ana [" in body
            linked += 1
        else:
            assert not refs
    assert linked == 3
    if SCHEMA.is_file():
        xmlschema = pytest.importorskip("xmlschema")
        xmlschema.XMLSchema(str(SCHEMA)).validate(qde.decode("utf-8"))
