"""Checks on a zip container before any library opens it (zip bombs, path tricks)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .document import ImportRejected, format_size

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024  # sum of declared entry sizes
MAX_ENTRIES = 10_000
MAX_RATIO = 100  # uncompressed / compressed, checked for entries above RATIO_MIN_SIZE
RATIO_MIN_SIZE = 5 * 1024 * 1024


def check_zip(path: Path, kind: str) -> list[str]:
    """Return the entry names of the zip at *path*, or raise ImportRejected.

    Declared sizes are trusted here because ``zipfile`` refuses to inflate an entry
    beyond its declared size (and checks its CRC), so a lying header cannot bypass this.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise ImportRejected(path, f"broken {kind}: not a zip archive, or truncated") from None
    except OSError as exc:
        raise ImportRejected(path, f"cannot read {kind} ({exc.strerror or exc})") from None
    if len(infos) > MAX_ENTRIES:
        raise ImportRejected(path, f"broken {kind}: {len(infos)} zip entries (limit {MAX_ENTRIES})")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise ImportRejected(path, f"unsafe {kind}: zip entry with an unsafe name {name!r}")
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise ImportRejected(
                path,
                f"{kind} unpacks to over {format_size(MAX_TOTAL_UNCOMPRESSED)} (zip bomb?)",
            )
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRejected(
                path, f"{kind} entry {name!r} is compressed over {MAX_RATIO}:1 (zip bomb?)"
            )
    return [info.filename for info in infos]
