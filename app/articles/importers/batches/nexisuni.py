"""Nexis Uni exports (.docx, .rtf).

Layout: a cover page (``Documents (N)`` and a numbered list of headlines), then per
article: the headline, the outlet, the date line, sometimes a copyright line, labelled
fields (``Section:``, ``Length:``, ``Byline:``, ``Dateline:``, ``Highlight:``), the line
``Body``, the text, optional ``Classification`` fields (``Language:``, ``Load-Date:``,
``Subject:``, ...), and ``End of Document``.
"""
from __future__ import annotations

import re

from .. import article
from .common import BatchArticle, make_article, parse_dmy

END = re.compile(r"^\s*End of Document\s*$", re.IGNORECASE)
FIELD = re.compile(r"^\s*(Section|Length|Byline|Dateline|Highlight|Edition|Series|Column|Author|Source|"
                   r"Type|Abstract)\s*:\s*(.*)$", re.IGNORECASE)
TRAILING = re.compile(r"^\s*(Classification|Load-Date|Language|Publication-Type|Journal Code|Subject|"
                      r"Organization|Person|Geographic|Industry|Company|Ticker|Graphic|Notes|Correction|"
                      r"Correction-Date|Document-Type|Publication|URL)\b\s*:?\s*(.*)$", re.IGNORECASE)
COPYRIGHT = re.compile(r"^\s*(?:copyright|©|\(c\))\s", re.IGNORECASE)


def looks_like(lines: list[str], suffix: str) -> bool:
    if suffix not in (".docx", ".rtf"):
        return False
    head = lines[:20000]
    return (any(END.match(line) for line in head)
            and any(FIELD.match(line) for line in head)
            and any(line.strip() == "Body" for line in head))


def split(lines: list[str]) -> list[BatchArticle]:
    blocks, current = [], []
    for line in lines:
        if END.match(line):
            blocks.append(current)
            current = []
        else:
            current.append(line)
    out = []
    for block in blocks:
        parsed = _article(block, len(out) + 1)
        if parsed is not None:
            out.append(parsed)
    return out


def _article(lines: list[str], number: int) -> BatchArticle | None:
    body_at = next((i for i, line in enumerate(lines) if line.strip() == "Body"), None)
    field_at = next((i for i, line in enumerate(lines[:body_at]) if FIELD.match(line)), body_at)
    if field_at is None:
        return None
    fields: dict[str, str] = {}
    for line in lines[field_at:body_at]:
        match = FIELD.match(line)
        if match:
            fields[match.group(1).lower()] = match.group(2).strip()
    # headline, outlet and date: the last non-blank lines before the fields
    before = [line.strip() for line in lines[:field_at] if line.strip() and not COPYRIGHT.match(line)]
    date_at = next((i for i in range(len(before) - 1, -1, -1)
                    if article.parse_date(before[i]) or parse_dmy(before[i])), None)
    date = outlet = headline = None
    if date_at is not None:
        date = before[date_at]
        outlet = before[date_at - 1] if date_at >= 1 else None
        headline = before[date_at - 2] if date_at >= 2 else None
    elif before:
        headline = before[-1]
    start = body_at + 1 if body_at is not None else field_at + len(fields)
    body: list[str] = []
    trailing: dict[str, str] = {}
    in_trailing = False
    for line in lines[start:]:
        match = TRAILING.match(line)
        if match and (in_trailing or match.group(1).lower() in ("classification", "load-date")
                      or ":" in line):
            in_trailing = True
            trailing.setdefault(match.group(1).lower(), match.group(2).strip())
            continue
        if not in_trailing:
            body.append(line)
    extra = {}
    section = fields.get("section")
    version = re.search(r";?\s*Version\s*:\s*(\S+)\s*$", section or "")
    if version:
        section = section[:version.start()].strip()
        extra["version"] = version.group(1)
    if trailing.get("language"):
        extra["language"] = trailing["language"].title()
    if trailing.get("publication-type"):
        extra["publication type"] = trailing["publication-type"]
    return make_article(headline=headline, body=body, outlet=outlet, date=date,
                        byline=fields.get("byline") or fields.get("author"), length=fields.get("length"),
                        section=section, extra=extra, number=number)
