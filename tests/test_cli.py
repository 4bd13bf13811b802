"""The command line end to end: real project files, real subprocesses for the main
path, in-process ``app.cli.main`` for the rest (faster, same code)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "Tarana Burke founded me too in 2006 💔. The hashtag spread in 2017.\n"

DOC_FIELDS = {"id", "uuid", "title", "source", "author", "published", "url", "char_count", "segments",
              "imported_at"}
CODE_FIELDS = {"id", "uuid", "parent_id", "name", "path", "colour", "description", "definition", "when_to_use",
               "when_not_to_use", "example", "segments", "documents", "coders"}
SEGMENT_FIELDS = {"id", "uuid", "document_id", "document_uuid", "document_title", "code_id", "code_uuid",
                  "code_path", "colour", "coder_id", "coder", "start", "end", "text", "memo", "created_at",
                  "modified_at"}
STATS_FIELDS = {"documents", "codes", "coders", "segments", "coded_documents", "characters", "blind"}


def run_sub(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args):
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "burke.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "second.md").write_text("# Second article\n\nDue process, they said.\n", encoding="utf-8")
    return folder


@pytest.fixture
def proj(tmp_path, articles, capsys):
    path = tmp_path / "study.chorus"
    assert run(capsys, "new", path)[0] == 0
    assert run(capsys, "import", path, articles, "--coder", "ana")[0] == 0
    return path


def test_end_to_end_in_subprocesses(tmp_path, articles):
    path = tmp_path / "e2e.chorus"
    result = run_sub("new", path)
    assert result.returncode == 0, result.stderr
    assert path.is_file()
    result = run_sub("import", path, articles, "--coder", "ana")
    assert result.returncode == 0, result.stderr
    assert "burke.txt" in result.stdout and "2 imported" in result.stdout
    start = ARTICLE.index("me too")
    result = run_sub("code", path, "--doc", "1", "--start", start, "--end", start + 6, "--code", "Origins/Burke",
                     "--coder", "ana")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "me too"
    result = run_sub("segments", path, "--json")
    assert result.returncode == 0
    [segment] = json.loads(result.stdout)
    assert (segment["text"], segment["code_path"], segment["coder"]) == ("me too", "Origins/Burke", "ana")
    result = run_sub("docs", path, "--doc-typo")
    assert result.returncode != 0
    result = run_sub("code", path, "--doc", "1", "--start", "0", "--end", "9999", "--code", "X")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("chorus: error: ")


def test_new_adds_the_suffix_only_when_missing(tmp_path, capsys):
    code, out, _ = run(capsys, "new", tmp_path / "plain")
    assert code == 0 and (tmp_path / "plain.chorus").is_file() and "plain.chorus" in out and "note" in out
    code, out, _ = run(capsys, "new", tmp_path / "other.db")
    assert code == 0 and (tmp_path / "other.db").is_file() and "note" not in out


def test_new_refuses_an_existing_file(tmp_path, capsys):
    path = tmp_path / "taken.chorus"
    path.write_text("mine")
    code, out, err = run(capsys, "new", path)
    assert code == 1 and err.startswith("chorus: error: taken.chorus") and err.count("\n") == 1
    assert path.read_text() == "mine"


def test_import_reports_each_file_and_exits_1_on_rejects(proj, tmp_path, articles, capsys):
    (articles / "binary.txt").write_bytes(b"\x00\xff" * 50)
    (articles / "big.txt").write_text("x" * 300_000)
    code, out, err = run(capsys, "import", proj, articles, "--max-mb", "0.1")
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith("duplicate") and "burke.txt" in line for line in lines)
    assert any(line.startswith("rejected") and "binary.txt" in line for line in lines)
    assert any(line.startswith("rejected") and "big.txt" in line and "too large" in line for line in lines)
    assert lines[-1] == "0 imported, 2 already in the project, 2 rejected"
    assert len(run_json(capsys, "docs", proj)) == 2


def test_import_bad_max_mb(proj, articles, capsys):
    code, _, err = run(capsys, "import", proj, articles, "--max-mb", "0")
    assert code == 1 and "--max-mb" in err


def test_code_creates_parent_and_child_in_one_change(proj, capsys):
    start = ARTICLE.index("💔")
    title = run_json(capsys, "docs", proj)[0]["title"]  # --doc takes an exact title as well as an id
    code, out, err = run(capsys, "code", proj, "--doc", title, "--start", start, "--end", start + 1,
                         "--code", "Emotion/Heartbreak", "--coder", "ana", "--memo", "emoji")
    assert code == 0, err
    assert out.splitlines()[0].startswith("segment 1: Emotion/Heartbreak")
    assert out.splitlines()[1] == "💔"
    codes = run_json(capsys, "codes", proj)
    assert [c["path"] for c in codes] == ["Emotion", "Emotion/Heartbreak"]
    assert codes[1]["parent_id"] == codes[0]["id"] and codes[1]["segments"] == 1
    [seg] = run_json(capsys, "segments", proj)
    assert seg["memo"] == "emoji" and seg["text"] == "💔"


def test_json_shapes(proj, capsys):
    run(capsys, "code", proj, "--doc", "1", "--start", "0", "--end", "12", "--code", "A/B", "--coder", "ana")
    docs = run_json(capsys, "docs", proj)
    assert len(docs) == 2 and all(set(d) == DOC_FIELDS for d in docs)
    assert docs[0]["char_count"] == len(ARTICLE) and docs[0]["segments"] == 1
    assert docs[0]["imported_at"].endswith("Z")
    codes = run_json(capsys, "codes", proj)
    assert all(set(c) == CODE_FIELDS for c in codes)
    segments = run_json(capsys, "segments", proj)
    assert all(set(s) == SEGMENT_FIELDS for s in segments)
    assert segments[0]["text"] == ARTICLE[:12]
    stats = run_json(capsys, "stats", proj)
    assert set(stats) == STATS_FIELDS
    assert (stats["documents"], stats["codes"], stats["segments"], stats["coded_documents"]) == (2, 2, 1, 1)
    assert stats["blind"] is False


def test_plain_listings(proj, capsys):
    run(capsys, "code", proj, "--doc", "1", "--start", "0", "--end", "12", "--code", "A", "--coder", "ana")
    code, out, _ = run(capsys, "docs", proj)
    assert code == 0 and out.splitlines()[0].split()[:2] == ["id", "title"] and len(out.splitlines()) == 3
    code, out, _ = run(capsys, "codes", proj)
    assert code == 0 and "A" in out.splitlines()[1]
    code, out, _ = run(capsys, "segments", proj)
    assert code == 0 and "    " + ARTICLE[:12] in out.splitlines() and out.splitlines()[-1] == "1 segment"
    code, out, _ = run(capsys, "stats", proj)
    assert code == 0 and "documents" in out


def test_segment_filters(proj, capsys):
    for args in (("0", "5", "A", "ana"), ("6", "12", "A/B", "ana"), ("0", "5", "A/B", "ben"), ("0", "5", "C", "ben")):
        start, end, code, coder = args
        assert run(capsys, "code", proj, "--doc", "1", "--start", start, "--end", end, "--code", code,
                   "--coder", coder)[0] == 0
    assert run(capsys, "code", proj, "--doc", "2", "--start", "0", "--end", "5", "--code", "A", "--coder", "ana")[0] == 0

    def ids(*extra):
        return sorted((s["code_path"], s["coder"], s["document_id"]) for s in run_json(capsys, "segments", proj, *extra))

    assert ids("--code", "A") == [("A", "ana", 1), ("A", "ana", 2)]  # exact code by default
    assert ids("--code", "A", "--with-children") == [("A", "ana", 1), ("A", "ana", 2), ("A/B", "ana", 1),
                                                      ("A/B", "ben", 1)]
    assert ids("--coder", "ben") == [("A/B", "ben", 1), ("C", "ben", 1)]
    assert ids("--doc", "2") == [("A", "ana", 2)]
    assert ids("--code", "A/B", "--coder", "ana", "--doc", "1") == [("A/B", "ana", 1)]
    for bad in (("--coder", "nobody"), ("--code", "Nope"), ("--doc", "99"), ("--with-children",)):
        code, _, err = run(capsys, "segments", proj, *bad)
        assert code == 1 and err.startswith("chorus: error: ") and err.count("\n") == 1


def test_blind_mode_listings_show_only_the_current_coder(proj, capsys):
    from app.project import Project

    run(capsys, "code", proj, "--doc", "1", "--start", "0", "--end", "5", "--code", "A", "--coder", "ana")
    run(capsys, "code", proj, "--doc", "1", "--start", "6", "--end", "9", "--code", "B", "--coder", "ben")
    project = Project.open(proj)
    project.set_setting("blind_mode", "on")
    project.close()
    segments = run_json(capsys, "segments", proj, "--coder", "ana", "--as", "ana")
    assert [s["coder"] for s in segments] == ["ana"]
    codes = {c["path"]: c["segments"] for c in run_json(capsys, "codes", proj, "--coder", "ben")}
    assert codes == {"A": 0, "B": 1}
    assert run_json(capsys, "docs", proj, "--coder", "ben")[0]["segments"] == 1
    stats = run_json(capsys, "stats", proj, "--coder", "ana")
    assert stats["blind"] is True and stats["segments"] == 1
    assert run_json(capsys, "stats", proj, "--coder", "newcomer")["segments"] == 0
    coders = Project.open(proj)
    try:
        assert coders.db.execute_sql("SELECT COUNT(*) FROM coder").fetchone()[0] == 2  # listing made no coder
    finally:
        coders.close()


@pytest.mark.parametrize("bad", [["docs", "missing.chorus"], ["codes", "notes.txt"]])
def test_project_errors_are_one_line(tmp_path, capsys, bad, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("not a project")
    code, out, err = run(capsys, *bad)
    assert code == 1 and out == ""
    assert err.startswith(f"chorus: error: {bad[1]}: ") and err.count("\n") == 1


def _subcommands() -> list[str]:
    parser = build_parser()
    [action] = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return sorted(action.choices)


def test_project_commands_are_registered():
    assert {"new", "import", "code", "docs", "codes", "segments", "stats"} <= set(_subcommands())


@pytest.mark.parametrize("command", _subcommands())
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert f"usage: chorus {command}" in capsys.readouterr().out


def test_import_refi_codebook(proj, tmp_path, capsys):
    from app.project import Project
    from app.exchange.refi import export_qdc

    run(capsys, "code", proj, "--doc", "1", "--start", "0", "--end", "5", "--code", "Origins/Burke", "--coder", "ana")
    project = Project.open(proj)
    try:
        export_qdc(project, tmp_path / "book.qdc")
    finally:
        project.close()
    (tmp_path / "broken.qdc").write_text("<CodeBook>not closed")
    fresh = tmp_path / "fresh.chorus"
    run(capsys, "new", fresh)
    code, out, _ = run(capsys, "import", fresh, tmp_path / "book.qdc", tmp_path / "broken.qdc")
    assert code == 1
    assert any(line.startswith("imported   book.qdc (qdc): ") and "2 codes" in line for line in out.splitlines())
    assert any(line.startswith("rejected   broken.qdc: ") for line in out.splitlines())
    assert [c["path"] for c in run_json(capsys, "codes", fresh)] == ["Origins", "Origins/Burke"]
