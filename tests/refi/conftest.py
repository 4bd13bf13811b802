"""Helpers for the REFI-QDA tests: XSD validation (xmlschema, tests only), project
snapshots (row counts + a hash of the committed database), sample paths."""
from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "refi-qda" / "schema"
PROJECT_NS = "urn:QDA-XML:project:1.0"
NS = {"q": PROJECT_NS, "c": "urn:QDA-XML:codebook:1.0"}

_schemas: dict[str, object] = {}


def _schema(name: str):
    xmlschema = pytest.importorskip("xmlschema")
    if not (SCHEMA / name).is_file():
        pytest.skip("../shared/refi-qda/schema is not present")
    if name not in _schemas:
        _schemas[name] = xmlschema.XMLSchema(str(SCHEMA / name))
    return _schemas[name]


def assert_valid_project(qde: bytes | str) -> None:
    _schema("Project.xsd").validate(qde.decode("utf-8") if isinstance(qde, bytes) else qde)


def assert_valid_codebook(path: Path) -> None:
    _schema("Codebook.xsd").validate(str(path))


def qde_of(qdpx: Path) -> bytes:
    with zipfile.ZipFile(qdpx) as archive:
        return archive.read("project.qde")


def snapshot(project) -> tuple:
    """Row counts of every table and a hash of the committed database content."""
    con = sqlite3.connect(str(project.path))
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        counts = tuple((t, con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables)
        digest = hashlib.sha256("\n".join(con.iterdump()).encode("utf-8")).hexdigest()
    finally:
        con.close()
    return counts, digest


@pytest.fixture
def samples(shared_dir):
    folder = shared_dir / "refi-qda" / "samples"
    if not folder.is_dir():
        pytest.skip("../shared/refi-qda/samples is not present")
    return folder


@pytest.fixture
def make_project(tmp_path):
    from app.project import Project

    made = []

    def make(name: str = "other", coder: str = "bea"):
        proj = Project.create(tmp_path / f"{name}.chorus", coder_name=coder)
        made.append(proj)
        return proj

    yield make
    for proj in made:
        proj.close()
