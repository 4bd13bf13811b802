"""``chorus export`` and ``chorus import-codebook``."""
from __future__ import annotations

from app.cli import main
from app.project import Project

from .helpers import as_dicts, read_csv


def _close(corpus):
    path = corpus.project.path
    corpus.project.close()
    return path


def test_export_command_with_filters(corpus, tmp_path, capsys):
    path = _close(corpus)
    out = tmp_path / "seg.csv"
    code = main(["export", str(path), "segments-csv", "-o", str(out), "--code", "Emotion", "--no-children",
                 "--coder", "ben", "--no-attributes"])
    assert code == 0
    assert capsys.readouterr().out.strip() == f"wrote 1 row to {out}"
    rows = as_dicts(read_csv(out))
    assert [(r["code_path"], r["coder"], r["text"]) for r in rows] == [("Emotion", "ben", "Cafe\u0301")]
    assert "attr:outlet" not in rows[0]


def test_export_command_raw_and_doc(corpus, tmp_path, capsys):
    path = _close(corpus)
    out = tmp_path / "m.csv"
    assert main(["export", str(path), "matrix-csv", "-o", str(out), "--raw", "--doc", "RTL: שלום"]) == 0
    rows = read_csv(out, raw=True)
    assert len(rows) == 2 and rows[1][-1] == "2"


def test_export_command_errors_are_one_line(corpus, tmp_path, capsys):
    path = _close(corpus)
    assert main(["export", str(path), "segments-csv", "-o", str(tmp_path / "x.csv"), "--coder", "nobody"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nobody" in err and err.startswith("chorus: error:")
    assert main(["export", str(path), "codebook-csv", "-o", str(tmp_path / "no" / "x.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_import_codebook_command(tmp_path, capsys):
    source = tmp_path / "tags.csv"
    source.write_text("tag,description,number of highlights,number of documents\nhope,Hopeful talk,3,2\n",
                      encoding="utf-8")
    target = tmp_path / "p.chorus"
    Project.create(target, coder_name="ana").close()
    assert main(["import-codebook", str(target), str(source)]) == 0
    out = capsys.readouterr().out
    assert "added: hope" in out and "1 added, 0 updated, 0 skipped" in out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x00")
    assert main(["import-codebook", str(target), str(bad)]) == 1
    assert capsys.readouterr().err.strip().startswith("chorus: error: bad.csv: not a text file (")
