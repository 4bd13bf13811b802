"""The preferences the window and the command line share: a small ini file.

``$CHORUS_CONFIG`` names the file; otherwise ``$XDG_CONFIG_HOME/chorus/chorus.ini``
(``~/.config/chorus/chorus.ini``). Section ``[chorus]``, key ``coder``: the coder name
the window's Preferences set and every command uses unless ``--coder``/``--as`` is
given. Nothing here ever touches a project file.
"""
from __future__ import annotations

import configparser
import getpass
import os
from pathlib import Path

SECTION = "chorus"


def config_path() -> Path:
    explicit = os.environ.get("CHORUS_CONFIG", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(base) / "chorus" / "chorus.ini"


def _read() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    path = config_path()
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle)
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, configparser.Error):
        pass  # an unreadable preference file means "no preference": fall back to defaults
    return parser


def get(key: str, default: str = "") -> str:
    return _read().get(SECTION, key, fallback=default).strip()


def set_value(key: str, value: str) -> Path:
    """Write one key (atomic replace); returns the file written. OSError propagates."""
    parser = _read()
    if not parser.has_section(SECTION):
        parser.add_section(SECTION)
    parser.set(SECTION, key, (value or "").strip())
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "w", encoding="utf-8") as handle:
        parser.write(handle)
    os.replace(temp, path)
    return path


def login_name() -> str:
    try:
        return getpass.getuser() or "coder"
    except (KeyError, OSError):
        return "coder"


def configured_coder() -> str:
    """The coder set in the preference file ('' when none)."""
    return get("coder")


def set_coder(name: str) -> Path:
    return set_value("coder", name)


def coder_name(explicit: str | None = None) -> str:
    """The coder to act as: ``explicit`` (--coder/--as), else the preference, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    return configured_coder() or login_name()


def coder_source(explicit: str | None = None) -> str:
    """Where ``coder_name`` came from, for the status bar and ``--help``."""
    if explicit and explicit.strip():
        return "given"
    return f"from {config_path()}" if configured_coder() else "login name"
