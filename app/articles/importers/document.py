"""The result type, the rejection error and helpers shared by every format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TITLE_MAX_CHARS = 200

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class ExtractedDocument:
    """Text and metadata read from one file. ``text`` is normalised and never blank."""

    text: str
    title: str
    format: str  # 'text' | 'markdown' | 'html' | 'docx' | 'pdf'
    author: str | None = None
    published: str | None = None  # ISO 'YYYY-MM-DD'
    source: str | None = None
    url: str | None = None
    encoding: str | None = None
    language: str | None = None
    extraction: str | None = None  # how the text was taken, for the import summary
    # typed document attributes stored with the document: (name, type, value)
    attributes: tuple[tuple[str, str, str], ...] = ()


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def display_name(path: Path | str) -> str:
    """A file's name for a one-line message: control characters (newline, ESC, ...) escaped,
    so a hostile name can neither forge lines nor drive a terminal."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                         else f"\\u{ord(m.group(0)):04x}", Path(path).name)


class ImportRejected(Exception):
    """A file that cannot be imported; ``reason`` is one line for the user."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = _CONTROLS.sub(" ", reason)
        super().__init__(f"{display_name(self.path)}: {self.reason}")


def clean_title(value: str | None) -> str | None:
    """Collapse whitespace and shorten to about TITLE_MAX_CHARS; None when blank."""
    if value is None:
        return None
    title = _WS.sub(" ", value).strip()
    if not title:
        return None
    if len(title) > TITLE_MAX_CHARS:
        cut = title[:TITLE_MAX_CHARS]
        space = cut.rfind(" ")
        if space > TITLE_MAX_CHARS // 2:
            cut = cut[:space]
        title = cut.rstrip() + "…"
    return title


def clean_field(value: object) -> str | None:
    """A metadata string trimmed and whitespace-collapsed, or None when blank."""
    if value is None:
        return None
    text = _WS.sub(" ", str(value)).strip()
    return text or None


def first_line_title(text: str) -> str | None:
    """The first non-empty line of *text*, cleaned as a title."""
    for line in text.split("\n"):
        title = clean_title(line)
        if title:
            return title
    return None


def format_size(size: int) -> str:
    """Human size: '512 bytes', '1.5 KB', '50 MB'."""
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024:
            break
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read the whole file, refusing to read more than *max_bytes*."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise ImportRejected(path, "permission denied") from None
    except OSError as exc:
        raise ImportRejected(path, f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise ImportRejected(path, f"file is over the {format_size(max_bytes)} limit")
    return data


def require_text(path: Path, text: str, reason: str = "no text (the file is blank)") -> str:
    """Return *text* unless it is empty or whitespace-only."""
    if not text.strip():
        raise ImportRejected(path, reason)
    return text
