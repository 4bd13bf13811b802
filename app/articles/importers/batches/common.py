"""What every splitter returns, and small helpers they share."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import article
from ..document import clean_field, clean_title

_WORDS = re.compile(r"([\d][\d,.\s]*)\s*(?:words?|wörter|wort|mots?|palabras)", re.IGNORECASE)
_PAGE = re.compile(r"[;,]?\s*Pg\.?\s*\w+\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class BatchArticle:
    title: str
    text: str
    source: str | None = None
    published: str | None = None
    author: str | None = None
    attributes: tuple[tuple[str, str, str], ...] = ()


def make_article(*, headline: str | None, body: list[str], outlet: str | None, date: str | None,
                 byline: str | None, length: str | None = None, section: str | None = None,
                 extra: dict[str, str] | None = None, number: int = 0) -> BatchArticle:
    """One article from the pieces a splitter found (strings as in the export)."""
    attributes: list[tuple[str, str, str]] = []
    words = word_count(length)
    if words is not None:
        attributes.append(("length", "number", str(words)))
    if clean_field(section):
        attributes.append(("section", "text", clean_field(section)))
    for name, value in (extra or {}).items():
        if clean_field(value):
            attributes.append((name, "text", clean_field(value)))
    title = clean_title(headline) or f"Article {number}"
    return BatchArticle(
        title=title,
        text=paragraphs_text(body),
        source=clean_field(outlet),
        published=article.parse_date(date or "") or parse_dmy(date),
        author=clean_byline(byline),
        attributes=tuple(attributes),
    )


def word_count(value: str | None) -> int | None:
    if not value:
        return None
    match = _WORDS.search(value) or re.match(r"^\s*([\d][\d,.]*)\s*$", value)
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group(1))
    return int(digits) if digits else None


def clean_byline(value: str | None) -> str | None:
    value = clean_field(value)
    if not value:
        return None
    value = re.sub(r"^(?:by|von|par|por|door|av|di)\s+", "", value, flags=re.IGNORECASE)
    if value.isupper() and len(value) > 3:  # 'BY STEPHEN POLLARD' -> 'Stephen Pollard'
        value = value.title()
    return value


def paragraphs_text(lines: list[str]) -> str:
    """Lines grouped into paragraphs at blank lines; a paragraph's hard-wrapped lines are
    joined with a space; paragraphs are separated by one blank line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        stripped = line.strip()
        if stripped:
            current.append(stripped)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return "\n\n".join(paragraphs)


_DMY = re.compile(r"\b(?P<day>[0-3]?\d)\.?\s+(?P<month>[A-Za-zäéû]+)\.?\s+(?P<year>(?:19|20)\d\d)\b")
_MONTHS_EXTRA = {"januar": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7,
                 "oktober": 10, "dezember": 12, "janvier": 1, "février": 2, "mars": 3, "avril": 4,
                 "juin": 6, "juillet": 7, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11,
                 "décembre": 12}


def parse_dmy(value: str | None) -> str | None:
    """'5. Juli 2019', '16 octobre 2017' (German and French month names)."""
    import datetime as dt

    for match in _DMY.finditer(value or ""):
        month = _MONTHS_EXTRA.get(match.group("month").lower())
        if month:
            try:
                return dt.date(int(match.group("year")), month, int(match.group("day"))).isoformat()
            except ValueError:
                continue
    return None


def strip_page(section: str | None) -> str | None:
    return _PAGE.sub("", section).strip() if section else section
