"""HTML to the text a reader sees (shared by the HTML and Markdown importers).

Parsed with lxml (libxml2's HTML parser, which never fetches anything). Rules:

* ``script``, ``style``, ``noscript``, ``template``, ``svg``, ``iframe``, ``object`` and
  everything in ``head`` except ``title`` are dropped, as are comments;
* paragraph-level blocks (p, h1-h6, blockquote, pre, lists, tables, article, section, ...)
  are separated by one blank line; div, li, tr, dt, dd, br and captions start a new line
  (two ``br`` in a row make a blank line); table cells in a row are separated by a tab;
* runs of HTML whitespace inside a line collapse to one space; ``pre`` keeps its text;
* entities are decoded. List items get no bullet or number.

The tree is walked without recursion, so deeply nested markup cannot exhaust the stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas"})
_PARA = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
    "hr", "figure", "article", "section", "header", "footer", "aside", "nav", "main",
    "address", "details", "fieldset", "form", "center", "body",
}
_LINE = {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "summary", "legend", "option"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
LINE, PARA = 1, 2
MAX_DEPTH = 2048  # libxml2's element depth limit with huge_tree; deeper markup loses its text


class HtmlTooDeep(ValueError):
    """Markup nested deeper than the parser reads; the message is one line."""


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


def parse_html(markup: str) -> etree._Element | None:
    """The lxml tree of *markup* (a decoded string), or None when there is no markup at all.

    The text is handed to libxml2 as UTF-8 bytes with the encoding stated, so an XML
    declaration or a ``<meta charset>`` inside the string cannot make it decode again.
    Raises HtmlTooDeep rather than silently losing what is nested deeper than MAX_DEPTH.
    """
    data = markup.replace("\x00", "\ufffd").encode("utf-8", "surrogatepass")
    if not data.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  no_network=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):  # 'Document is empty' and the like
        root = None
    for error in parser.error_log:
        if "Excessive depth" in error.message:
            raise HtmlTooDeep(f"HTML nested over {MAX_DEPTH} levels deep (its text would be cut off there)")
    return root


def html_to_text(markup: str) -> HtmlText:
    """Parse *markup* and return its visible text and metadata."""
    root = parse_html(markup)
    if root is None:
        return HtmlText()
    return tree_to_text(root)


def tree_to_text(root: etree._Element, skip: frozenset[str] = SKIP) -> HtmlText:
    """Visible text and metadata of an lxml tree (elements whose tag is in *skip* are dropped)."""
    result = HtmlText()
    _read_head(root, result)
    writer = _TextWriter()
    skipping = 0
    heading: tuple[etree._Element, list[str]] | None = None
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is not None:
            tag = tag.lower()
        if event == "start":
            if tag is None:
                continue
            if skipping or tag in skip or tag == "title":
                skipping += 1
                continue
            writer.start(tag)
            if tag in _HEADINGS and heading is None:
                heading = (el, [])
            if el.text:
                writer.data(el.text)
                if heading is not None:
                    heading[1].append(el.text)
            continue
        # end
        if tag is not None:
            if skipping:
                skipping -= 1
                if skipping:
                    continue
            else:
                writer.end(tag)
                if heading is not None and heading[0] is el:
                    text = _collapse("".join(heading[1])).strip()
                    heading = None
                    if text:
                        result.first_heading = result.first_heading or text
                        if tag == "h1":
                            result.first_h1 = result.first_h1 or text
        elif skipping:
            continue
        if el.tail:
            writer.data(el.tail)
            if heading is not None:
                heading[1].append(el.tail)
    result.text = writer.finish()
    return result


def _read_head(root: etree._Element, result: HtmlText) -> None:
    for title in root.iter("title"):
        if not _inside(title, {"svg"}):
            result.title = _collapse(title.text_content()).strip() or None
            break
    for meta in root.iter("meta"):
        attrs = {k.lower(): v or "" for k, v in meta.attrib.items()}
        if attrs.get("charset") and result.declared_charset is None:
            result.declared_charset = attrs["charset"].strip()
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and attrs.get("content") and key not in result.meta:
            result.meta[key] = attrs["content"]
    for link in root.iter("link"):
        href = link.get("href")
        for rel in (link.get("rel") or "").lower().split():
            if href and rel not in result.links:
                result.links[rel] = href


def _inside(el: etree._Element, tags: set[str]) -> bool:
    return any(isinstance(a.tag, str) and a.tag.lower() in tags for a in el.iterancestors())


class _TextWriter:
    """Lines and paragraph breaks from a stream of start tags, end tags and text."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._line: list[str] = []
        self._break_wanted = 0
        self._pre = 0
        self._list_depth = 0
        self._cells = 0

    def start(self, tag: str) -> None:
        if tag == "br":
            if self._line:
                self._break(LINE)
            else:
                self._break_wanted = min(self._break_wanted + 1, PARA)
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

    def end(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._list_depth = max(0, self._list_depth - 1)
            self._break(LINE if self._list_depth else PARA)
        elif tag in _PARA:
            self._break(PARA)
        elif tag in _LINE:
            self._break(LINE)
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def data(self, data: str) -> None:
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

    def _break(self, strength: int) -> None:
        line = "".join(self._line).rstrip(" \t\n")
        self._line = []
        if line:
            if self._chunks:
                self._chunks.append("\n\n" if self._break_wanted >= PARA else "\n")
            self._chunks.append(line)
            self._break_wanted = 0
        self._break_wanted = max(self._break_wanted, strength)

    def finish(self) -> str:
        self._break(PARA)
        return "".join(self._chunks)


def _collapse(text: str) -> str:
    return _HTML_WS.sub(" ", text)
