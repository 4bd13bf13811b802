"""Grapheme clusters (item 6): spans that split a flag or a letter from its accent are kept
but warned about by ``chorus code`` and REFI-QDA import; agreement says units are code points."""
from __future__ import annotations

import random

import regex

from app.cli import main
from app.coding.graphemes import is_boundary, splits_grapheme

TEXT = "Flag 🇩🇪 here.\r\nCafe\u0301 and 👩🏽‍💻 coder.\nשָׁלוֹם end."


def test_boundaries_match_regex_clusters_on_random_text():
    pool = list("ab ,.\n") + ["\u0301", "\u05e9", "\u05bc", "🇩", "🇪", "👩", "🏽", "\u200d", "💻", "\u1100",
                              "\u1161", "\u11a8", "\u0915", "\u094d", "\u093f"]
    for seed in range(200):
        rng = random.Random(seed)
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 150)))
        bounds = {m.start() for m in regex.finditer(r"\X", text)} | {len(text)}
        assert [i for i in range(len(text) + 1) if is_boundary(text, i)] == sorted(bounds)


def test_splits_grapheme_examples():
    text = "a🇩🇪b e\u0301x"
    assert splits_grapheme(text, 0, 2)  # between the two regional indicators
    assert not splits_grapheme(text, 1, 3)  # the whole flag
    assert splits_grapheme(text, 5, 6)  # e without its accent
    assert not splits_grapheme(text, 5, 7)


def _project(tmp_path):
    from app.articles.importing import add_document
    from app.project import Project

    path = tmp_path / "g.chorus"
    with Project.create(path, coder_name="ana") as project:
        doc = add_document(project, TEXT, "Doc")
        text = doc.text
    return path, text


def test_code_warns_when_a_span_splits_a_cluster(tmp_path, capsys):
    path, text = _project(tmp_path)
    flag = text.index("🇩")
    assert main(["code", str(path), "--doc", "Doc", "--start", str(flag), "--end", str(flag + 1),
                 "--code", "X", "--coder", "ana"]) == 0
    err = capsys.readouterr().err
    assert f"chorus: warning: [{flag}:{flag + 1}] splits a grapheme cluster" in err
    assert "positions are code points" in err
    e = text.index("Cafe") + 3
    assert main(["code", str(path), "--doc", "Doc", "--start", str(e - 3), "--end", str(e + 2),
                 "--code", "X", "--coder", "ana"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert main(["code", str(path), "--doc", "Doc", "--start", str(e - 3), "--end", str(e + 1),
                 "--code", "Y", "--coder", "ana"]) == 0
    assert "splits a grapheme cluster" in capsys.readouterr().err


def test_refi_import_warns_and_keeps_the_selection(tmp_path, capsys):
    from app.exchange import refi
    from app.project import Project
    from db.models import Segment

    path, text = _project(tmp_path)
    person = text.index("👩")
    assert main(["code", str(path), "--doc", "Doc", "--start", str(person), "--end", str(person + 1),
                 "--code", "X", "--coder", "ana"]) == 0
    out = tmp_path / "g.qdpx"
    assert main(["export", str(path), "qdpx", "-o", str(out)]) == 0
    with Project.create(tmp_path / "other.chorus", coder_name="ben") as other:
        report = refi.import_exchange_file(other, out)
        assert any("split a grapheme cluster" in w and f"[{person}:{person + 1}]" in w for w in report.warnings)
        assert [(s.start, s.end) for s in Segment.select()] == [(person, person + 1)]


def test_agreement_states_code_point_units(tmp_path, capsys):
    path, text = _project(tmp_path)
    for coder in ("ana", "ben"):
        main(["code", str(path), "--doc", "Doc", "--start", "0", "--end", "4", "--code", "X", "--coder", coder])
    capsys.readouterr()
    assert main(["agreement", str(path)]) == 0
    out = capsys.readouterr().out
    assert "one Unicode code point of the stored text (whitespace and line ends included" in out
