"""The demo project: our own short articles on the 2017 #MeToo campaign, a starter
codebook with definitions, and sample coding by two coders (ana and ben).

``demo_project_path()`` gives a ready demo project in the user's data folder, built
from ``assets/demo`` on first use (and rebuilt when the assets change).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from app.coding.codebook import _create_code, find_code
from app.articles.documents import set_attribute
from app.articles.importing import add_document
from app.project import Project
from db.connection import ProjectFileError
from db.models import Segment

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "demo"
VERSION_KEY = "demo_assets_sha256"


def assets_digest(assets: Path = ASSETS) -> str:
    digest = hashlib.sha256()
    for path in sorted(assets.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(assets).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "chorus"


def demo_project_path(folder: Path | None = None) -> Path:
    """A demo project file, built (or rebuilt when the assets changed) as needed."""
    folder = folder or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.chorus"
    digest = assets_digest()
    if path.exists():
        try:
            with Project.open(path) as existing:
                if existing.setting(VERSION_KEY) == digest:
                    return path
        except ProjectFileError:
            pass
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    build_demo_project(path).close()
    return path


def _add_codes(rec, entries: list[dict], parent=None) -> None:
    fields = ("description", "definition", "when_to_use", "when_not_to_use", "example")
    for entry in entries:
        code = _create_code(rec, entry["name"], parent, entry.get("colour"),
                            **{f: entry.get(f, "") or "" for f in fields})
        _add_codes(rec, entry.get("children", []), code)


def build_demo_project(path: Path, assets: Path = ASSETS) -> Project:
    project = Project.create(path, coder_name="ana")
    codebook = json.loads((assets / "codebook.json").read_text(encoding="utf-8"))
    with project.change("Demo codebook") as rec:
        _add_codes(rec, codebook)
    documents = {}
    for entry in json.loads((assets / "manifest.json").read_text(encoding="utf-8")):
        text = (assets / entry["file"]).read_text(encoding="utf-8")
        doc = add_document(project, text, entry["title"], source=entry.get("source"),
                           author=entry.get("author"), published=entry.get("published"), url=entry.get("url"),
                           import_path=f"assets/demo/{entry['file']}")
        documents[entry["file"]] = doc
        for name, value in entry.get("attributes", {}).items():
            kind = "number" if isinstance(value, (int, float)) else "text"
            set_attribute(project, doc, name, str(value), kind)
    coding = json.loads((assets / "coding.json").read_text(encoding="utf-8"))
    coders = {name: project.coder(name) for name in sorted({c["coder"] for c in coding})}
    with project.change("Demo coding") as rec:
        for item in coding:
            doc = documents[item["file"]]
            start = doc.text.index(item["quote"])
            rec.insert(Segment, document=doc.id, code=find_code(item["code"]).id, coder=coders[item["coder"]].id,
                       start=start, end=start + len(item["quote"]), memo=item.get("memo") or "")
    from app.team.assignments import mark_done  # both demo coders read every article (agreement's done rule)

    for name in coders:
        mark_done(project, [d.id for d in documents.values()], name)
    project.set_setting(VERSION_KEY, assets_digest(assets))
    project.set_setting("project_name", "Demo: #MeToo coverage, 2017-2018")
    return project
