"""Labelled sections inside one Description text, readable by people and other tools.

A code's Description carries our structured codebook fields::

    Plain description paragraph(s)

    Definition: what the code means
    (more lines)

    When to use: ...

    When not to use: ...

    Example: ...

Sections are separated by one blank line and start with ``Label: `` at the start of
a line; empty fields are left out. So that any text round-trips exactly, a line of
the description or of a value that itself starts with a label (after any number of
backslashes) gets one more backslash in front; decoding removes exactly one.
The same codec carries a document's metadata (Source/Author/Published/URL) in the
TextSource's Description.
"""
from __future__ import annotations

import re
from functools import lru_cache

CODE_LABELS = (
    ("definition", "Definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)
DOCUMENT_LABELS = (
    ("source", "Source"),
    ("author", "Author"),
    ("published", "Published"),
    ("url", "URL"),
)
SEPARATOR = "\n\n"


@lru_cache(maxsize=8)
def _patterns(labels: tuple[tuple[str, str], ...]):
    names = "|".join(re.escape(label) for _, label in sorted(labels, key=lambda x: -len(x[1])))
    escape = re.compile(rf"^(\\*)({names}):", re.MULTILINE)
    unescape = re.compile(rf"^\\(\\*(?:{names}):)", re.MULTILINE)
    header = re.compile(rf"^({names}):", re.MULTILINE)
    return escape, unescape, header


def encode(lead: str, values: dict[str, str], labels=CODE_LABELS) -> str:
    """``lead`` (free text) followed by one section per non-empty value."""
    escape, _, _ = _patterns(labels)
    parts = [escape.sub(r"\\\1\2:", lead)] if lead else []
    for key, label in labels:
        value = values.get(key) or ""
        if value:
            parts.append(f"{label}: " + escape.sub(r"\\\1\2:", value))
    return SEPARATOR.join(parts)


def decode(text: str, labels=CODE_LABELS) -> tuple[str, dict[str, str]]:
    """The inverse of ``encode`` (lenient with text written by people or other tools)."""
    _, unescape, header = _patterns(labels)
    key_of = {label: key for key, label in labels}
    values: dict[str, str] = {}
    matches = list(header.finditer(text or ""))
    if not matches:
        return unescape.sub(r"\1", text or ""), values
    lead = _chunk(text[: matches[0].start()])
    for i, match in enumerate(matches):
        begin = match.end()
        if text.startswith(" ", begin):
            begin += 1
        if i + 1 < len(matches):
            raw = _chunk(text[begin: matches[i + 1].start()])
        else:
            raw = text[begin:]
        value = unescape.sub(r"\1", raw)
        key = key_of[match.group(1)]
        values[key] = f"{values[key]}{SEPARATOR}{value}" if key in values else value
    return unescape.sub(r"\1", lead), values


def _chunk(raw: str) -> str:
    """Text before a header, without the separator that precedes the header."""
    if raw.endswith(SEPARATOR):
        return raw[: -len(SEPARATOR)]
    return raw[:-1] if raw.endswith("\n") else raw
