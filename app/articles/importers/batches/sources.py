"""A batch file as lines of text, whatever it was saved as (.txt, .docx, .rtf, .html)."""
from __future__ import annotations

from pathlib import Path

from striprtf.striprtf import rtf_to_text

from app.text import normalize_text

from ..document import ImportRejected, read_bytes
from ..encoding import decode_bytes

HEAD_BYTES = 256 * 1024  # enough of a file to recognise its layout
HEAD_PARAGRAPHS = 2000


def read_lines(path: Path, max_bytes: int, *, head: bool = False) -> list[str]:
    """Lines of *path* (LF, no BOM, NBSP as space). With *head*, only its beginning."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from ..docx_doc import docx_paragraphs

        paragraphs = docx_paragraphs(path, max_bytes, HEAD_PARAGRAPHS if head else None)
        text = "\n".join(paragraphs)
    else:
        data = _read_head(path) if head else read_bytes(path, max_bytes)
        if suffix == ".rtf":
            text = rtf_text(path, data)
        else:
            text, _ = decode_bytes(data, path) if not head else _decode_head(data, path)
            if suffix in (".html", ".htm"):
                from ..htmltext import HtmlTooDeep, html_to_text

                try:
                    text = html_to_text(normalize_text(text)).text
                except HtmlTooDeep as exc:
                    raise ImportRejected(path, str(exc)) from None
    return normalize_text(text).replace("\u00a0", " ").split("\n")


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError as exc:
        raise ImportRejected(path, f"cannot read file ({exc.strerror or exc})") from None


def _decode_head(data: bytes, path: Path) -> tuple[str, str]:
    try:
        return decode_bytes(data, path)
    except ImportRejected:
        return "", ""  # a cut-off head that does not decode is simply not a batch


def rtf_text(path: Path, data: bytes) -> str:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ImportRejected(path, "not an RTF file (it does not start with {\\rtf)")
    try:
        return rtf_to_text(data.decode("latin-1"), errors="replace")
    except (ValueError, IndexError, UnicodeError) as exc:
        raise ImportRejected(path, f"broken RTF ({type(exc).__name__})") from None
