"""Who may decide (item 8) and blind mode respected by every command in one file (item 9)."""
from __future__ import annotations

import json
import zipfile
from xml.etree import ElementTree

from pathlib import Path

DESIGNED_FILE = "06-hr-rewrites-the-rulebook.txt"  # as in conftest.py


def doc_ids(path: Path) -> dict[str, tuple[int, str]]:
    from app.project import Project
    from db.models import Document

    with Project.open(path) as project:
        return {Path(d.import_path).name: (d.id, d.text) for d in Document.select()}

NS = {"q": "urn:QDA-XML:project:1.0"}


def test_adjudication_is_the_leads(merged, designed_doc, cli):
    a, _ = merged
    code, _, err = cli("resolve", a, "--coder", "ben", "--doc", designed_doc, "--item", 6, "--reject")
    assert code == 1 and err.strip() == "chorus: error: only the lead, ana, can adjudicate (ben tried)"
    code, _, err = cli("accept-unanimous", a, "--doc", designed_doc, "--coder", "ben")
    assert code == 1 and "only the lead, ana, can adjudicate" in err
    assert cli("accept-unanimous", a, "--doc", designed_doc, "--coder", "ana")[1].startswith("accepted 2")
    # handing the role on: only the lead may
    code, _, err = cli("lead", a, "cat", "--coder", "ben")
    assert code == 1 and "only the lead, ana, can name another lead (ben tried)" in err
    assert cli("lead", a, "ben", "--coder", "ana")[1].strip() == "lead: ben"
    assert cli("resolve", a, "--coder", "ben", "--doc", designed_doc, "--item", 6, "--reject")[0] == 0
    code, _, err = cli("resolve", a, "--coder", "ana", "--doc", designed_doc, "--item", 5, "--reject")
    assert code == 1 and "only the lead, ben, can adjudicate (ana tried)" in err


def test_no_lead_named_refuses_with_one_line(project):
    import pytest

    from app.articles.importing import add_document
    from app.coding.segments import code_span
    from app.errors import InvalidOperation
    from app.team.review import adjudicate
    from app.team.review.items import get_item
    from db.models import Decision

    doc = add_document(project, "some text to code here", "D")
    code_span(project, doc, 0, 4, "X", coder="ana", create_missing=True)
    code_span(project, doc, 0, 4, "X", coder="ben")
    with pytest.raises(InvalidOperation, match="no lead is named yet"):
        adjudicate.accept_unanimous(project)
    assert Decision.select().count() == 0
    with pytest.raises(InvalidOperation, match="no lead is named yet"):
        adjudicate.reject(project, get_item(doc, 1))


def test_review_and_decisions_refused_while_blind(team, cli):
    a, b = team  # blind mode is on (lead ana)
    assert cli("merge", a, b, "--coder", "ana")[0] == 0
    doc = doc_ids(a)[DESIGNED_FILE][0]
    code, _, err = cli("review", a, "--doc", doc)
    assert code == 1 and err.strip() == ("chorus: error: blind mode is on: review is refused until the lead (ana) "
                                         "ends it (chorus blind PROJECT off)")
    code, _, err = cli("resolve", a, "--coder", "ana", "--doc", doc, "--item", 1, "--reject")
    assert code == 1 and "blind mode is on: review is refused" in err
    code, _, err = cli("accept-unanimous", a, "--coder", "ana")
    assert code == 1 and "blind mode is on" in err
    code, _, err = cli("agreement", a)
    assert code == 1 and "blind mode is on: agreement is refused" in err
    code, _, err = cli("export", a, "decisions-csv", "-o", a.parent / "d.csv", "--as", "ana")
    assert code == 1 and "blind mode is on" in err


def _selections(qdpx, users: dict[str, str] | None = None):
    with zipfile.ZipFile(qdpx) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
    names = {u.get("guid"): u.get("name") for u in root.iter(f"{{{NS['q']}}}User")}
    sels = [names[s.get("creatingUser")] for s in root.iter(f"{{{NS['q']}}}PlainTextSelection")]
    notes = [(n.get("name"), names.get(n.get("creatingUser"))) for n in root.iter(f"{{{NS['q']}}}Note")]
    return sels, notes


def test_blind_mode_in_one_shared_file(team, cli, tmp_path):
    """After a merge in blind mode, no --coder or --as option shows ben's work to ana."""
    from app.coding.codebook import find_code
    from app.project import Project
    from app.team import blind
    from db.models import Memo

    a, b = team
    assert cli("merge", a, b, "--coder", "ana")[0] == 0
    with Project.open(a, coder_name="ben") as project:
        ben = project.coder("ben")
        ana = project.coder("ana")
        with project.change("memos") as rec:
            rec.insert(Memo, title="ben's memo", body="private", coder=ben.id, code=find_code("Backlash").id)
            rec.insert(Memo, title="ana's memo", body="mine", coder=ana.id)
        assert blind.is_blind(project)
    # export qdpx --as ben: only ben's selections and memos
    out = tmp_path / "ben.qdpx"
    assert cli("export", a, "qdpx", "-o", out, "--as", "ben")[0] == 0
    sels, notes = _selections(out)
    assert sels and set(sels) == {"ben"}
    assert ("ben's memo", "ben") in notes and not any(name == "ana's memo" for name, _ in notes)
    out_ana = tmp_path / "ana.qdpx"
    assert cli("export", a, "qdpx", "-o", out_ana, "--as", "ana")[0] == 0
    assert set(_selections(out_ana)[0]) == {"ana"}
    # segments --coder: a filter, never an identity
    code, _, err = cli("segments", a, "--coder", "ben", "--as", "ana")
    assert code == 1 and "blind mode is on: you (ana) see only your own work, not ben's" in err
    code, _, err = cli("segments", a, "--coder", "ana")  # the login name is not ana
    assert code == 1 and "see only your own work, not ana's" in err
    code, out_text, _ = cli("segments", a, "--json", "--coder", "ana", "--as", "ana")
    assert code == 0 and {s["coder"] for s in json.loads(out_text)} == {"ana"}
    # export --coder ben (as ana) is refused, not "ana is ben"
    code, _, err = cli("export", a, "segments-csv", "--coder", "ben", "--as", "ana", "-o", tmp_path / "s.csv")
    assert code == 1 and "blind mode is on" in err
    # log --code: only your own coding
    code, out_text, _ = cli("log", a, "--code", "Backlash/Witch-hunt claim", "--json", "--as", "ana")
    entries = json.loads(out_text)
    assert entries and all(e["coder"] == "ana" or e["label"].startswith("Merge") for e in entries)
    tables = {(c["table"]) for e in entries for c in e["changes"]}
    assert "segment" in tables
    code, out_ben, _ = cli("log", a, "--code", "Backlash/Witch-hunt claim", "--json", "--as", "ben")
    ana_rows = {c["uuid"] for e in entries for c in e["changes"] if c["table"] == "segment"}
    ben_rows = {c["uuid"] for e in json.loads(out_ben) for c in e["changes"] if c["table"] == "segment"}
    assert ana_rows and ben_rows and ana_rows.isdisjoint(ben_rows)
    # after blind mode: everything is visible again
    assert cli("blind", a, "off", "--coder", "ana")[0] == 0
    code, out_text, _ = cli("log", a, "--code", "Backlash/Witch-hunt claim", "--json")
    all_rows = {c["uuid"] for e in json.loads(out_text) for c in e["changes"]}
    assert ana_rows | ben_rows <= all_rows
    code, out_text, _ = cli("segments", a, "--json", "--coder", "ben")
    assert code == 0 and {s["coder"] for s in json.loads(out_text)} == {"ben"}
