"""Two windows (offscreen, two processes, two logins) on one server project see each
other's coding within a second, through the window's own refresh (no test pokes it)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

PEER = Path(__file__).with_name("window_peer.py")


class Peer:
    def __init__(self, url: str, title: str, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([sys.executable, str(PEER), url, title, str(folder)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)
        line = self.proc.stdout.readline().strip()
        if line != "ready":
            self.close()
            pytest.fail(f"the second window did not start ({line!r})")

    def ask(self, command: str) -> str:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def spans(self) -> list[list[int]]:
        return json.loads(self.ask("spans"))

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
            except BrokenPipeError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def ana_window(qtbot, seeded_server, tmp_path):
    from PySide6.QtCore import QSettings

    from app.articles.documents import resolve_document
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    session = ProjectSession(seeded_server.open("ana"))
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_document(resolve_document("Doc A").id)
    yield window
    watch = getattr(window, "watch", None)
    if watch is not None:
        watch.stop()  # no poll may outlive the test's server database
    window.close()
    session.undo_stack.clear()
    session.project.remove_listener(session._listener)
    session.project.close()
    window.deleteLater()


def test_two_windows_on_one_server_see_each_others_coding_within_a_second(qtbot, ana_window, seeded_server,
                                                                          tmp_path):
    from app.coding.codebook import find_code

    window = ana_window
    peer = Peer(seeded_server.url("bob"), "Doc A", tmp_path / "bob")
    try:
        assert peer.spans() == []
        # ana codes in her window; bob's window shows it within a second.
        window.reader.select_span(0, 5)
        assert window.coding.apply_code(find_code("Framing").id)
        t0 = time.monotonic()
        seen_by_bob = None
        while time.monotonic() - t0 < 3:
            if [0, 5] in peer.spans():
                seen_by_bob = time.monotonic() - t0
                break
            time.sleep(0.02)
        assert seen_by_bob is not None and seen_by_bob < 1.0, seen_by_bob
        # bob codes in his window; ana's window shows it within a second.
        assert peer.ask("code 6 10 Backlash") == "ok"
        t0 = time.monotonic()
        qtbot.waitUntil(lambda: (6, 10) in {(s.start, s.end) for s in window.reader.spans()}, timeout=3000)
        seen_by_ana = time.monotonic() - t0
        assert seen_by_ana < 1.0, seen_by_ana
        print(f"refresh: bob saw ana's coding after {seen_by_bob * 1000:.0f} ms, ana saw bob's after "
              f"{seen_by_ana * 1000:.0f} ms")
    finally:
        peer.close()
