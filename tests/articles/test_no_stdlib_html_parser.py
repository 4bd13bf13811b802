"""No module of app/ subclasses the standard library's html.parser.HTMLParser (or touches
its private state): Debian's patched Python 3.11.2 broke exactly that (issue 9)."""
from __future__ import annotations

import ast
import html.parser
import importlib
import pkgutil
from pathlib import Path

import app

APP_DIR = Path(app.__file__).parent


def _sources():
    for path in sorted(APP_DIR.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_no_class_in_app_derives_from_html_parser_statically():
    offenders = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    name = ast.unparse(base)
                    if name.split(".")[-1] == "HTMLParser" and "lxml" not in name:
                        offenders.append(f"{path.relative_to(APP_DIR.parent)}: class {node.name}({name})")
            if isinstance(node, ast.ImportFrom) and node.module in ("html.parser", "_markupbase"):
                offenders.append(f"{path.relative_to(APP_DIR.parent)}: from {node.module} import ...")
            if isinstance(node, ast.Attribute) and node.attr in ("_pending", "rawdata", "cdata_elem"):
                offenders.append(f"{path.relative_to(APP_DIR.parent)}: .{node.attr}")
    assert offenders == []


def test_no_loaded_app_module_subclasses_html_parser():
    for info in pkgutil.walk_packages(app.__path__, "app."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    seen, todo = [], list(html.parser.HTMLParser.__subclasses__())
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    assert [c for c in seen if c.__module__.split(".")[0] == "app"] == []


def test_html_import_survives_a_parser_that_uses_pending(tmp_path):
    """The text comes from lxml: a page with an unfinished tag at the end still imports."""
    from app.articles.importers import extract

    path = tmp_path / "cut.html"
    path.write_text("<p>Kept &amp; decoded</p><p>tail <b", encoding="utf-8")
    assert extract(path).text.startswith("Kept & decoded")
