"""Words for the lexical engine: case and diacritics folded, stop words dropped, stemmed.

Stemming uses the Snowball English stemmer (``snowballstemmer``); stems are cached per
word, so a corpus of millions of words costs one stemmer call per distinct word.
"""
from __future__ import annotations

import unicodedata

import regex
import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

WORD_PATTERN = r"[^\W\d_](?:[\w'’-]*\w)?"  # plain `re` syntax too (scikit-learn's token_pattern)
_WORD = regex.compile(WORD_PATTERN)
_MARKS = regex.compile(r"\p{Mn}+")
_STEMMER = snowballstemmer.stemmer("english")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"s", "t", "said", "says", "say", "mr", "ms", "mrs"}


def fold(text: str) -> str:
    """Lower case without accents: 'Élodie' -> 'elodie'."""
    text = text.casefold()
    if text.isascii():
        return text
    return _MARKS.sub("", unicodedata.normalize("NFKD", text))


_TERMS: dict[str, str | None] = {}  # a folded word -> its stem, or None when it is not a term


def term(word: str) -> str | None:
    """The stem of one folded word, or None for a stop word or a single letter."""
    return _TERMS[word] if word in _TERMS else _term(word)


def _term(word: str) -> str | None:
    plain = word.replace("’", "'")
    if plain.endswith("'s"):
        plain = plain[:-2]
    term = None if len(plain) < 2 or plain in STOP_WORDS else _STEMMER.stemWord(plain)
    if len(_TERMS) < 500_000:
        _TERMS[word] = term
    return term


def words(text: str) -> list[str]:
    """The stemmed content words of ``text``, in order."""
    terms = _TERMS
    out = []
    for word in _WORD.findall(fold(text)):
        term = terms[word] if word in terms else _term(word)
        if term is not None:
            out.append(term)
    return out
