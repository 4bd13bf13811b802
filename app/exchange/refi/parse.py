"""Reading QDA-XML (leniently) into ``model`` objects, with defusedxml.

Accepted: namespaces ``urn:QDA-XML:project:1.0`` / ``1:0`` / ``0:4`` (and codebook
equivalents; any other version with a warning); DTDs and entities are refused
(billion laughs, external entities), as is any root other than Project / CodeBook.
"""
from __future__ import annotations

import re
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree
from xml.etree.ElementTree import Element, ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from app.exchange.refi.errors import ExchangeError
from app.exchange.refi.model import Parsed, PCase, PCode, PCoding, PNote, PSelection, PSource, PUser, PValue, PVariable

KNOWN_VERSIONS = ("1.0", "1:0", "0:4")
VALUE_ELEMENTS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")
_NS = re.compile(r"^\{urn:QDA-XML:(project|codebook):([^}]*)\}", re.IGNORECASE)


def parse_xml(data: bytes, path: Path) -> Element:
    """The element tree of ``data``; a DTD or entity declaration is refused.

    A DTD can only come before the root element, and entities can only be declared in
    one: a file whose prolog has none is read by the standard (C) parser, which builds a
    large tree several times faster than defusedxml's pure-Python parser. Anything else
    (a DTD, a prolog expat cannot read, any parse error) takes defusedxml's path, so
    refusals and error messages are its own.
    """
    if _plain_prolog(data):
        try:
            return ElementTree.fromstring(data)
        except ParseError:
            pass  # the careful path below says why, in its words
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ExchangeError(path, "the XML declares a DTD or entities, which are refused for safety") from None
    except ParseError as exc:
        raise ExchangeError(path, f"not well-formed XML ({exc})") from None


class _RootReached(Exception):
    pass


def _plain_prolog(data: bytes) -> bool:
    """True when expat reaches the root element of ``data`` without meeting a DTD."""
    parser = expat.ParserCreate()
    seen_doctype = []

    def doctype(*_args):
        seen_doctype.append(True)
        raise _RootReached

    def start(*_args):
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _RootReached:
        return not seen_doctype
    except (expat.ExpatError, ValueError):
        return False
    return False  # no root element: let the careful path say so


def parse(data: bytes, path: Path) -> Parsed:
    root = parse_xml(data, path)
    warnings: list[str] = []
    tag = root.tag if isinstance(root.tag, str) else ""
    match = _NS.match(tag)
    local = tag.rsplit("}", 1)[-1]
    if local not in ("Project", "CodeBook"):
        raise ExchangeError(path, f"not a REFI-QDA file (root element <{local}>, expected <Project> or <CodeBook>)")
    if match is None:
        warnings.append(f"{path.name}: no QDA-XML namespace on <{local}>; read anyway")
    elif match.group(2) not in KNOWN_VERSIONS:
        warnings.append(f"{path.name}: unknown QDA-XML version {match.group(2)!r}; read anyway")
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.rsplit("}", 1)[1]
    parsed = Parsed(root=local, origin=root.get("origin") or "", name=root.get("name") or "", warnings=warnings)
    if local == "CodeBook":
        parsed.codes = _code_tree(root.find("Codes"), path)
        return parsed
    for user in _children(root.find("Users"), "User"):
        parsed.users.append(PUser(user.get("guid"), (user.get("name") or user.get("id") or "").strip()))
    book = root.find("CodeBook")
    parsed.codes = _code_tree(book.find("Codes") if book is not None else None, path)
    for variable in _children(root.find("Variables"), "Variable"):
        parsed.variables.append(PVariable(variable.get("guid"), (variable.get("name") or "").strip(),
                                          variable.get("typeOfVariable") or "Text"))
    for case in _children(root.find("Cases"), "Case"):
        parsed.cases.append(PCase(case.get("guid"), case.get("name") or "", _values(case),
                                  _refs(case, "SourceRef")))
    sources = root.find("Sources")
    for source in (list(sources) if sources is not None else []):
        if isinstance(source.tag, str):
            parsed.sources.append(_source(source))
    for note in _children(root.find("Notes"), "Note"):
        parsed.notes.append(PNote(note.get("guid"), note.get("name") or "", _text(note.find("PlainTextContent")),
                                  note.get("plainTextPath"), note.get("creatingUser"),
                                  parse_datetime(note.get("creationDateTime"))))
    parsed.note_refs = _refs(root, "NoteRef")
    return parsed


def _children(parent: Element | None, tag: str) -> list[Element]:
    return [] if parent is None else parent.findall(tag)


def _text(element: Element | None) -> str | None:
    return None if element is None else "".join(element.itertext())


def _refs(element: Element, tag: str) -> list[str]:
    return [r.get("targetGUID") for r in element.findall(tag) if r.get("targetGUID")]


# Deeper code trees are refused with one line (no tool makes them; every view of the
# codebook shows full paths, which would grow with the square of the depth).
MAX_CODE_DEPTH = 100


class CodeTreeTooDeep(ValueError):
    pass


def _codes(parent: Element | None) -> list[PCode]:
    """The code tree under ``parent`` (iterative: no RecursionError at any depth)."""
    out: list[PCode] = []
    if parent is None:
        return out
    # a stack of (element whose children to read, the list they go into, depth);
    # reversed so siblings come out in document order
    stack = [(parent, out, 0)]
    while stack:
        element, into, depth = stack.pop()
        pending = []
        for child in list(element):
            if child.tag == "Codes":  # some tools wrap sub-codes: same level
                pending.append((child, into, depth))
            elif child.tag == "Code":
                if depth >= MAX_CODE_DEPTH:
                    raise CodeTreeTooDeep(f"codes are nested more than {MAX_CODE_DEPTH} levels deep")
                code = PCode(child.get("guid"), (child.get("name") or "").strip(), child.get("color"),
                             _text(child.find("Description")) or "", _refs(child, "NoteRef"))
                into.append(code)
                pending.append((child, code.children, depth + 1))
        stack.extend(reversed(pending))
    return out


def _code_tree(parent: Element | None, path: Path) -> list[PCode]:
    try:
        return _codes(parent)
    except CodeTreeTooDeep as exc:
        raise ExchangeError(path, f"{exc}; nothing was imported") from None


def _values(element: Element) -> list[PValue]:
    out = []
    for value in element.findall("VariableValue"):
        ref = value.find("VariableRef")
        for name in VALUE_ELEMENTS:
            found = value.find(name)
            if found is not None:
                out.append(PValue(ref.get("targetGUID") if ref is not None else None, name, _text(found) or ""))
                break
    return out


def _source(element: Element) -> PSource:
    source = PSource(element.get("guid"), element.tag, element.get("name") or "", element.get("plainTextPath"),
                     element.get("richTextPath") or element.get("path"),
                     _text(element.find("PlainTextContent")), _text(element.find("Description")) or "",
                     parse_datetime(element.get("creationDateTime")))
    source.note_refs = _refs(element, "NoteRef")
    source.values = _values(element)
    for sel in element.findall("PlainTextSelection"):
        source.selections.append(_selection(sel))
    source.other_selections = sum(1 for child in element if isinstance(child.tag, str)
                                  and child.tag.endswith("Selection") and child.tag != "PlainTextSelection")
    return source


def _selection(sel: Element) -> PSelection:
    """One pass over a selection's children (this runs 100,000 times in a large file)."""
    get = sel.get
    description, codings, notes = "", [], []
    for child in sel:
        tag = child.tag
        if tag == "Coding":
            ref, coding_notes = None, []
            for sub in child:
                if sub.tag == "CodeRef":
                    ref = sub.get("targetGUID")
                elif sub.tag == "NoteRef" and sub.get("targetGUID"):
                    coding_notes.append(sub.get("targetGUID"))
            codings.append(PCoding(ref, child.get("creatingUser"), parse_datetime(child.get("creationDateTime")),
                                   coding_notes))
        elif tag == "Description":
            description = "".join(child.itertext())
        elif tag == "NoteRef" and child.get("targetGUID"):
            notes.append(child.get("targetGUID"))
    return PSelection(get("guid"), _int(get("startPosition")), _int(get("endPosition")), get("creatingUser"),
                      parse_datetime(get("creationDateTime")), parse_datetime(get("modifiedDateTime")),
                      description, codings, notes, get("name"))


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_datetime(value: str | None) -> datetime | None:
    """xsd:dateTime -> naive UTC datetime (None when absent or unreadable)."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment
