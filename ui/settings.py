"""Preferences (QSettings), typed: one place for every option the window keeps."""
from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, QSettings

from app.project import default_coder_name
from app.coding.recent_codes import MAX_RECENT

SNAP_MODES = ("none", "word", "sentence")


class Settings:
    """Typed accessors over QSettings. ``recent codes`` are kept per project file."""

    def __init__(self, qsettings: QSettings | None = None):
        self._s = qsettings if qsettings is not None else QSettings("Chorus", "Chorus")

    # coder ------------------------------------------------------------------
    @property
    def coder_name(self) -> str:
        value = str(self._s.value("coder/name", "") or "").strip()
        return value or default_coder_name()

    @coder_name.setter
    def coder_name(self, name: str) -> None:
        self._s.setValue("coder/name", (name or "").strip())

    # reader -----------------------------------------------------------------
    @property
    def snap(self) -> str:
        value = str(self._s.value("reader/snap", "none"))
        return value if value in SNAP_MODES else "none"

    @snap.setter
    def snap(self, mode: str) -> None:
        if mode not in SNAP_MODES:
            raise ValueError(f"snap mode must be one of {SNAP_MODES}")
        self._s.setValue("reader/snap", mode)

    # recent codes -------------------------------------------------------------
    def recent_codes(self, project_key: str) -> list[int]:
        raw = str(self._s.value(f"recent/{_key(project_key)}", "") or "")
        out = []
        for part in raw.split(","):
            if part.strip().isdigit():
                out.append(int(part))
        return out[:MAX_RECENT]

    def set_recent_codes(self, project_key: str, code_ids: list[int]) -> None:
        self._s.setValue(f"recent/{_key(project_key)}", ",".join(str(c) for c in code_ids[:MAX_RECENT]))

    # window -------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, data: QByteArray) -> None:
        self._s.setValue("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        value = self._s.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, data: QByteArray) -> None:
        self._s.setValue("window/state", data)

    @property
    def last_project(self) -> str:
        return str(self._s.value("project/last", "") or "")

    @last_project.setter
    def last_project(self, path: str) -> None:
        self._s.setValue("project/last", path)

    def sync(self) -> None:
        self._s.sync()


def _key(project_key: str) -> str:
    return hashlib.sha1(project_key.encode("utf-8")).hexdigest()[:16]
