"""Factiva exports (.txt, .rtf, .html): field-coded articles.

Each article is a run of two- or three-letter field codes, each on its own line (or
followed by a tab, as in the HTML export's table rows), with the field's text after it:
``HD`` headline, ``BY`` byline, ``WC`` word count, ``PD`` publication date, ``ET`` time,
``SN`` source name, ``SC`` source code, ``SE`` section, ``ED`` edition, ``PG`` page,
``LA`` language, ``CY`` copyright, ``LP`` lead paragraph, ``TD`` text, ``CO``/``IN``/
``NS``/``RE``/``IPC``/``IPD``/``PUB`` indexing, ``AN`` accession number (it ends the
article). A new ``HD`` starts the next article.
"""
from __future__ import annotations

import re

from .common import BatchArticle, make_article

CODES = ("HD", "BY", "WC", "PD", "ET", "SN", "SC", "SE", "ED", "PG", "LA", "CY", "LP", "TD", "CT", "RF",
         "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "CR", "ART", "NGC", "DE", "ON", "VOL", "CLM")
CODE = re.compile(r"^\s*(" + "|".join(CODES) + r")(?:\s*$|\t\s*(.*)$|\s{2,}(.*)$)")


def looks_like(lines: list[str], suffix: str) -> bool:
    if suffix not in (".txt", ".text", ".rtf", ".html", ".htm"):
        return False
    codes = {m.group(1) for line in lines[:20000] if (m := CODE.match(line))}
    return "HD" in codes and ("TD" in codes or "LP" in codes) and len(codes & {"PD", "SN", "AN", "WC"}) >= 2


def split(lines: list[str]) -> list[BatchArticle]:
    articles: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    code = None
    for line in lines:
        match = CODE.match(line)
        if match:
            code = match.group(1)
            if code == "HD" or current is None:
                current = {}
                articles.append(current)
            current.setdefault(code, [])
            rest = match.group(2) or match.group(3)
            if rest:
                current[code].append(rest)
            continue
        if current is not None and code is not None:
            current[code].append(line)
    out = []
    for number, fields in enumerate(articles, start=1):
        def one(key: str) -> str | None:
            text = " ".join(line.strip() for line in fields.get(key, []) if line.strip())
            return text or None

        body = fields.get("LP", []) + [""] + fields.get("TD", [])
        extra = {"language": one("LA"), "edition": one("ED"), "page": one("PG"),
                 "source code": one("SC"), "accession number": _accession(one("AN"))}
        out.append(make_article(headline=one("HD"), body=body, outlet=one("SN"), date=one("PD"),
                                byline=one("BY"), length=one("WC"), section=one("SE"), extra=extra,
                                number=number))
    return out


def _accession(value: str | None) -> str | None:
    return re.sub(r"^Document\s+", "", value) if value else None
