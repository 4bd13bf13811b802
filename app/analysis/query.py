"""The search query language, its tokenizer and its exact matcher (pure Python).

Syntax: words (``harassment``), phrases (``"me too"``), prefixes (``harass*``, also
``"sexual harass"*``), ``AND`` (also implied between terms), ``OR``, ``NOT`` (binary:
``a NOT b`` = a and not b) and parentheses. Operators are upper case; lower-case
``and``/``or``/``not`` are words. Matching is by token, ignoring case and diacritics.
A query of more than ``MAX_TERMS`` terms or parentheses nested deeper than ``MAX_DEPTH``
is refused with one line (``search query too complex: ...``) before anything is built,
so no input can exhaust the stack or run for minutes.

Tokens are maximal runs of letters, digits, marks and private-use characters (Unicode
categories L, N, M, Co); everything else separates. A token's folded form is the
concatenation of each character's fold: full case folding, then canonical
decomposition with the non-spacing marks removed (``Ré`` -> ``re``, ``Straße`` ->
``strasse``). Tokens that fold to nothing (a lone combining mark) are skipped.

This module is the single definition of what matches: the SQLite search index
(``app.analysis.index``) stores where each of these folded tokens occurs and answers the
same boolean question with the same hits as ``Matcher.hits`` scanning the stored text
(the portable path); positions are code points, end exclusive.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator, Union

import regex

from app.errors import ChorusError

TOKEN = regex.compile(r"[\p{L}\p{N}\p{M}\p{Co}]+")
_ASCII_TOKEN = regex.compile(r"[A-Za-z0-9]+")
_MULTI = "\uffff"  # marks a character whose fold is longer than one character


MAX_TERMS = 100  # words, phrases and prefixes in one query
MAX_DEPTH = 32  # parentheses inside parentheses


class QueryError(ChorusError):
    """A search query that cannot be parsed (the message says where)."""


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept)


class _FoldTable(dict):
    """str.translate table: each character to its fold (built lazily, per character)."""

    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        self[code] = value
        return value


class _ShadowTable(dict):
    """Length-preserving fold: one-character folds replace the character; a character
    folding to nothing stays as it is; one folding to several becomes U+FFFF."""

    def __missing__(self, code: int) -> str:
        folded = FOLD_TABLE[code]
        ch = chr(code)
        value = folded if len(folded) == 1 else (ch if not folded else _MULTI)
        if code == 0xFFFF:
            value = _MULTI
        self[code] = value
        return value


FOLD_TABLE = _FoldTable()
SHADOW_TABLE = _ShadowTable()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


_MARK = regex.compile(r"\p{Mn}")


def shadow(text: str) -> tuple[str, bool]:
    """The length-preserving fold of a text (see ``_ShadowTable``), and whether it keeps
    combining marks (characters folding to nothing) that can sit inside a word.

    Mostly-ASCII texts: only the non-ASCII characters are looked up, the rest is
    lower-cased by ``str.lower`` (far faster than translating every character)."""
    extra = len(text.encode("utf-8")) - len(text)  # about 1-3 per non-ASCII character
    if extra * 8 >= len(text):
        return text.translate(SHADOW_TABLE), bool(_MARK.search(text))
    marks = []

    def one(m) -> str:
        ch = m.group()
        value = SHADOW_TABLE[ord(ch)]
        if value == ch and not FOLD_TABLE[ord(ch)]:
            marks.append(ch)
        return value if value.lower() == value else _MULTI  # lower() below must not touch it

    return _NON_ASCII.sub(one, text).lower(), bool(marks)


def _is_token_char(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum()
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


def fold(token: str) -> str:
    """The folded form of a token (or of any text, character by character)."""
    if token.isascii():
        return token.lower()
    return token.translate(FOLD_TABLE)


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded) of every token of ``text`` that folds to something."""
    if text.isascii():
        for m in _ASCII_TOKEN.finditer(text):
            yield m.start(), m.end(), m.group().lower()
        return
    for m in TOKEN.finditer(text):
        folded = m.group().translate(FOLD_TABLE)
        if folded:
            yield m.start(), m.end(), folded


# ASCII bytes: letters lower-cased, digits kept, everything else a space.
_ASCII_SPLIT = bytes(c + 32 if 65 <= c <= 90 else c if (97 <= c <= 122 or 48 <= c <= 57) else 32
                     for c in range(256))


def folded_tokens(text: str) -> list[str]:
    """Just the folded tokens, in order."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_SPLIT).decode("ascii").split()
    out = []
    for tok in TOKEN.findall(text):
        folded = tok.translate(FOLD_TABLE)
        if folded:
            out.append(folded)
    return out


def index_content(text: str) -> str:
    """What the full-text index stores for a text: its folded tokens, space separated.

    An ASCII text is stored as it is: the index's 'ascii' tokenizer splits it at every
    non-alphanumeric ASCII character and lower-cases it, which gives these same tokens.
    """
    if text.isascii():
        return text
    return " ".join(folded_tokens(text))


# -- the query tree ----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word, a phrase (several words in a row) or a prefix (the last word's start)."""

    words: tuple[str, ...]  # folded
    prefix: bool = False
    source: str = ""

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class And:
    positive: tuple["Node", ...]
    negative: tuple["Node", ...] = ()


@dataclass(frozen=True)
class Or:
    options: tuple["Node", ...]


Node = Union[Term, And, Or]

_LEXER = regex.compile(r'\s*(?:(?P<lp>\()|(?P<rp>\))|"(?P<phrase>[^"]*)"(?P<pstar>\*)?|(?P<word>[^\s()"]+))')


def _lex(query: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    query = query.strip()
    while pos < len(query):
        m = _LEXER.match(query, pos)
        if m is None or m.end() == pos:
            if query[pos:].lstrip().startswith('"'):
                raise QueryError(f"search query: a phrase is missing its closing quote: {query[pos:].strip()!r}")
            raise QueryError(f"search query: cannot read {query[pos:].strip()!r}")
        pos = m.end()
        if m.group("lp"):
            out.append(("(", "("))
        elif m.group("rp"):
            out.append((")", ")"))
        elif m.group("phrase") is not None:
            out.append(("phrase", m.group("phrase") + ("*" if m.group("pstar") else "")))
        else:
            word = m.group("word")
            out.append(("op", word) if word in ("AND", "OR", "NOT") else ("word", word))
    return out


def _term(kind: str, raw: str) -> Term:
    prefix = raw.endswith("*")
    body = raw[:-1] if prefix else raw
    words = tuple(folded_tokens(body))
    if not words:
        raise QueryError(f"search query: {raw!r} has no letters or digits to search for")
    shown = f'"{body}"' + ("*" if prefix else "") if kind == "phrase" else raw
    return Term(words, prefix, shown)


class _Parser:
    def __init__(self, items: list[tuple[str, str]]):
        self.items = items
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self) -> tuple[str, str]:
        item = self.items[self.pos]
        self.pos += 1
        return item

    def parse(self) -> Node:
        node = self.or_expr()
        if self.peek() is not None:
            raise QueryError(f"search query: unexpected {self.peek()[1]!r}")
        return node

    def or_expr(self) -> Node:
        options = [self.and_expr()]
        while self.peek() == ("op", "OR"):
            self.take()
            options.append(self.and_expr())
        return options[0] if len(options) == 1 else Or(tuple(options))

    def and_expr(self) -> Node:
        positive, negative = [], []
        while True:
            item = self.peek()
            if item is None or item[0] == ")" or item == ("op", "OR"):
                break
            if item == ("op", "AND"):
                self.take()
                following = self.peek()
                if following is None or following[0] == ")" or following == ("op", "OR") or not positive:
                    raise QueryError("search query: AND needs something on both sides")
                continue
            if item == ("op", "NOT"):
                self.take()
                if self.peek() is None or self.peek()[0] in (")", "op"):
                    raise QueryError("search query: NOT needs something after it")
                negative.append(self.primary())
                continue
            positive.append(self.primary())
        if not positive:
            if negative:
                raise QueryError("search query: NOT needs something to exclude from (a NOT b)")
            raise QueryError("search query: nothing to search for")
        if len(positive) == 1 and not negative:
            return positive[0]
        return And(tuple(positive), tuple(negative))

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "(":
            node = self.or_expr()
            if self.peek() is None or self.peek()[0] != ")":
                raise QueryError("search query: a '(' is not closed")
            self.take()
            return node
        if kind == ")":
            raise QueryError("search query: unexpected ')'")
        return _term(kind, value)


def _check_size(items: list[tuple[str, str]]) -> None:
    """Refuse what would be too big to parse or match (before any recursion)."""
    terms = sum(1 for kind, _ in items if kind in ("word", "phrase"))
    if terms > MAX_TERMS:
        raise QueryError(f"search query too complex: {terms} terms (at most {MAX_TERMS})")
    depth = deepest = 0
    for kind, _ in items:
        if kind == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == ")":
            depth -= 1
    if deepest > MAX_DEPTH:
        raise QueryError(f"search query too complex: parentheses nested {deepest} deep (at most {MAX_DEPTH})")


def parse(query: str) -> Node:
    """Parse a query; raises QueryError (one line) when it cannot be read or is too complex."""
    items = _lex(query)
    if not items:
        raise QueryError("search query: nothing to search for")
    _check_size(items)
    return _Parser(items).parse()


def leaves(node: Node, positive: bool = True) -> list[Term]:
    """The terms whose occurrences are hits (not those under NOT)."""
    if isinstance(node, Term):
        return [node] if positive else []
    if isinstance(node, Or):
        return [t for o in node.options for t in leaves(o, positive)]
    out = [t for p in node.positive for t in leaves(p, positive)]
    return out + [t for n in node.negative for t in leaves(n, False) if not positive]


def all_terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Or):
        return [t for o in node.options for t in all_terms(o)]
    return [t for p in (*node.positive, *node.negative) for t in all_terms(p)]


def evaluate(node: Node, present: dict[Term, bool]) -> bool:
    if isinstance(node, Term):
        return present[node]
    if isinstance(node, Or):
        return any(evaluate(o, present) for o in node.options)
    return all(evaluate(p, present) for p in node.positive) and not any(evaluate(n, present) for n in node.negative)


# -- exact occurrences in a stored text ----------------------------------------------------

_TOKEN_CHAR = r"[\p{L}\p{N}\p{M}\p{Co}]"


def _shadow_pattern(term: Term) -> regex.Pattern:
    parts = []
    for i, word in enumerate(term.words):
        chars = "".join(regex.escape(c) + r"\p{Mn}*" for c in word)
        last = i == len(term.words) - 1
        parts.append(chars + (_TOKEN_CHAR + "*" if (last and term.prefix) else ""))
    body = r"[^\p{L}\p{N}\p{Co}]+".join(parts)
    return regex.compile(rf"(?<!{_TOKEN_CHAR})\p{{Mn}}*{body}(?!{_TOKEN_CHAR})")


def _ascii_pattern(term: Term) -> regex.Pattern | None:
    if not all(w.isascii() for w in term.words):
        return None
    parts = [regex.escape(w) for w in term.words]
    if term.prefix:
        parts[-1] += "[A-Za-z0-9]*"
    return regex.compile(r"(?<![A-Za-z0-9])" + "[^A-Za-z0-9]+".join(parts) + r"(?![A-Za-z0-9])",
                         regex.IGNORECASE | regex.ASCII)


_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class Matcher:
    """Finds the exact occurrences of a query's terms in stored texts.

    Three ways to the same answer, chosen per text: an ASCII text is lower-cased and
    searched with ``str.find``; other texts are searched in their length-preserving
    fold (the "shadow") with a pattern allowing combining marks inside words; a text
    with characters that fold to several (``ß`` -> ``ss``, ligatures) is tokenized and
    every token folded. Every candidate is checked against the exact token folds.
    """

    def __init__(self, node: Node):
        self.node = node
        self.terms = list(dict.fromkeys(all_terms(node)))
        self.hit_terms = list(dict.fromkeys(leaves(node)))
        self._shadow = {t: _shadow_pattern(t) for t in self.terms}
        self._ascii = {t: _ascii_pattern(t) for t in self.terms}

    def _ascii_hits(self, term: Term, text: str, low: str) -> list[tuple[int, int]]:
        if self._ascii[term] is None:
            return []
        first = term.words[0]
        single = len(term.words) == 1
        out = []
        pos = low.find(first)
        size = len(low)
        while pos != -1:
            if pos == 0 or low[pos - 1] not in _ASCII_WORD:
                end = pos + len(first)
                if single:
                    if term.prefix:
                        while end < size and low[end] in _ASCII_WORD:
                            end += 1
                        out.append((pos, end))
                    elif end == size or low[end] not in _ASCII_WORD:
                        out.append((pos, end))
                else:
                    m = self._ascii[term].match(text, pos)
                    if m is not None:
                        out.append(m.span())
            pos = low.find(first, pos + 1)
        return out

    def _term_hits(self, term: Term, text: str, shadow: str | None, cache: dict) -> list[tuple[int, int]]:
        if shadow is None:
            low = cache.get("low")
            if low is None:
                low = cache["low"] = text.lower()
            return self._ascii_hits(term, text, low)
        if _MULTI not in shadow and not cache["marks"]:
            return self._find_hits(term, text, shadow)
        if _MULTI not in shadow:
            out = []
            for m in self._shadow[term].finditer(shadow):
                span = self._verify(term, text, m.start())
                if span is not None:
                    out.append(span)
            return out
        return self._scan(term, text, cache)

    def _find_hits(self, term: Term, text: str, folded: str) -> list[tuple[int, int]]:
        """In a shadow without marks a word's fold is found as it is: str.find, then the
        exact check from a word start of the original text."""
        first = term.words[0]
        out = []
        pos = folded.find(first)
        while pos != -1:
            if pos == 0 or not _is_token_char(text[pos - 1]):
                span = self._verify(term, text, pos)
                if span is not None:
                    out.append(span)
            pos = folded.find(first, pos + 1)
        return out

    def _verify(self, term: Term, text: str, start: int) -> tuple[int, int] | None:
        """The exact check of a candidate found in the shadow text."""
        found = []
        for s, e, folded in tokens_from(text, start):
            found.append((s, e, folded))
            if len(found) == len(term.words):
                break
        return _compare(term, found)

    def _scan(self, term: Term, text: str, cache: dict) -> list[tuple[int, int]]:
        toks = cache.get("tokens")
        if toks is None:
            toks = cache["tokens"] = list(tokens(text))
        n = len(term.words)
        first = term.words[0]
        out = []
        for i in range(len(toks) - n + 1):
            folded = toks[i][2]
            if folded != first and not (n == 1 and term.prefix and folded.startswith(first)):
                continue
            span = _compare(term, toks[i:i + n])
            if span is not None:
                out.append(span)
        return out

    def hits(self, text: str, check: bool = True) -> list[tuple[int, int, Term]]:
        """Occurrences (start, end, term) of the hit terms, by position.

        ``check``: [] unless the text matches the whole query (with ``check=False`` the
        caller knows it does, e.g. the full-text index chose it)."""
        folded, marks = (None, False) if text.isascii() else shadow(text)
        cache: dict = {"marks": marks}
        per_term = {t: self._term_hits(t, text, folded, cache) for t in (self.terms if check else self.hit_terms)}
        if check and not evaluate(self.node, {t: bool(v) for t, v in per_term.items()}):
            return []
        return ordered_hits([per_term[t] for t in self.hit_terms], self.hit_terms)

    def matches(self, text: str) -> bool:
        return bool(self.hits(text))


def tokens_from(text: str, start: int) -> Iterator[tuple[int, int, str]]:
    for m in TOKEN.finditer(text, start):
        folded = fold(m.group())
        if folded:
            yield m.start(), m.end(), folded


def _compare(term: Term, found: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    if len(found) != len(term.words):
        return None
    for i, ((_, _, folded), word) in enumerate(zip(found, term.words)):
        last = i == len(term.words) - 1
        if not (folded == word or (last and term.prefix and folded.startswith(word))):
            return None
    return found[0][0], found[-1][1]


def ordered_hits(per_term: list, terms: list) -> list[tuple[int, int, Term]]:
    """The hits of each term (``per_term[k]``: spans of ``terms[k]``) merged by position,
    longest first at one start, the first term winning a tie (the index gives the same)."""
    keyed = sorted({(s, -e, k) for k, spans in enumerate(per_term) for s, e in spans})
    return _drop_nested([(s, -e, terms[k]) for s, e, k in keyed])


def _drop_nested(hits: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
    """Keep one hit per span; a hit inside an earlier, longer hit is dropped."""
    out: list[tuple[int, int, Term]] = []
    seen: set[tuple[int, int]] = set()
    for s, e, t in hits:
        if (s, e) in seen:
            continue
        if out and s >= out[-1][0] and e <= out[-1][1]:
            continue
        seen.add((s, e))
        out.append((s, e, t))
    return out
