"""The lexical engine: TF-IDF over stemmed content words, cosine similarity.

TF-IDF (scikit-learn; sublinear term frequency, L2-normalised rows) is fitted on every
unit of the corpus. A code is represented by its coded segments; a
unit's score is the mean of its similarity to the segments' centroid (what the code
is about overall) and its best similarity to any one segment (a close paraphrase of
one example counts even when the code is broad). Scores lie in [0, 1].
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from app.suggest.corpus import Units
from app.suggest.tokens import WORD_PATTERN, fold, term

NAME = "lexical"
MAX_EXAMPLES = 2000  # the newest examples count for the best single match; all would cost more than they tell


def _row_max(product) -> np.ndarray:
    """Each row's largest value (0 for an empty row) of a non-negative CSR matrix,
    without the index sort that ``.max(axis=1)`` asks for."""
    indptr = product.indptr
    best = np.zeros(product.shape[0], dtype=np.float32)
    filled = np.diff(indptr) > 0
    if filled.any():
        best[filled] = np.maximum.reduceat(product.data, indptr[:-1][filled])
    return best


class LexicalIndex:
    """Counting is scikit-learn's (its tokenizer runs in C); stemming and stop words are
    applied to the vocabulary, one stemmer call per distinct word, by merging the count
    columns of words with the same stem: the same matrix as stemming every token."""

    name = NAME

    def __init__(self, units: Units):
        self.units = units
        self.counter = CountVectorizer(preprocessor=fold, token_pattern=WORD_PATTERN, lowercase=False,
                                       dtype=np.float32)
        self.tfidf = TfidfTransformer(sublinear_tf=True)
        self.terms: list[str] = []
        if not len(units):
            self.matrix = sparse.csr_matrix((0, 0), dtype=np.float32)
            return
        try:
            counts = self.counter.fit_transform(units.texts)
        except ValueError:  # no word at all in the corpus
            self.matrix = sparse.csr_matrix((len(units), 0), dtype=np.float32)
            return
        ids: dict[str, int] = {}
        rows, cols = [], []
        for i, word in enumerate(self.counter.get_feature_names_out()):
            stem = term(word)
            if stem is not None:
                rows.append(i)
                cols.append(ids.setdefault(stem, len(ids)))
        self.terms = list(ids)
        self.mapping = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                                         shape=(counts.shape[1], len(ids)))
        self.matrix = self.tfidf.fit_transform(counts @ self.mapping).astype(np.float32).tocsr()

    @property
    def nbytes(self) -> int:
        m = self.matrix
        return int(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes)

    def vectors(self, texts: list[str]):
        if not texts or self.matrix.shape[1] == 0:
            return sparse.csr_matrix((len(texts), self.matrix.shape[1]), dtype=np.float32)
        counts = self.counter.transform(texts) @ self.mapping
        return self.tfidf.transform(counts).astype(np.float32).tocsr()

    def scores(self, examples: list[str], rows: np.ndarray | None = None) -> np.ndarray:
        """Score units (all, or the given rows) against the example texts.

        Computed over the whole matrix and then picked: cheaper than copying the rows."""
        n = self.matrix.shape[0]
        if not examples or n == 0 or self.matrix.shape[1] == 0:
            return np.zeros(n if rows is None else len(rows), dtype=np.float32)
        ex = self.vectors(examples[-MAX_EXAMPLES:])
        centroid = np.asarray(ex.mean(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        to_centroid = self.matrix @ (centroid / norm) if norm else np.zeros(n, dtype=np.float32)
        best = _row_max(self.matrix @ ex.T)
        out = (0.5 * np.asarray(to_centroid).ravel() + 0.5 * best).astype(np.float32)
        return out if rows is None else out[rows]

    def text_scores(self, text: str, examples_by_code: dict[int, list[str]]) -> dict[int, float]:
        """How well one passage fits each code (same formula, the passage as the unit)."""
        vec = self.vectors([text])
        out = {}
        for code_id, examples in examples_by_code.items():
            if not examples:
                continue
            ex = self.vectors(examples)
            centroid = np.asarray(ex.mean(axis=0)).ravel()
            norm = np.linalg.norm(centroid)
            c = float((vec @ (centroid / norm))[0]) if norm else 0.0
            b = float((vec @ ex.T).max()) if ex.shape[0] else 0.0
            out[code_id] = 0.5 * c + 0.5 * b
        return out
