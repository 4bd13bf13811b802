"""A small streaming XML writer (fast for 100,000 selections, exact escaping).

Text keeps carriage returns (written as ``&#13;``) so values round-trip through a
parser; characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE/U+FFFF,
lone surrogates) become U+FFFD.
"""
from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# escapes by str.replace, one pass per character that needs one (str.translate looks up
# every character of the text: the slowest part of writing a large project)
_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTR = (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))  # after _TEXT


def xml_safe(value: str) -> str:
    return _ILLEGAL.sub("\ufffd", value) if _ILLEGAL.search(value) else value


def text(value: str) -> str:
    """XML character data: illegal characters replaced, &, <, > and CR escaped."""
    value = xml_safe(value)
    for char, escaped in _TEXT:
        value = value.replace(char, escaped)
    return value


def attr(value: str) -> str:
    """An attribute value: as ``text``, and ", LF and TAB escaped too."""
    value = text(value)
    for char, escaped in _ATTR:
        value = value.replace(char, escaped)
    return value


class XmlWriter:
    def __init__(self):
        self.parts: list[str] = ['<?xml version="1.0" encoding="utf-8"?>\n']
        self._stack: list[str] = []

    def _open(self, tag: str, attrs: dict | None) -> str:
        pad = " " * len(self._stack)
        if not attrs:
            return f"{pad}<{tag}"
        inner = " ".join(f'{k}="{attr(str(v))}"' for k, v in attrs.items() if v is not None)
        return f"{pad}<{tag} {inner}" if inner else f"{pad}<{tag}"

    def start(self, tag: str, attrs: dict | None = None) -> None:
        self.parts.append(self._open(tag, attrs) + ">\n")
        self._stack.append(tag)

    def end(self) -> None:
        tag = self._stack.pop()
        self.parts.append(f"{' ' * len(self._stack)}</{tag}>\n")

    def empty(self, tag: str, attrs: dict | None = None) -> None:
        self.parts.append(self._open(tag, attrs) + "/>\n")

    def element(self, tag: str, value: str, attrs: dict | None = None) -> None:
        self.parts.append(f"{self._open(tag, attrs)}>{text(value)}</{tag}>\n")

    def getvalue(self) -> str:
        if self._stack:
            raise RuntimeError(f"unclosed elements: {self._stack}")
        return "".join(self.parts)
