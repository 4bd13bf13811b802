"""The whole team flow through the command line: blind coding, merge, agreement,
review, every kind of decision, consensus export, verify and tampering."""
from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from app.team.agreement import AgreementInput, Unit, compute_agreement
from app.project import Project
from db.models import Coder, Decision, Segment


def _independent_input(path) -> AgreementInput:
    """The agreement input rebuilt from plain SQL (not through the adapter)."""
    con = sqlite3.connect(path)
    try:
        titles = dict(con.execute("select id, title from document"))
        lengths = {titles[i]: n for i, n in con.execute("select id, char_count from document")}
        codes = {}
        for cid, parent, name in con.execute("select id, parent_id, name from code"):
            codes[cid] = (parent, name)

        def path_of(cid):
            parent, name = codes[cid]
            return name if parent is None else f"{path_of(parent)}/{name}"

        rows = con.execute("select s.document_id, c.name, s.code_id, s.start, s.end from segment s "
                           "join coder c on c.id = s.coder_id where c.name != 'consensus'").fetchall()
    finally:
        con.close()
    units = [Unit(titles[d], coder, path_of(code), s, e) for d, coder, code, s, e in rows]
    by_doc = {t: sorted({u.coder for u in units if u.doc == t}) for t in lengths}
    return AgreementInput(lengths, by_doc, units)


def test_merge_twice_adds_nothing(team, cli):
    a, b = team
    code, out, _ = cli("merge", a, b, "--json", "--coder", "ana")
    assert code == 0
    first = json.loads(out)
    assert first["segments_added"] == {"ben": 34}
    assert first["coders_added"] == ["ben"] and first["clashes"] == [] and first["documents_added"] == []
    code, out, _ = cli("merge", a, b, "--json", "--coder", "ana")
    second = json.loads(out)
    assert second["segments_added"] == {} and second["coders_added"] == []
    assert second["segments_present"] == 34
    with Project.open(a) as project:
        assert Segment.select().count() == 30 + 34  # ana, ben (demo coding + designed spans)
        assert Coder.select().where(Coder.name == "ben").count() == 1


def test_agreement_json_equals_engine(merged, cli, tmp_path):
    a, _ = merged
    code, out, _ = cli("agreement", a, "--json")
    assert code == 0
    data = json.loads(out)
    expected = compute_agreement(_independent_input(a)).to_dict()
    assert data["pooled"]["krippendorff_alpha"] == pytest.approx(expected["pooled"]["krippendorff_alpha"])
    assert data["pooled"]["pairs"][0]["cohen_kappa"] == pytest.approx(expected["pooled"]["pairs"][0]["cohen_kappa"])
    assert [r["alpha_u"] for r in data["per_code"]] == pytest.approx([r["alpha_u"] for r in expected["per_code"]])
    assert data["segment_counts"] == expected["segment_counts"]
    assert data["coders"] == ["ana", "ben"]
    code, out, _ = cli("agreement", a, "--csv-table", tmp_path / "t.csv", "--csv-coincidences", tmp_path / "c.csv")
    assert code == 0
    assert "Cohen" in out and "Krippendorff" in out and "Per document" in out and "pooled" in out
    rows = list(csv.DictReader((tmp_path / "t.csv").open(encoding="utf-8-sig")))
    assert rows[-1]["code"] == "(all codes)"
    assert float(rows[-1]["krippendorff_alpha"]) == pytest.approx(expected["pooled"]["krippendorff_alpha"])
    kinds = {r["kind"] for r in csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8-sig"))}
    assert {"pair_2x2", "coverage", "alpha_coincidence", "alpha_u"} <= kinds


def test_agreement_filters(merged, cli):
    a, _ = merged
    code, out, _ = cli("agreement", a, "--json", "--codes", "Backlash", "--coders", "ana,ben")
    assert code == 0
    data = json.loads(out)
    assert data["codes"] == ["Backlash", "Backlash/Due-process concern", "Backlash/Witch-hunt claim"]
    code, _, err = cli("agreement", a, "--coders", "ana")
    assert code == 1 and "two coders" in err


def test_review_resolve_every_kind(merged, designed_doc, cli, tmp_path):
    a, _ = merged
    code, out, _ = cli("review", a, "--doc", designed_doc, "--json")
    assert code == 0
    items = json.loads(out)["items"]
    assert [(i["status"], i["unanimous"]) for i in items] == [
        ("agreed", True), ("agreed", True), ("agreed", False), ("code_disagreed", False),
        ("missing", False), ("missing", False)]
    assert items[4]["missing_coders"] == ["ben"]
    assert cli("accept-unanimous", a, "--doc", designed_doc, "--coder", "ana")[1].startswith("accepted 2")
    assert cli("resolve", a, "--coder", "ana", "--doc", designed_doc, "--item", 3, "--merge", "--rationale", "union")[0] == 0
    assert cli("resolve", a, "--coder", "ana", "--doc", designed_doc, "--item", 4, "--accept", "ben",
               "--rationale", "**witch-hunt** is explicit")[0] == 0
    assert cli("resolve", a, "--coder", "ana", "--doc", designed_doc, "--item", 5, "--new", 610, 690,
               "Survivor testimony/Disclosure")[0] == 0
    assert cli("resolve", a, "--coder", "ana", "--doc", designed_doc, "--item", 6, "--reject")[0] == 0
    code, _, err = cli("resolve", a, "--coder", "ana", "--doc", designed_doc, "--item", 6, "--reject")
    assert code == 1 and "already resolved" in err
    code, out, _ = cli("review", a, "--doc", designed_doc, "--json", "--open")
    assert json.loads(out)["items"] == []
    with Project.open(a) as project:
        consensus = Coder.get(Coder.name == "consensus")
        spans = sorted((s.start, s.end) for s in Segment.select().where(Segment.coder == consensus.id))
        assert spans == [(0, 50), (100, 150), (200, 305), (400, 500), (610, 690)]
        outcomes = sorted(d.outcome for d in Decision.select())
        assert outcomes == ["accepted", "merged", "new", "rejected", "unanimous", "unanimous"]
    out_csv = tmp_path / "consensus.csv"
    code, _, err = cli("export", a, "segments-csv", "--coder", "consensus", "-o", out_csv)
    assert code == 0, err
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8-sig")))
    assert len(rows) == 5 and {r.get("coder") for r in rows} == {"consensus"}
    code, out, _ = cli("verify", a)
    assert code == 0 and "intact" in out
    code, out, _ = cli("log", a, "--doc", designed_doc, "--json")
    labels = [e["label"] for e in json.loads(out)]
    assert any(label.startswith("Reject item 6") for label in labels)
    assert any(label.startswith("Accept 2 unanimous") for label in labels)


def test_verify_detects_tampering(merged, cli):
    a, _ = merged
    assert cli("verify", a)[0] == 0
    con = sqlite3.connect(a)
    con.execute("update segment set end = end + 1 where id = (select min(id) from segment)")
    con.commit()
    con.close()
    code, out, _ = cli("verify", a)
    assert code == 1 and "edited outside Chorus" in out


def test_verify_detects_forged_decision(merged, designed_doc, cli):
    a, _ = merged
    assert cli("resolve", a, "--coder", "ana", "--doc", designed_doc, "--item", 6, "--reject", "--rationale", "noise")[0] == 0
    con = sqlite3.connect(a)
    con.execute("update decision set rationale = 'forged', decided_by = 'mallory'")
    con.commit()
    con.close()
    code, out, _ = cli("verify", a, "--json")
    data = json.loads(out)
    assert code == 1 and not data["ok"] and any("decision" in p for p in data["problems"])


def test_blind_mode_only_lead_ends(team, cli):
    a, b = team
    code, _, err = cli("blind", b, "off", "--coder", "ben")
    assert code == 1 and "only the lead, ana" in err
    code, out, _ = cli("blind", b, "status", "--json")
    state = json.loads(out)
    assert state["blind"] is True and state["lead"] == "ana"
    assert [(e["action"], e["coder"]) for e in state["events"]] == [("on", "ana")]
    assert cli("blind", a, "off", "--coder", "ana")[0] == 0
    code, out, _ = cli("blind", a, "status", "--json")
    assert [(e["action"], e["coder"]) for e in json.loads(out)["events"]] == [("on", "ana"), ("off", "ana")]
