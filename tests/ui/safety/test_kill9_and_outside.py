"""Issue 8.1 end to end (a change made after a command-line read survives kill -9 of the
window) and 8.4 (changes made by other programs appear in the open window; an undo of
rows changed elsewhere is refused and the stack stays usable)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from app.articles.importing import add_document
from app.coding import codebook, queries
from app.project import Project
from ui.actions import ActionId

from ..conftest import code_id
from .conftest import ROOT, run_cli

DRIVER = Path(__file__).with_name("window_driver.py")


class Driver:
    def __init__(self, path: Path):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        self.proc = subprocess.Popen([sys.executable, str(DRIVER), str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env)
        assert self.proc.stdout.readline().strip() == "ready"

    def ask(self, line: str) -> list[str]:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().split()
        assert answer and answer[0] == "ok", answer
        return answer[1:]

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


def test_coding_after_a_command_line_read_survives_kill_9(tmp_path):
    path = tmp_path / "p.chorus"
    project = Project.create(path, coder_name="ana")
    add_document(project, "Alpha beta gamma delta epsilon zeta eta theta. " * 20, "Doc")
    codebook.create_code(project, "Framing")
    project.close()
    (tmp_path / "notes.txt").write_text("beside the project", encoding="utf-8")

    driver = Driver(path)
    try:
        assert driver.ask("code 0 5 Framing") == ["1"]
        locks = driver.ask("locks")
        assert int(locks[0]) > 0 and int(locks[1]) > 0
        driver.ask("dialogs")  # every file dialog, opened and cancelled, browsing this folder
        assert driver.ask("locks") == locks
        run_cli("codes", str(path))  # a read beside the window: must not take its WAL away
        assert (tmp_path / "p.chorus-wal").exists()
        assert driver.ask("code 6 10 Framing") == ["1"]
    finally:
        driver.kill9()
    with Project.open(path, coder_name="check") as reopened:
        spans = sorted((r.start, r.end) for r in queries.segment_rows())
    assert spans == [(0, 5), (6, 10)]
    done = run_cli("verify", str(path))
    assert "intact" in done.stdout


def test_changes_from_the_command_line_appear_in_the_window(window, qtbot):
    project = window.session.project
    long_text = "\n\n".join(f"Paragraph {i} about the campaign and its coverage in the press." for i in range(400))
    doc = add_document(project, long_text, "Long one")
    window.open_document(doc.id)
    bar = window.reader.text_edit().verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 100)
    window.reader.select_span(100, 120)
    qtbot.wait(200)  # layout settled
    bar.setValue(bar.maximum() // 2)
    scroll = bar.value()
    n_docs_segments = window.documents.model.document(window.documents.model.row_of(doc.id)).segments

    run_cli("code", str(project.path), "--doc", "Long one", "--start", "200", "--end", "240",
            "--code", "Outside/From the CLI", "--coder", "ben")
    qtbot.waitUntil(lambda: any((s.start, s.end) == (200, 240) for s in window.reader.spans()), timeout=1500)
    assert any(r.path == "Outside/From the CLI" for r in window.codebook.model.rows_in_order())
    model = window.segments.model
    assert any((model.segment(i).start, model.segment(i).end) == (200, 240) for i in range(model.rowCount()))
    row = window.documents.model.document(window.documents.model.row_of(doc.id))
    assert row.segments == n_docs_segments + 1
    assert bar.value() == scroll  # the reader did not jump
    assert window.reader.selection() == (100, 120)  # nor lose the selection


def test_undo_of_rows_changed_elsewhere_is_refused(window, qtbot):
    project = window.session.project
    stack = window.session.undo_stack
    window.reader.select_span(0, 5)
    assert window.coding.apply_code(code_id("Framing"))
    seg_id = queries.segment_rows()[0].id
    script = ("import sys; from app.project import Project; from app.coding import segments as s\n"
              "p = Project.open(sys.argv[1], coder_name='ben')\n"
              "s.set_segment_memo(p, int(sys.argv[2]), 'ben was here')\n")
    subprocess.run([sys.executable, "-c", script, str(project.path), str(seg_id)], check=True, cwd=ROOT,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    qtbot.waitUntil(lambda: window.watch.poll() is False, timeout=1500)  # seen (and refreshed)
    index = stack.index()
    window.actions[ActionId.UNDO].trigger()
    assert window.watch.failures and "changed elsewhere" in window.watch.failures[-1]
    assert stack.index() == index
    assert [r.id for r in queries.segment_rows()] == [seg_id]
    # the stack stays usable: a new change is pushed and undone as usual
    window.reader.select_span(6, 10)
    assert window.coding.apply_code(code_id("Backlash"))
    window.actions[ActionId.UNDO].trigger()
    assert [r.id for r in queries.segment_rows()] == [seg_id] and stack.index() == index
