"""Modest heuristics for news articles pasted as text: title, byline, date.

They only read the text; they never change it. Lines are counted without blank lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .document import clean_field, clean_title

AUTHOR_LINES = 10
DATE_LINES = 15
SIGNATURE_LINES = 5
MAX_META_LINE = 120
HEAD_CHARS = 64 * 1024
TAIL_CHARS = 4 * 1024

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    re.compile(rf"\b{_YEAR}-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(rf"\b{_YEAR}/(?P<mon>[01]?\d)/(?P<day>[0-3]?\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
)
_BYLINE = re.compile(r"^(?:written\s+by|by)\s+(?P<rest>.+)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:\||•|·|\s[-–—]\s|,\s*(?:published|updated|posted)\b)\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|de|van|von|der|den|da|di|du|la|le|al|bin|ibn)$")
_LABEL = re.compile(r"^(?:published|updated|posted|photo|image|credit)\b", re.IGNORECASE)
_CREDIT = re.compile(r"^(?:photo|image|picture|credit|source)s?\s*:|^[\w.'’ -]{1,40}/[\w.'’ -]{1,40}$", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleMeta:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    source: str | None = None


def parse_date(value: str | None) -> str | None:
    """The first date in *value* as ISO 'YYYY-MM-DD', or None."""
    if not value:
        return None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(value):
            iso = _to_iso(match)
            if iso:
                return iso
    return None


def iso_date(value: dt.date | dt.datetime | None) -> str | None:
    """ISO date of a date/datetime, or None."""
    return value.date().isoformat() if isinstance(value, dt.datetime) else (
        value.isoformat() if isinstance(value, dt.date) else None
    )


def _to_iso(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    if parts.get("month"):
        month = _MONTHS[parts["month"].lower()[:3]]
    else:
        month = int(parts["mon"])
    try:
        return dt.date(int(parts["year"]), month, int(parts["day"])).isoformat()
    except ValueError:
        return None


def analyse(text: str) -> ArticleMeta:
    """Title, author, date and outlet guessed from the first lines of *text*."""
    if len(text) > HEAD_CHARS + TAIL_CHARS:  # only the top and the end are read: bounded time
        text = text[:HEAD_CHARS] + "\n" + text[-TAIL_CHARS:].split("\n", 1)[-1]
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title_index = _title_index(lines)
    author = source = None
    for index, line in enumerate(lines[:AUTHOR_LINES]):
        if index != title_index and len(line) <= MAX_META_LINE:
            author, source = _byline(line)
            if author:
                break
    if author is None:
        for line in lines[-SIGNATURE_LINES:]:
            match = _BYLINE.match(line)
            if match and len(line) <= MAX_META_LINE:
                author = _name(_SEPARATORS.split(match.group("rest"))[0])
                if author:
                    break
    published = None
    bare = False
    for line in lines[:DATE_LINES]:
        if len(line) <= MAX_META_LINE:
            published = parse_date(line)
            if published:
                bare = _is_bare_date(line)
                break
    if published and bare:
        published = _unless_view_date(published, lines)
    title = clean_title(lines[title_index]) if title_index is not None else None
    return ArticleMeta(title=title, author=author, published=published, source=source)


# An embedded post's signature line, as pasted from a page: '— Name (@handle) October 15, 2017'
_EMBED = re.compile(r"^\s*[—–-]\s*.{1,80}\(@\w{1,30}\)\s*(?P<date>.+)$")
VIEW_DATE_GAP_DAYS = 365


def _is_bare_date(line: str) -> bool:
    """A line that is only a date (and maybe a weekday): no 'Published', no byline."""
    rest = line
    for pattern in _DATE_PATTERNS:
        rest = pattern.sub("", rest)
    rest = re.sub(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", "", rest, flags=re.IGNORECASE)
    return not re.sub(r"[\W_]+", "", rest)


def _unless_view_date(published: str, lines: list[str]) -> str:
    """A bare date line at the top of pasted text is often the page's masthead showing the
    day it was viewed. When the article quotes embedded posts (tweets) and the latest of
    them is over a year before that date, the article was published then: take the
    latest embedded post's date instead."""
    embedded = []
    for line in lines:
        match = _EMBED.match(line)
        if match and len(line) <= MAX_META_LINE:
            date = parse_date(match.group("date"))
            if date:
                embedded.append(date)
    if not embedded:
        return published
    latest = max(embedded)
    gap = (dt.date.fromisoformat(published) - dt.date.fromisoformat(latest)).days
    return latest if gap > VIEW_DATE_GAP_DAYS else published


def _title_index(lines: list[str]) -> int | None:
    """First line that is not a bare date, photo credit or byline; else the first line."""
    for index, line in enumerate(lines[:5]):
        if _is_furniture(line):
            continue
        return index
    return 0 if lines else None


def _is_furniture(line: str) -> bool:
    if _CREDIT.match(line) or (_BYLINE.match(line) and _byline(line)[0]):
        return True
    date = parse_date(line)
    if date is None:
        return False
    rest = line
    for pattern in _DATE_PATTERNS:
        rest = pattern.sub("", rest)
    return len(re.sub(r"[\W_]+", "", rest)) <= 12  # 'Published: ', 'Updated' and the like


def parse_byline(line: str) -> tuple[str | None, str | None]:
    """(author, outlet) from a byline such as 'By Jane Doe | Outlet'; (None, None) if not one."""
    return _byline(line)


def _byline(line: str) -> tuple[str | None, str | None]:
    """(author, outlet) from 'By Jane Doe | Outlet' or 'Jane Doe | Outlet'."""
    match = _BYLINE.match(line)
    parts = _SEPARATORS.split(match.group("rest") if match else line)
    if not match and len(parts) != 2:
        return None, None
    author = _name(parts[0], allow_single=bool(match))
    if author is None:
        return None, None
    source = None
    if len(parts) > 1 and not _LABEL.match(parts[1]) and parse_date(parts[1]) is None:
        if 1 <= len(parts[1].split()) <= 6 and ":" not in parts[1]:
            source = clean_field(parts[1])
    return author, source


def _name(value: str, allow_single: bool = True) -> str | None:
    """*value* when it looks like one or two personal names (or an agency)."""
    value = value.strip(" ,;:")
    if not value or any(ch.isdigit() for ch in value):
        return None
    for person in re.split(r"\s+(?:and|&)\s+", value):
        words = person.split()
        if not (1 if allow_single else 2) <= len(words) <= 5:
            return None
        if not all(_NAME_WORD.match(word) for word in words) or not words[0][0].isupper():
            return None
    return clean_field(value)
