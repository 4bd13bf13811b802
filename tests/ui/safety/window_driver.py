"""A real window on a project, offscreen, driven line by line on stdin (for kill -9 tests).

    python window_driver.py PROJECT
    > code START END CODE_PATH   codes the open document's span in the window; prints "ok N"
    > dialogs                    opens and cancels every file dialog the window has; "ok N"
    > locks                      prints "ok N M": locks held on the file and its -shm
Each answer is one line; the process never exits on its own (the test kills it).
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QSettings, QSocketNotifier, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox  # noqa: E402


def locks_of(path: str) -> int:
    st = os.stat(path)
    me = str(os.getpid())
    count = 0
    with open("/proc/locks", encoding="ascii") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) > 5 and parts[1] != "->" and parts[4] == me and int(parts[5].split(":")[2]) == st.st_ino:
                count += 1
    return count


def main() -> None:
    from app.coding.codebook import find_code
    from app.project import Project
    from ui.actions import EXPORT_IDS, ActionId
    from ui.main import application
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession
    from ui.settings import Settings

    path = Path(sys.argv[1])
    os.chdir(path.parent)
    app = application()
    prefs = Path(tempfile.mkdtemp(prefix="chorus-driver-")) / "prefs.ini"
    settings = Settings(QSettings(str(prefs), QSettings.Format.IniFormat))
    settings.coder_name = "ana"
    window = MainWindow(ProjectSession(Project.open(path, coder_name="ana")), settings)
    window.show()
    window.open_document(window.documents.model.document(0).id)
    app.processEvents()

    def reject_dialogs():
        for top in QApplication.topLevelWidgets():
            if top.isVisible() and isinstance(top, (QFileDialog, QMessageBox)):
                top.reject()
            elif top.isVisible() and isinstance(top, QDialog) and top.isModal():
                top.accept()

    answerer = QTimer()
    answerer.setInterval(15)
    answerer.timeout.connect(reject_dialogs)

    def command(line: str) -> str:
        words = line.split()
        if not words:
            return "ok"
        if words[0] == "code":
            start, end, code = int(words[1]), int(words[2]), " ".join(words[3:])
            window.reader.select_span(start, end)
            ok = window.coding.apply_code(find_code(code).id)
            return f"ok {int(ok)}"
        if words[0] == "dialogs":
            answerer.start()
            ids = [ActionId.IMPORT_DOCUMENTS, ActionId.OPEN_PROJECT, ActionId.NEW_PROJECT, ActionId.IMPORT_CODEBOOK,
                   ActionId.IMPORT_EXCHANGE, ActionId.MERGE_PROJECT, *EXPORT_IDS]
            for action_id in ids:
                window.actions[action_id].trigger()
            answerer.stop()
            return f"ok {len(ids)}"
        if words[0] == "locks":
            return f"ok {locks_of(str(path))} {locks_of(str(path) + '-shm')}"
        return "error unknown command"

    def on_stdin():
        line = sys.stdin.readline()
        if not line:
            notifier.setEnabled(False)
            return
        print(command(line.strip()), flush=True)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_stdin)
    print("ready", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
