"""Every file dialog of the window, made so that the process never opens the open
project file (or its -wal/-shm/-journal).

POSIX advisory locks belong to the process: one ``open()`` + ``close()`` of the project
file anywhere in it drops all of SQLite's locks, and a command-line read beside the
window then deletes the WAL the window still writes to (SQLite's "How To Corrupt An
SQLite Database File", section 2.2). Qt's file dialogs open files to guess their type:
the icon provider and the "Type" column ask QMimeDatabase, which reads the first bytes
of every file whose name it cannot place (``.chorus``, ``-wal``, ``-shm``), and a native
(GTK) dialog sniffs in the same process too. So every dialog here is Qt's own widget
dialog with:

- an icon provider that answers from the file name and ``stat`` only (no mime sniffing);
- a proxy model that hides the open project's files, so they can never be picked;
- ``DontResolveSymlinks`` and ``DontUseCustomDirectoryIcons`` (no reads for either);
- a check after the dialog that refuses a typed name that is the open project.

Use these functions, never ``QFileDialog`` directly (tests/ui/safety enforce it).
"""
from __future__ import annotations

import atexit
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QFileInfo, QModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QMessageBox, QStyle, QWidget

PROJECT_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def project_files(project_path: Path | str | None) -> set[str]:
    """The open project's file and the files SQLite keeps beside it (real paths)."""
    if project_path is None:
        return set()
    real = os.path.realpath(project_path)  # lstat/readlink only: never opens the file
    return {real + suffix for suffix in PROJECT_SIDE_FILES}


def is_project_file(path: Path | str, project_path: Path | str | None) -> bool:
    """Is ``path`` the open project (or one of its side files), by name or by inode?"""
    if project_path is None or not str(path):
        return False
    if os.path.realpath(path) in project_files(project_path):
        return True
    try:  # a hard link or another spelling of the same file: stat only
        return os.path.samefile(path, project_path)
    except OSError:
        return False


class NoSniffIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the name and ``stat`` alone (Qt's reads file contents).

    Called from the file system model's gatherer thread too: it only hands out icons made
    once on the GUI thread and builds strings."""

    def __init__(self) -> None:
        super().__init__()
        style = QApplication.style()
        self._folder = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._file = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._drive = style.standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)
        self._computer = style.standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)

    def icon(self, what):  # noqa: D401 (Qt API: icon(IconType) and icon(QFileInfo))
        if isinstance(what, QFileInfo):
            if what.isRoot():
                return self._drive
            return self._folder if what.isDir() else self._file
        if what == QAbstractFileIconProvider.IconType.Computer:
            return self._computer
        if what == QAbstractFileIconProvider.IconType.Drive:
            return self._drive
        if what == QAbstractFileIconProvider.IconType.File:
            return self._file
        return self._folder

    def type(self, info: QFileInfo) -> str:  # noqa: A003 (Qt API)
        if info.isRoot():
            return "Drive"
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


class HideProjectFiles(QSortFilterProxyModel):
    """Hides the open project's own files from a file dialog."""

    def __init__(self, hidden: set[str], parent=None) -> None:
        super().__init__(parent)
        self._hidden = hidden

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        model = self.sourceModel()
        if not self._hidden or not isinstance(model, QFileSystemModel):
            return True
        path = model.filePath(model.index(source_row, 0, source_parent))
        return os.path.abspath(path) not in self._hidden


_PROVIDER: NoSniffIconProvider | None = None
_EMPTY: str | None = None


def _empty_folder() -> str:
    """A folder with nothing in it: where a dialog is born, before its icon provider is set
    (a dialog lists its first folder at once, with Qt's sniffing provider)."""
    global _EMPTY
    if _EMPTY is None or not os.path.isdir(_EMPTY):
        _EMPTY = tempfile.mkdtemp(prefix="chorus-dialog-")
        atexit.register(_remove_empty, _EMPTY)
    return _EMPTY


def _remove_empty(folder: str) -> None:
    try:
        os.rmdir(folder)
    except OSError:
        pass


def _provider() -> NoSniffIconProvider:
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NoSniffIconProvider()
    return _PROVIDER


def make_dialog(parent: QWidget | None, caption: str, directory: str, filters: str, *,
                project_path: Path | str | None, mode: QFileDialog.FileMode,
                save: bool = False) -> QFileDialog:
    """A file dialog that never opens a file (see the module docstring)."""
    dialog = QFileDialog(parent, caption, _empty_folder())
    dialog.setObjectName("chorusFileDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontResolveSymlinks, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dialog.setIconProvider(_provider())
    hidden = project_files(project_path)
    # the proxy sees every spelling: the model reports paths as the folder was given
    if project_path is not None:
        hidden |= {os.path.abspath(project_path) + s for s in PROJECT_SIDE_FILES}
    dialog.setProxyModel(HideProjectFiles(hidden, dialog))
    dialog.setFileMode(mode)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    if filters:
        dialog.setNameFilters([f for f in filters.split(";;") if f])
    start = Path(directory) if directory else (Path(project_path).parent if project_path else Path.home())
    if start.suffix and not start.is_dir():  # a suggested file name: its folder, and the name typed in
        dialog.setDirectory(str(start.parent))
        if not is_project_file(start, project_path):
            dialog.selectFile(start.name)
    else:
        dialog.setDirectory(str(start))
    return dialog


def _refuse_project(parent: QWidget | None, chosen: list[str], project_path) -> list[str]:
    kept = [c for c in chosen if not is_project_file(c, project_path)]
    if len(kept) != len(chosen):
        name = Path(project_path).name
        QMessageBox.warning(parent, "Chorus", f"{name} is the open project: choose another file.")
    return kept


def _run(dialog: QFileDialog, parent, project_path) -> list[str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        chosen = dialog.selectedFiles()
    finally:
        dialog.deleteLater()
    return _refuse_project(parent, chosen, project_path)


def open_file_name(parent: QWidget | None, caption: str, directory: str = "", filters: str = "", *,
                   project_path: Path | str | None) -> str:
    """One existing file, or "" when cancelled (or the open project was typed in)."""
    dialog = make_dialog(parent, caption, directory, filters, project_path=project_path,
                         mode=QFileDialog.FileMode.ExistingFile)
    chosen = _run(dialog, parent, project_path)
    return chosen[0] if chosen else ""


def open_file_names(parent: QWidget | None, caption: str, directory: str = "", filters: str = "", *,
                    project_path: Path | str | None) -> list[str]:
    """Existing files ([] when cancelled); the open project is never among them."""
    dialog = make_dialog(parent, caption, directory, filters, project_path=project_path,
                         mode=QFileDialog.FileMode.ExistingFiles)
    return _run(dialog, parent, project_path)


def save_file_name(parent: QWidget | None, caption: str, directory: str = "", filters: str = "", *,
                   project_path: Path | str | None) -> str:
    """A file name to write, or "" when cancelled; never the open project."""
    dialog = make_dialog(parent, caption, directory, filters, project_path=project_path,
                         mode=QFileDialog.FileMode.AnyFile, save=True)
    chosen = _run(dialog, parent, project_path)
    return chosen[0] if chosen else ""
