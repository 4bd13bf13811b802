"""Opening REFI-QDA containers safely: .qdpx zips, a .qde with a sibling sources/ folder,
a bare .qde or .qdc. Zip entries are checked before anything is read (unsafe names,
declared sizes, compression ratio) and read into memory, never extracted to disk.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from app.exchange.refi.errors import ExchangeError
from db.connection import must_not_read

MAX_TOTAL_UNCOMPRESSED = 1024 * 1024 * 1024  # 1 GiB: sum of declared entry sizes
MAX_ENTRIES = 200_000
MAX_RATIO = 200  # uncompressed / compressed, for entries above RATIO_MIN_SIZE
RATIO_MIN_SIZE = 1024 * 1024
MAX_XML_BYTES = 512 * 1024 * 1024
MAX_SOURCE_BYTES = 256 * 1024 * 1024

QDA_NS = re.compile(r"urn:QDA-XML:(project|codebook):", re.IGNORECASE)
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(Project|CodeBook)[\s>/]")
_DRIVE = re.compile(r"^[A-Za-z]:")


def sniff(path: Path | str) -> str | None:
    """'qdpx' | 'qde' | 'qdc' by content first, by file extension second; else None."""
    path = Path(path)
    if not path.is_file():
        return None
    if must_not_read(path):  # an open project (or its -wal): reading it would drop SQLite's locks
        return None
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
            if any("/" not in n and n.lower().endswith(".qde") for n in names):
                return "qdpx"
            return "qdpx" if path.suffix.lower() == ".qdpx" else None
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except (OSError, zipfile.BadZipFile):
        head = b""
    kind = _sniff_xml(head)
    if kind is not None:
        return kind
    suffix = path.suffix.lower()
    return {".qdpx": "qdpx", ".qde": "qde", ".qdc": "qdc"}.get(suffix)


def _sniff_xml(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<"):
        return None
    match = _ROOT.search(head)
    if match is None:
        return None
    tag_end = head.find(b">", match.end() - 1)
    start_tag = head[match.start(): tag_end if tag_end > 0 else len(head)].decode("utf-8", errors="replace")
    if not QDA_NS.search(start_tag):
        return None
    return "qde" if match.group(1) == b"Project" else "qdc"


def candidates(ref: str) -> list[str]:
    """Paths inside the package a plainTextPath may mean, most likely first ([] if unsafe)."""
    ref = (ref or "").strip().replace("\\", "/")
    if ref.lower().startswith("internal://"):
        rel = ref[len("internal://"):]
    elif "://" in ref or ref.startswith("/") or _DRIVE.match(ref):
        rel = ref.rsplit("/", 1)[-1]  # an absolute path on the author's machine: look in sources/
    else:
        rel = ref
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return []
    rel, base = "/".join(parts), parts[-1]
    out = [f"sources/{rel}", rel, f"sources/{base}"]
    return list(dict.fromkeys(out))


class Package:
    """The main XML of a REFI-QDA file and access to its source files."""

    def __init__(self, path: Path, kind: str):
        self.path = Path(path)
        self.kind = kind
        self.has_sources = False  # False: a bare .qde/.qdc (texts only from PlainTextContent)
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, zipfile.ZipInfo] = {}
        self._folder: Path | None = None
        self._read_total = 0
        try:
            self.xml = self._open()
        except ExchangeError:
            self.close()
            raise

    # -- opening ---------------------------------------------------------------------
    def _open(self) -> bytes:
        if self.kind == "qdpx":
            return self._open_zip()
        try:
            size = self.path.stat().st_size
            if size > MAX_XML_BYTES:
                raise self.error(f"the file is too large ({size // 2**20} MB; limit {MAX_XML_BYTES // 2**20} MB)")
            data = self.path.read_bytes()
        except OSError as exc:
            raise self.error(f"cannot be read ({exc.strerror or exc})") from exc
        if self.kind == "qde":
            for name in ("sources", "Sources"):
                folder = self.path.parent / name
                if folder.is_dir():
                    self._folder, self.has_sources = folder.resolve(), True
                    break
        return data

    def _open_zip(self) -> bytes:
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except zipfile.BadZipFile:
            raise self.error("not a valid zip archive (damaged or truncated)") from None
        except OSError as exc:
            raise self.error(f"cannot be read ({exc.strerror or exc})") from None
        if len(infos) > MAX_ENTRIES:
            raise self.error(f"the archive has {len(infos)} entries (limit {MAX_ENTRIES})")
        total = 0
        for info in infos:
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or ".." in parts or _DRIVE.match(name) or ":" in name or "\x00" in name:
                raise self.error(f"unsafe archive: entry with an unsafe name {name!r}")
            total += info.file_size
            if total > MAX_TOTAL_UNCOMPRESSED:
                raise self.error(f"the archive unpacks to over {MAX_TOTAL_UNCOMPRESSED // 2**20} MB (zip bomb?)")
            if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self.error(f"archive entry {name!r} is compressed over {MAX_RATIO}:1 (zip bomb?)")
            if not info.is_dir():
                self._members.setdefault(name.replace("\\", "/").lower(), info)
        roots = [i for i in infos if "/" not in i.filename.replace("\\", "/") and i.filename.lower().endswith(".qde")]
        if not roots:
            raise self.error("no .qde project file at the top of the archive")
        if len(roots) > 1:
            named = [i for i in roots if i.filename.lower() == "project.qde"]
            if not named:
                raise self.error(f"{len(roots)} .qde files at the top of the archive: which one is the project?")
            roots = named
        if roots[0].file_size > MAX_XML_BYTES:
            raise self.error(f"{roots[0].filename} is too large (limit {MAX_XML_BYTES // 2**20} MB)")
        self.has_sources = True
        return self._read_member(roots[0])

    def _read_member(self, info: zipfile.ZipInfo) -> bytes:
        try:
            with self._zip.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise self.error(f"archive entry {info.filename!r} is damaged ({exc})") from None
        if len(data) > info.file_size:
            raise self.error(f"archive entry {info.filename!r} is larger than it claims (zip bomb?)")
        self._read_total += len(data)
        return data

    # -- sources ---------------------------------------------------------------------
    def read(self, ref: str) -> bytes | None:
        """The bytes of a source file named by a plainTextPath (None: not in the package)."""
        for name in candidates(ref):
            if self._zip is not None:
                info = self._members.get(name.lower())
                if info is not None:
                    return self._read_member(info)
            elif self._folder is not None:
                data = self._read_folder(name)
                if data is not None:
                    return data
        return None

    def _read_folder(self, name: str) -> bytes | None:
        rel = name[len("sources/"):] if name.lower().startswith("sources/") else name
        target = (self._folder / rel).resolve()
        if not target.is_relative_to(self._folder) or not target.is_file():
            return None
        size = target.stat().st_size
        if size > MAX_SOURCE_BYTES or self._read_total + size > MAX_TOTAL_UNCOMPRESSED:
            raise self.error(f"source file {rel!r} is too large")
        self._read_total += size
        return target.read_bytes()

    def error(self, reason: str) -> ExchangeError:
        return ExchangeError(self.path, reason)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
