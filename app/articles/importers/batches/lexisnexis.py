"""LexisNexis Academic plain-text exports.

Layout (one per article): a centred ``N of M DOCUMENTS`` line; centred header lines:
outlet, date line, and sometimes edition lines; the headline (not indented, can wrap);
labelled fields ``BYLINE:``, ``SECTION:``, ``LENGTH:``, ``DATELINE:``, ``HIGHLIGHT:`` ...;
the body; trailing fields ``LOAD-DATE:``, ``LANGUAGE:``, ``GRAPHIC:``,
``PUBLICATION-TYPE:`` ...; a centred copyright notice. A request header comes first.
"""
from __future__ import annotations

import re

from .. import article
from .common import BatchArticle, make_article

SEPARATOR = re.compile(r"^\s*(?:FOCUS - )?(\d+)\s+of\s+(\d+)\s+DOCUMENTS?\s*$", re.IGNORECASE)
FIELD = re.compile(r"^([A-Z][A-Z-]{2,30}):\s*(.*)$")
HEADER_FIELDS = {"BYLINE", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "SOURCE", "EDITION",
                 "BODY", "ABSTRACT", "AUTHOR", "TYPE", "SERIES"}
TRAILING_FIELDS = {"LOAD-DATE", "LANGUAGE", "GRAPHIC", "PUBLICATION-TYPE", "JOURNAL-CODE",
                   "CORRECTION-DATE", "CORRECTION", "URL", "NOTES", "SUBJECT", "DOCUMENT-TYPE",
                   "DISTRIBUTION", "ORGANIZATION", "PERSON", "GEOGRAPHIC", "TICKER", "INDUSTRY",
                   "COMPANY", "CITY", "STATE", "COUNTRY", "TERMS", "PUBLICATION", "ACC-NO"}
COPYRIGHT = re.compile(r"^\s*(?:copyright|©|\(c\))\s", re.IGNORECASE)


def looks_like(lines: list[str], suffix: str) -> bool:
    return suffix in (".txt", ".text") and any(SEPARATOR.match(line) for line in lines[:20000])


def split(lines: list[str]) -> list[BatchArticle]:
    starts = [i for i, line in enumerate(lines) if SEPARATOR.match(line)]
    out = []
    for number, start in enumerate(starts, start=1):
        end = starts[number] if number < len(starts) else len(lines)
        out.append(_article(lines[start + 1:end], number))
    return out


def _article(lines: list[str], number: int) -> BatchArticle:
    # the header: lines before the first labelled field
    first_field = next((i for i, line in enumerate(lines)
                        if (m := FIELD.match(line)) and m.group(1) in HEADER_FIELDS), None)
    header = lines[:first_field] if first_field is not None else lines[:0]
    rest = lines[first_field:] if first_field is not None else lines
    outlet = date = None
    extra: dict[str, str] = {}
    headline: list[str] = []
    edition: list[str] = []
    blocks = _blocks(header)
    for block in blocks:
        text = " ".join(line.strip() for line in block)
        centred = all(line.startswith("   ") for line in block)
        if outlet is None and centred:
            outlet = text
        elif date is None and centred and article.parse_date(block[0]):
            date = block[0].strip()
            edition = [line.strip().rstrip(";") for line in block[1:]]
        elif centred and date is not None and not headline:
            edition.append(text)
        else:
            headline.append(text)
    if edition:
        extra["edition"] = "; ".join(e for e in edition if e)
    # labelled fields, then the body, then trailing fields
    fields: dict[str, str] = {}
    body: list[str] = []
    started = False
    index = 0
    current = None
    while index < len(rest):
        line = rest[index]
        match = FIELD.match(line)
        if not started and match and match.group(1) in HEADER_FIELDS:
            current = match.group(1)
            fields[current] = match.group(2).strip()
        elif not started and current is not None and line.strip():
            fields[current] += " " + line.strip()  # a field wrapped onto the next line
        elif match and match.group(1) in TRAILING_FIELDS:
            break
        else:
            current = None
            started = started or bool(line.strip())
            if started:
                body.append(line)
        index += 1
    trailing = _trailing(rest[index:])
    while body and (not body[-1].strip() or COPYRIGHT.match(body[-1])):
        body.pop()
    if trailing.get("LANGUAGE"):
        extra["language"] = trailing["LANGUAGE"].title()
    if trailing.get("PUBLICATION-TYPE"):
        extra["publication type"] = trailing["PUBLICATION-TYPE"]
    return make_article(headline=" ".join(headline), body=body, outlet=outlet, date=date,
                        byline=fields.get("BYLINE") or fields.get("AUTHOR"), length=fields.get("LENGTH"),
                        section=fields.get("SECTION"), extra=extra, number=number)


def _trailing(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines:
        match = FIELD.match(line)
        if match:
            out.setdefault(match.group(1), match.group(2).strip())
    return out


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    return blocks
