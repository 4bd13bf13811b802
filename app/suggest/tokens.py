"""Words for the lexical engine: case and diacritics folded, stop words dropped, stemmed.

Stemming uses the Snowball English stemmer (``snowballstemmer``); stems are cached per
word, so a corpus of millions of words costs one stemmer call per distinct word.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_STEMMER = snowballstemmer.stemmer("english")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"s", "t", "said", "says", "say", "mr", "ms", "mrs"}


def fold(text: str) -> str:
    """Lower case without accents: 'Élodie' -> 'elodie'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def words(text: str) -> list[str]:
    """The stemmed content words of ``text``, in order."""
    out = []
    for match in _WORD.finditer(fold(text)):
        word = match.group().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 2 or word in STOP_WORDS:
            continue
        out.append(_stem(word))
    return out
