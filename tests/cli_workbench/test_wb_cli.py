"""The command line can do what the window does: uncode, undo (your last change, refused
when rows moved on), code-rename, code-rm, doc-set, doc-rm; --doc suggests close titles;
the shared coder preference; --help descriptions."""
from __future__ import annotations

import pytest

from app.cli import build_parser, main
from app.coding import preferences

ARTICLE = "Tarana Burke founded me too in 2006 💔. The hashtag spread in 2017.\n"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def proj(tmp_path, capsys):
    path = tmp_path / "p.chorus"
    assert run(capsys, "new", path)[0] == 0
    art = tmp_path / "The Reckoning of 2017.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    assert run(capsys, "import", path, art)[0] == 0
    assert run(capsys, "doc-set", path, "--doc", "1", "--title", "The Reckoning of 2017")[0] == 0
    return path


def segs(path):
    from app.coding import queries
    from app.project import Project

    with Project.open(path) as project:
        project.activate()
        return [(r.start, r.end, r.code_path, r.coder) for r in queries.segment_rows()]


def test_uncode_by_span_and_by_id(capsys, proj):
    run(capsys, "code", proj, "--doc", "1", "--start", 0, "--end", 12, "--code", "Origins", "--as", "ana")
    run(capsys, "code", proj, "--doc", "1", "--start", 14, "--end", 20, "--code", "Origins", "--as", "ana")
    code, out, _ = run(capsys, "uncode", proj, "--doc", "1", "--start", 0, "--end", 12, "--as", "ana")
    assert code == 0 and "uncoded" in out and "Origins [0:12]" in out
    assert segs(proj) == [(14, 20, "Origins", "ana")]
    code, _, err = run(capsys, "uncode", proj, "--doc", "1", "--start", 14, "--end", 20, "--as", "ben")
    assert code == 1 and "no segment of ben" in err  # only your own by span
    code, out, _ = run(capsys, "segments", proj)
    seg_id = out.split("]")[0].lstrip("[")
    assert run(capsys, "uncode", proj, "--segment", seg_id)[0] == 0
    assert segs(proj) == []


def test_undo_the_last_change_of_this_coder_and_again(capsys, proj):
    run(capsys, "code", proj, "--doc", "1", "--start", 0, "--end", 5, "--code", "A", "--as", "ana")
    run(capsys, "code", proj, "--doc", "1", "--start", 6, "--end", 9, "--code", "B", "--as", "ben")
    run(capsys, "code", proj, "--doc", "1", "--start", 10, "--end", 14, "--code", "A", "--as", "ana")
    code, out, _ = run(capsys, "undo", proj, "--as", "ana")
    assert code == 0 and out.startswith("undone: Code 'A'")
    assert segs(proj) == [(0, 5, "A", "ana"), (6, 9, "B", "ben")]
    assert run(capsys, "undo", proj, "--as", "ana")[0] == 0  # the one before (not the undo itself)
    assert segs(proj) == [(6, 9, "B", "ben")]
    code, out, _ = run(capsys, "log", proj)
    assert "Undo Code 'A'" in out


def test_undo_never_strands_a_teammates_segments(capsys, proj):
    run(capsys, "code", proj, "--doc", "1", "--start", 0, "--end", 5, "--code", "A", "--as", "ana")
    run(capsys, "code", proj, "--doc", "1", "--start", 6, "--end", 9, "--code", "A", "--as", "ben")
    code, _, err = run(capsys, "undo", proj, "--as", "ana")  # would delete code A, which ben now uses
    assert code == 1 and "code 'A' has 1 segment added since" in err
    assert len(segs(proj)) == 2


def test_undo_is_refused_when_the_rows_changed_since(capsys, proj):
    run(capsys, "code", proj, "--doc", "1", "--start", 0, "--end", 5, "--code", "A", "--as", "ana")
    code, out, _ = run(capsys, "segments", proj)
    seg_id = out.split("]")[0].lstrip("[")
    run(capsys, "uncode", proj, "--segment", seg_id, "--as", "ben")  # ben removed ana's segment
    before = segs(proj)
    code, _, err = run(capsys, "undo", proj, "--as", "ana")
    assert code == 1 and "changed elsewhere" in err and "Traceback" not in err
    assert segs(proj) == before


def test_code_rename_and_code_rm(capsys, proj):
    run(capsys, "code", proj, "--doc", "1", "--start", 0, "--end", 5, "--code", "Frames/Old name")
    code, out, _ = run(capsys, "code-rename", proj, "--code", "Frames/Old name", "--name", "Survivor testimony")
    assert code == 0 and "Frames/Survivor testimony" in out
    code, _, err = run(capsys, "code-rm", proj, "--code", "Frames")
    assert code == 1 and "1 segment and 1 sub-code" in err and "--move-to" in err
    run(capsys, "code", proj, "--doc", "1", "--start", 0, "--end", 5, "--code", "Keep")
    code, out, _ = run(capsys, "code-rm", proj, "--code", "Frames", "--move-to", "Keep")
    assert code == 0 and "moved to Keep" in out
    assert [s[2] for s in segs(proj)] == ["Keep"]
    code, _, err = run(capsys, "code-rm", proj, "--code", "Keep", "--delete-segments")
    assert code == 1 and "--yes" in err  # not a terminal: never deletes without --yes
    assert run(capsys, "code-rm", proj, "--code", "Keep", "--delete-segments", "--yes")[0] == 0
    assert segs(proj) == []
    assert run(capsys, "undo", proj)[0] == 0
    assert [s[2] for s in segs(proj)] == ["Keep"]


def test_doc_set_and_doc_rm_are_undoable(capsys, proj):
    code, out, _ = run(capsys, "doc-set", proj, "--doc", "The Reckoning of 2017", "--title", "The Reckoning",
                       "--outlet", "The Ledger", "--author", "J. Kantor", "--date", "2017-10-05")
    assert code == 0 and "title: The Reckoning of 2017 -> The Reckoning" in out
    code, out, _ = run(capsys, "docs", proj)
    assert "The Reckoning" in out and "The Ledger" in out and "2017-10-05" in out
    run(capsys, "code", proj, "--doc", "1", "--start", 0, "--end", 5, "--code", "A")
    code, _, err = run(capsys, "doc-rm", proj, "--doc", "1")
    assert code == 1 and "1 coded segment" in err and "--yes" in err
    code, out, _ = run(capsys, "doc-rm", proj, "--doc", "1", "--yes")
    assert code == 0 and "and its 1 coded segment" in out
    assert segs(proj) == []
    code, _, err = run(capsys, "undo", proj)  # the log has no text to bring back: refused cleanly
    assert code == 1 and "keeps a deleted document's text hash" in err and "Traceback" not in err
    code, out, _ = run(capsys, "docs", proj)
    assert "The Reckoning" not in out


def test_doc_set_undo(capsys, proj):
    run(capsys, "doc-set", proj, "--doc", "1", "--outlet", "The Ledger")
    assert run(capsys, "undo", proj)[0] == 0
    code, out, _ = run(capsys, "docs", proj)
    assert "The Ledger" not in out and "The Reckoning of 2017" in out


def test_doc_suggests_close_titles(capsys, proj):
    code, _, err = run(capsys, "segments", proj, "--doc", "The Reckonig of 2017")
    assert code == 1 and "did you mean 'The Reckoning of 2017'" in err
    code, _, err = run(capsys, "doc-set", proj, "--doc", "Reckoning", "--author", "x")
    assert code == 1 and "did you mean" in err


def test_the_cli_uses_the_shared_coder_preference(capsys, proj, tmp_path):
    preferences.set_coder("kim")
    run(capsys, "code", proj, "--doc", "1", "--start", 0, "--end", 5, "--code", "A")
    run(capsys, "code", proj, "--doc", "1", "--start", 6, "--end", 9, "--code", "A", "--coder", "lee")
    assert [s[3] for s in segs(proj)] == ["kim", "lee"]
    assert str(preferences.config_path()).startswith(str(tmp_path))


def test_help_describes_listings_and_positions():
    sub = next(a for a in build_parser()._subparsers._group_actions)  # noqa: SLF001 (reading help only)
    for name in ("docs", "codes", "stats", "log", "verify", "uncode", "undo", "code-rename", "code-rm",
                 "doc-set", "doc-rm"):
        assert sub.choices[name].description, name
    code_help = sub.choices["code"].format_help()
    assert "code points" in code_help and "end exclusive" in code_help
