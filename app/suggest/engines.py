"""Which engines exist, and one index per (project, engine, unit), rebuilt when the corpus changes."""
from __future__ import annotations

from app.errors import InvalidOperation
from app.project import Project
from app.suggest.corpus import Units, corpus_signature, load_units

ENGINES = ("lexical", "semantic")
_CACHE: dict[tuple, object] = {}


def index_for(project: Project, engine: str = "lexical", unit: str = "sentence"):
    """The engine's index over the corpus cut into ``unit``s (built once per corpus state)."""
    if engine not in ENGINES:
        raise InvalidOperation(f"unknown engine {engine!r} (use {' or '.join(ENGINES)})")
    key = (id(project.db), engine, unit)
    cached = _CACHE.get(key)
    if cached is not None and cached.units.signature == corpus_signature():
        return cached
    units: Units = load_units(unit)
    if engine == "lexical":
        from app.suggest.lexical import LexicalIndex  # scikit-learn: imported when first needed

        index = LexicalIndex(units)
    else:
        from app.suggest.semantic import SemanticIndex  # optional extra, imported on demand

        index = SemanticIndex(units, project)
    _CACHE[key] = index
    return index


def forget(project: Project) -> None:
    """Drop the project's cached indexes (e.g. when it is closed)."""
    for key in [k for k in _CACHE if k[0] == id(project.db)]:
        del _CACHE[key]
