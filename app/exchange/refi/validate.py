"""A light QDA-XML 1.0 check without a schema library: what other tools would reject.

Checks the root element and namespace, GUID-typed attributes, colours, required
attributes and positions. (The test-suite validates our own exports against the
official XSDs; this is for telling users why a file from elsewhere is not valid.)
"""
from __future__ import annotations

import re
from pathlib import Path

from app.exchange.refi.errors import ExchangeError
from app.exchange.refi.ids import GUID_RE
from app.exchange.refi.package import Package, sniff
from app.exchange.refi.parse import parse_xml

GUID_ATTRS = ("guid", "targetGUID", "creatingUser", "modifyingUser", "creatingUserGUID", "modifyingUserGUID",
              "representedGUID", "sourceVertex", "targetVertex", "originGUID", "fromSyncPoint", "toSyncPoint")
RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
REQUIRED = {"Code": ("guid", "name", "isCodable"), "User": ("guid",), "TextSource": ("guid",),
            "PlainTextSelection": ("guid", "startPosition", "endPosition"), "Coding": ("guid",),
            "Note": ("guid",), "Set": ("guid", "name"), "Variable": ("guid", "name", "typeOfVariable"),
            "Project": ("name",)}
NAMESPACES = {"Project": "urn:QDA-XML:project:1.0", "CodeBook": "urn:QDA-XML:codebook:1.0"}
MAX_PROBLEMS = 50


def validate(path: Path | str) -> list[str]:
    """Problems that make the file invalid QDA-XML 1.0 ([] when none were found)."""
    path = Path(path)
    kind = sniff(path)
    if kind is None:
        return [f"{path.name}: not a REFI-QDA file"]
    try:
        with Package(path, kind) as package:
            root = parse_xml(package.xml, path)
    except ExchangeError as exc:
        return [str(exc)]
    problems: list[str] = []
    local = root.tag.rsplit("}", 1)[-1]
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if local not in NAMESPACES:
        return [f"root element <{local}> is not <Project> or <CodeBook>"]
    if namespace != NAMESPACES[local]:
        problems.append(f"namespace {namespace or '(none)'!r} instead of {NAMESPACES[local]!r}")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        for name in REQUIRED.get(tag, ()):
            if element.get(name) is None:
                problems.append(f"<{tag}> without the required attribute {name}")
        for name in GUID_ATTRS:
            value = element.get(name)
            if value is not None and not GUID_RE.match(value):
                problems.append(f"<{tag} {name}={value!r}>: not a GUID")
        colour = element.get("color")
        if colour is not None and not RGB.match(colour):
            problems.append(f"<{tag} color={colour!r}>: not #RRGGBB")
        for name in ("startPosition", "endPosition"):
            value = element.get(name)
            if value is not None and not re.fullmatch(r"\s*[+-]?\d+\s*", value):
                problems.append(f"<{tag} {name}={value!r}>: not an integer")
        if len(problems) >= MAX_PROBLEMS:
            problems.append("... (more problems not listed)")
            break
    return problems
