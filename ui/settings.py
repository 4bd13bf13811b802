"""Preferences (QSettings), typed: one place for every option the window keeps."""
from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, QSettings

from app.coding import preferences
from app.coding.recent_codes import KEYS, MAX_RECENT

SNAP_MODES = ("none", "word", "sentence")


class Settings:
    """Typed accessors over QSettings. ``recent codes`` are kept per project file."""

    def __init__(self, qsettings: QSettings | None = None):
        self._s = qsettings if qsettings is not None else QSettings("Chorus", "Chorus")

    # coder: the one setting shared with the command line (app/coding/preferences.py) ---
    @property
    def coder_name(self) -> str:
        return preferences.coder_name()

    @coder_name.setter
    def coder_name(self, name: str) -> None:
        preferences.set_coder((name or "").strip())

    def coder_source(self) -> str:
        return preferences.coder_source()

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

    # stable number keys: key -> code (index 0 is key 1) and the keys the researcher pinned --
    def key_slots(self, project_key: str) -> list[int | None] | None:
        raw = self._s.value(f"keys/{_key(project_key)}")
        if raw is None:
            return None
        parts = str(raw).split(",")
        out = [int(p) if p.strip().isdigit() else None for p in parts][:KEYS]
        return out + [None] * (KEYS - len(out))

    def set_key_slots(self, project_key: str, slots: list[int | None]) -> None:
        self._s.setValue(f"keys/{_key(project_key)}", ",".join("" if c is None else str(c) for c in slots[:KEYS]))

    def pinned_keys(self, project_key: str) -> dict[int, int]:
        raw = str(self._s.value(f"pinned/{_key(project_key)}", "") or "")
        out: dict[int, int] = {}
        for part in raw.split(","):
            key, _, code = part.partition(":")
            if key.strip().isdigit() and code.strip().isdigit() and 1 <= int(key) <= KEYS:
                out[int(key)] = int(code)
        return out

    def set_pinned_keys(self, project_key: str, pinned: dict[int, int]) -> None:
        self._s.setValue(f"pinned/{_key(project_key)}", ",".join(f"{k}:{c}" for k, c in sorted(pinned.items())))

    # recent projects (File > Recent Projects) -----------------------------------------
    def recent_projects(self) -> list[str]:
        raw = self._s.value("project/recent", [])
        if isinstance(raw, str):
            raw = [raw] if raw else []
        return [str(p) for p in (raw or []) if str(p)][:10]

    def add_recent_project(self, path: str) -> None:
        items = [path] + [p for p in self.recent_projects() if p != path]
        self._s.setValue("project/recent", items[:10])

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
