"""Starting the window: ``run_gui(args)`` (from ``chorus gui``), and the offscreen
screenshot mode (``chorus gui PROJECT --screenshot FILE.png``)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

STYLE = Path(__file__).resolve().parents[1] / "assets" / "style.qss"


def application(argv: list[str] | None = None):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or ["chorus"])
        app.setApplicationName("Chorus")
        app.setOrganizationName("Chorus")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    if STYLE.is_file():
        app.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    return app


def open_session(path: Path, coder_name: str | None = None):
    from app.project import Project
    from ui.project_session import ProjectSession

    from app.team.server import server_url

    if server_url(path) is not None:
        coder_name = None  # on a team server the login is the coder (SERVER)
    return ProjectSession(Project.open(path, coder_name=coder_name))


def make_window(path: Path, settings=None):
    from ui.main_window import MainWindow
    from ui.settings import Settings

    settings = settings or Settings()
    window = MainWindow(open_session(path, settings.coder_name), settings)
    return window


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError as exc:
        raise ValueError(f"size must look like 1280x800, not {text!r}") from exc
    if w < 200 or h < 200:
        raise ValueError(f"size {text!r} is too small")
    return w, h


def screenshot(path: Path, out: Path, size: tuple[int, int], doc: str | None = None, settings=None) -> Path:
    """Render the window on ``path`` offscreen at ``size`` with a document open; save a PNG."""
    from PySide6.QtWidgets import QApplication

    application()
    window = make_window(path, settings)
    try:
        window.resize(*size)
        window.show()
        QApplication.processEvents()
        if doc:
            window.open_document_by_ref(doc)
        elif window.documents.model.rowCount():
            window.open_document(window.documents.model.document(0).id)
        QApplication.processEvents()
        image = window.grab()
        if not image.save(str(out), "PNG"):
            raise OSError(f"could not write {out}")
    finally:
        window.close()
        window.session.close()
    return out


class Launcher:
    """Keeps the open window; New/Open replace it (one project at a time)."""

    def __init__(self, settings):
        self.settings = settings
        self.window = None

    def show(self, path: Path, create: bool = False) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app.project import Project
        from app.project import ProjectFileError
        from app.errors import ChorusError
        from app.team.server import server_url
        from ui.main_window import MainWindow
        from ui.project_session import ProjectSession

        old = self.window
        try:  # open the new project first: on failure the current one stays as it was
            # On a team server the login is the coder (SERVER): the preference does not apply.
            coder = None if server_url(path) is not None else self.settings.coder_name
            project = (Project.create if create else Project.open)(path, coder_name=coder)
        except (ProjectFileError, ChorusError) as exc:
            QMessageBox.warning(old, "Chorus", str(exc))
            return
        if old is not None:
            old.session.close()
        window = MainWindow(ProjectSession(project), self.settings)
        window.openProjectRequested.connect(lambda p: self.show(Path(p)))
        window.newProjectRequested.connect(lambda p: self.show(Path(p), create=True))
        window.restore_geometry(self.settings.geometry())
        if window.document_id is None and window.documents.model.rowCount():
            window.open_document(window.documents.model.document(0).id)  # a page to read, not a blank
        self.settings.last_project = str(path)
        self.settings.add_recent_project(str(path))
        window.show()
        self.window = window
        if old is not None:
            old.close()
            old.deleteLater()


def last_project_path(settings) -> Path | None:
    """The most recent project that still exists (server addresses are kept as given)."""
    for entry in [settings.last_project] + settings.recent_projects():
        if not entry:
            continue
        if "://" in entry or Path(entry).is_file():  # is_file: a stat, the file is not opened
            return Path(entry) if "://" not in entry else entry
    return None


def run_gui(args) -> int:
    from app.demo import demo_project_path
    from ui.settings import Settings

    path = getattr(args, "project", None)
    shot = getattr(args, "screenshot", None)
    if path:
        path = Path(path)
    else:  # plain `chorus`: the last project opened, the demo only when there is none
        last = last_project_path(Settings()) if not shot else None
        path = last if last is not None else demo_project_path()
    if shot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        size = parse_size(getattr(args, "size", None) or "1280x800")
        screenshot(path, Path(shot), size, getattr(args, "doc", None))
        print(f"wrote {shot} ({size[0]}x{size[1]})")
        return 0
    app = application(sys.argv[:1])
    launcher = Launcher(Settings())
    launcher.show(path)
    return app.exec()
