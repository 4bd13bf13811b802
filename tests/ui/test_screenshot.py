"""``chorus gui PROJECT --screenshot FILE.png --size WxH --doc TITLE`` writes a PNG of that size."""
from __future__ import annotations

from PySide6.QtGui import QImage

from app.cli import main


def test_screenshot_command(qtbot, seeded, tmp_path, monkeypatch):
    project, _doc_a, _doc_b = seeded
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # keep the user's preferences out
    out = tmp_path / "shot.png"
    code = main(["gui", str(project.path), "--screenshot", str(out), "--size", "1024x700", "--doc", "Doc B"])
    assert code == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 700)
    assert len({image.pixel(x, y) for x in range(0, 1024, 8) for y in range(0, 700, 8)}) > 20  # not blank


def test_screenshot_bad_document_fails_with_message(qtbot, seeded, tmp_path, capsys, monkeypatch):
    project, _a, _b = seeded
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    code = main(["gui", str(project.path), "--screenshot", str(tmp_path / "x.png"), "--doc", "No such"])
    assert code == 1 and "no document 'No such'" in capsys.readouterr().err
