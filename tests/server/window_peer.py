"""A second Chorus window in its own process, driven over stdin/stdout (for
test_two_windows.py): ``python window_peer.py URL DOC_TITLE SETTINGS_DIR``.

Commands, one per line: ``code START END CODE_PATH`` (select the span in the reader and
apply the code, as the coder would), ``spans`` (prints the reader's highlighted spans as
JSON [[start, end], ...]), ``quit``. Prints ``ready`` once the window shows the document.
"""
from __future__ import annotations

import json
import os
import queue
import sys
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    url, title, settings_dir = sys.argv[1:4]
    os.environ["CHORUS_CONFIG"] = str(Path(settings_dir) / "chorus.ini")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from app.articles.documents import resolve_document
    from app.coding.codebook import find_code
    from app.project import Project
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession
    from ui.settings import Settings

    app = QApplication([])
    settings = Settings(QSettings(str(Path(settings_dir) / "prefs.ini"), QSettings.Format.IniFormat))
    session = ProjectSession(Project.open(url))
    window = MainWindow(session, settings)
    window.show()
    window.open_document(resolve_document(title).id)
    commands: queue.Queue[str] = queue.Queue()

    def read_stdin() -> None:
        for line in sys.stdin:
            commands.put(line.strip())
        commands.put("quit")

    threading.Thread(target=read_stdin, daemon=True).start()

    def handle() -> None:
        while True:
            try:
                command = commands.get_nowait()
            except queue.Empty:
                return
            parts = command.split(" ", 3)
            if parts[0] == "code":
                window.reader.select_span(int(parts[1]), int(parts[2]))
                ok = window.coding.apply_code(find_code(parts[3]).id)
                print("ok" if ok else "failed", flush=True)
            elif parts[0] == "spans":
                print(json.dumps(sorted([s.start, s.end] for s in window.reader.spans())), flush=True)
            elif parts[0] == "quit":
                session.undo_stack.clear()
                app.quit()
                return

    timer = QTimer()
    timer.timeout.connect(handle)
    timer.start(10)
    print("ready", flush=True)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
