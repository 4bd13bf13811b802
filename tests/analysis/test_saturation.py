"""Saturation (Guest, Namey & Chen 2020) against a hand-worked example of the method.

Ten documents, their codes, worked out by hand (base 4, run 2, threshold 5%):

    doc  codes        new        cumulative
    1    A B C D E    A B C D E  5
    2    A F G        F G        7
    3    B H          H          8
    4    C I J        I J        10
    5    A K          K          11
    6    B L          L          12
    7    C M          M          13
    8    A            -          13
    9    B C          -          13
    10   N            N          14

    base 4 (10 codes), run 5-6 brings K L: 2/10 = 20%  > 5%
    base 5 (11 codes), run 6-7 brings L M: 2/11 = 18%  > 5%
    base 6 (12 codes), run 7-8 brings M:   1/12 = 8.3% > 5%
    base 7 (13 codes), run 8-9 brings none: 0/13 = 0%  <= 5%  -> saturation "7+2", point 7

With a 10% threshold it is reached one step earlier: 1/12 = 8.3% <= 10% -> "6+2".
With run 3: 3/10, 2/11, 1/12, then base 7, run 8-10 brings N: 1/13 = 7.7% > 5%; base 8
would need documents 9-11: "not reached".
"""
from __future__ import annotations

import json

import pytest

from app.analysis.saturation import assess, saturation
from app.articles.importing import add_document
from db.models import Code, Segment, new_uuid

SETS = [set("ABCDE"), set("AFG"), set("BH"), set("CIJ"), set("AK"), set("BL"), set("CM"), set("A"), set("BC"),
        set("N")]


def test_hand_worked_example_default_parameters():
    result = assess(SETS, 4, 2, 0.05)
    assert result.reached and result.point == 7 and result.label == "7+2"
    assert [(s.base, s.base_codes, s.new_in_run) for s in result.steps] == [(4, 10, 2), (5, 11, 2), (6, 12, 1),
                                                                            (7, 13, 0)]
    assert [round(s.ratio, 4) for s in result.steps] == [0.2, round(2 / 11, 4), round(1 / 12, 4), 0.0]


def test_hand_worked_example_other_parameters():
    assert assess(SETS, 4, 2, 0.10).label == "6+2"
    three = assess(SETS, 4, 3, 0.05)
    assert not three.reached and three.label == "not reached"
    assert [s.new_in_run for s in three.steps] == [3, 2, 1, 1]
    assert assess(SETS, 6, 2, 0.0).label == "7+2"
    assert assess(SETS[:5], 4, 2, 0.05).label == "not reached"  # too few documents for one run


def test_bad_parameters():
    from app.errors import InvalidOperation

    with pytest.raises(InvalidOperation):
        assess(SETS, 0, 2, 0.05)
    with pytest.raises(InvalidOperation):
        assess(SETS, 4, 2, 5)


def _build(project):
    project.activate()
    with project.change("codes") as rec:
        parent = rec.insert(Code, name="Theme")
        codes = {c: rec.insert(Code, name=c, parent=parent.id if c in "FGHIJ" else None) for c in "ABCDEFGHIJKLMN"}
    docs = [add_document(project, f"document number {i} " * 5, f"Doc {i}", published=f"2020-01-{20 - i:02d}")
            for i in range(1, 11)]
    ana, ben = project.coder("ana"), project.coder("ben")
    rows = []
    for doc, codes_here in zip(docs, SETS):
        for k, c in enumerate(sorted(codes_here)):
            rows.append({"uuid": new_uuid(), "document": doc.id, "code": codes[c].id,
                         "coder": (ana if k % 2 == 0 else ben).id, "start": k, "end": k + 3, "memo": ""})
    with project.change("coding") as rec:
        rec.bulk_insert(Segment, rows)
    return docs


def test_project_saturation_rows_and_orders(project):
    docs = _build(project)
    (result,) = saturation(project)
    assert result.result.label == "7+2" and result.coder is None
    assert [r.new_count for r in result.rows] == [5, 2, 1, 2, 1, 1, 1, 0, 0, 1]
    assert [r.cumulative for r in result.rows] == [5, 7, 8, 10, 11, 12, 13, 13, 13, 14]
    assert [r.new_subcodes for r in result.rows] == [0, 2, 1, 2, 0, 0, 0, 0, 0, 0]
    assert result.rows[1].new_codes == ("Theme/F", "Theme/G")
    assert any(s.base == 4 and s.run == 2 and s.threshold == 0.05 and s.label == "7+2" for s in result.sensitivity)
    assert len(result.sensitivity) == 4 * 2 * 2
    (by_date,) = saturation(project, order="date")  # published dates run backwards
    assert [r.document_id for r in by_date.rows] == [d.id for d in reversed(docs)]
    assert by_date.rows[0].new_codes == ("N",)
    (chosen,) = saturation(project, order=[d.id for d in docs[::-1]])
    assert [r.document_id for r in chosen.rows] == [d.id for d in docs[::-1]]
    per = saturation(project, per_coder=True)
    assert [s.coder for s in per] == ["ana", "ben"]
    assert sum(r.new_count for r in per[0].rows) < 14


def test_saturation_cli_json(project, capsys):
    from app.cli import main

    _build(project)
    path = str(project.path)
    project.close()
    assert main(["report", path, "saturation", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["label"] == "7+2" and data["point"] == 7
    assert [r["new_count"] for r in data["rows"]] == [5, 2, 1, 2, 1, 1, 1, 0, 0, 1]
    assert {"position", "document_id", "new_codes", "new_count", "cumulative"} <= set(data["rows"][0])
    assert main(["report", path, "saturation", "--threshold", "0.1"]) == 0
    assert "saturation 6+2" in capsys.readouterr().out
    assert main(["report", path, "saturation", "--order", "x,y"]) == 1
