"""HTML to the text a reader sees (shared by the HTML and Markdown importers).

Uses the stdlib ``html.parser``: nothing is ever fetched. Rules:

* ``script``, ``style``, ``noscript``, ``template``, ``svg``, ``iframe``, ``object`` and
  everything in ``head`` except ``title`` are dropped;
* paragraph-level blocks (p, h1-h6, blockquote, pre, lists, tables, article, section, ...)
  are separated by one blank line; div, li, tr, dt, dd, br and captions start a new line
  (two ``br`` in a row make a blank line); table cells in a row are separated by a tab;
* runs of HTML whitespace inside a line collapse to one space; ``pre`` keeps its text;
* entities are decoded. List items get no bullet or number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas"}
_PARA = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
    "hr", "figure", "article", "section", "header", "footer", "aside", "nav", "main",
    "address", "details", "fieldset", "form", "center", "body",
}
_LINE = {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "summary", "legend", "option"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
LINE, PARA = 1, 2


@dataclass
class HtmlText:
    """Visible text plus what the markup says about itself."""

    text: str = ""
    title: str | None = None  # <title>
    first_h1: str | None = None
    first_heading: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # lower-cased name/property -> content
    links: dict[str, str] = field(default_factory=dict)  # lower-cased rel -> href
    declared_charset: str | None = None


def html_to_text(markup: str) -> HtmlText:
    """Parse *markup* and return its visible text and metadata.

    Raises AssertionError for the rare markup ``html.parser`` itself refuses.
    """
    parser = _Parser()
    parser.feed(markup)
    parser.close()
    return parser.finish()


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = HtmlText()
        self._chunks: list[str] = []
        self._line: list[str] = []
        self._pending = 0
        self._skip: dict[str, int] = {}
        self._pre = 0
        self._list_depth = 0
        self._cells = 0
        self._title: list[str] | None = None
        self._heading: tuple[str, list[str]] | None = None

    # -- tags -------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "link"):
            self._head_tag(tag, {k.lower(): v or "" for k, v in attrs})
            return
        if tag == "body":
            self._skip.pop("head", None)
        if tag == "title" and self.result.title is None:
            self._title = []
            return
        if tag in _SKIP:
            self._skip[tag] = self._skip.get(tag, 0) + 1
            return
        if self._skip:
            return
        if tag == "br":
            if self._line:
                self._break(LINE)
            else:
                self._pending = min(self._pending + 1, PARA)
        elif tag in ("ul", "ol"):
            self._break(LINE if self._list_depth else PARA)
            self._list_depth += 1
        elif tag in _PARA:
            self._break(PARA)
        elif tag in _LINE:
            self._break(LINE)
        if tag == "tr":
            self._cells = 0
        elif tag in ("td", "th"):
            if self._cells:
                self._line.append("\t")
            self._cells += 1
        elif tag == "pre":
            self._pre += 1
        if tag in _HEADINGS and self._heading is None:
            self._heading = (tag, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self.result.title = _collapse("".join(self._title)).strip() or None
            self._title = None
            return
        if tag in _SKIP:
            if self._skip.get(tag):
                self._skip[tag] -= 1
                if not self._skip[tag]:
                    del self._skip[tag]
            return
        if self._skip:
            return
        if tag in ("ul", "ol"):
            self._list_depth = max(0, self._list_depth - 1)
            self._break(LINE if self._list_depth else PARA)
        elif tag in _PARA:
            self._break(PARA)
        elif tag in _LINE:
            self._break(LINE)
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if self._heading is not None and tag == self._heading[0]:
            text = _collapse("".join(self._heading[1])).strip()
            self._heading = None
            if text:
                self.result.first_heading = self.result.first_heading or text
                if tag == "h1":
                    self.result.first_h1 = self.result.first_h1 or text

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
            return
        if self._skip:
            return
        if self._heading is not None:
            self._heading[1].append(data)
        if self._pre:
            if not self._line and data.startswith("\n"):
                data = data[1:]
            self._line.append(data)
            return
        text = _collapse(data)
        if not self._line or self._line[-1].endswith((" ", "\t", "\n")):
            text = text.lstrip(" ")
        if text:
            self._line.append(text)

    # -- output -----------------------------------------------------------------------
    def _break(self, strength: int) -> None:
        line = "".join(self._line).rstrip(" \t\n")
        self._line = []
        if line:
            if self._chunks:
                self._chunks.append("\n\n" if self._pending >= PARA else "\n")
            self._chunks.append(line)
            self._pending = 0
        self._pending = max(self._pending, strength)

    def finish(self) -> HtmlText:
        self._break(PARA)
        self.result.text = "".join(self._chunks)
        return self.result

    def _head_tag(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "meta":
            if attrs.get("charset"):
                self.result.declared_charset = attrs["charset"].strip()
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and attrs.get("content") and key not in self.result.meta:
                self.result.meta[key] = attrs["content"]
        else:
            href = attrs.get("href")
            for rel in (attrs.get("rel") or "").lower().split():
                if href and rel not in self.result.links:
                    self.result.links[rel] = href


def _collapse(text: str) -> str:
    return _HTML_WS.sub(" ", text)
