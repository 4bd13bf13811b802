"""import-codebook keeps the file's code order, and reads .xlsx codebooks (ours and Taguette's)."""
from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from app.coding.codebook import create_code
from app.coding.queries import code_rows
from app.exchange.codebook_import import CodebookImportError, import_codebook
from app.exchange.exports import export
from app.project import Project
from db.models import Code

from .helpers import project_fingerprint


def _paths() -> list[str]:
    return [c.path for c in code_rows()]


def _csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _xlsx(path, header, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


FILE_ORDER = ["Zeta", "Zeta/second", "Zeta/first", "Alpha", "Mu", "Mu/zz", "Mu/aa"]


def test_csv_codebook_keeps_the_file_order(project, tmp_path):
    path = _csv(tmp_path / "book.csv", ["path", "definition"], [[p, f"def of {p}"] for p in FILE_ORDER])
    report = import_codebook(project, path)
    assert sorted(report.added) == sorted(FILE_ORDER)
    assert _paths() == FILE_ORDER  # not alphabetical (Alpha, Mu, ..., Zeta)


def test_new_codes_come_after_the_codes_already_there(project, tmp_path):
    create_code(project, "Existing")
    path = _csv(tmp_path / "book.csv", ["path"], [["Zulu"], ["Bravo"]])
    import_codebook(project, path)
    assert _paths() == ["Existing", "Zulu", "Bravo"]


def test_taguette_csv_sample_keeps_its_order(shared_dir, project):
    path = shared_dir / "refi-qda" / "samples" / "taguette141" / "codebook.csv"
    if not path.is_file():
        pytest.skip("the Taguette sample is not present")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        tags = [row["tag"].strip() for row in csv.DictReader(handle) if row["tag"].strip()]
    import_codebook(project, path)
    assert [c.name for c in code_rows()] == tags
    assert tags != sorted(tags, key=str.lower)  # the sample is not alphabetical: the test means something


def test_our_codebook_xlsx_round_trips_in_order(project, tmp_path):
    create_code(project, "Zeta", colour="#112233", definition="Last letter", example="=A1")
    create_code(project, "b-child", parent="Zeta", when_to_use="-dash first")
    create_code(project, "Alpha", description="+plus first")
    with project.change("reorder") as rec:  # Zeta first, as a user would drag it
        rec.update(Code.get(Code.name == "Zeta"), sort_order=0)
        rec.update(Code.get(Code.name == "Alpha"), sort_order=1)
    expected = [(c.path, c.colour, c.definition, c.when_to_use, c.description, c.example) for c in code_rows()]
    assert [e[0] for e in expected] == ["Zeta", "Zeta/b-child", "Alpha"]
    out = tmp_path / "codebook.xlsx"
    export(project, "codebook-xlsx", out)
    other = Project.create(tmp_path / "other.chorus", coder_name="zoe")
    try:
        report = import_codebook(other, out)
        assert len(report.added) == 3 and not report.skipped
        got = [(c.path, c.colour, c.definition, c.when_to_use, c.description, c.example) for c in code_rows()]
        assert got == expected  # exact text (no quote prefix in XLSX), colours, order
    finally:
        other.close()
        project.activate()


def test_taguette_xlsx_codebook(project, tmp_path):
    path = _xlsx(tmp_path / "taguette.xlsx", ["tag", "description", "number of highlights"],
                 [["interesting", "Worth a second look", 3], ["people/places", None, 0], ["boring", "meh", 12]])
    report = import_codebook(project, path)
    assert report.added == ["interesting", "people\\/places", "boring"] and not report.skipped
    assert [c.name for c in code_rows()] == ["interesting", "people/places", "boring"]
    assert Code.get(Code.name == "interesting").description == "Worth a second look"


@pytest.mark.parametrize("data", [b"PK\x03\x04 truncated zip", b"\x00\x01\x02 not a workbook"])
def test_broken_xlsx_is_one_line_and_changes_nothing(project, tmp_path, data):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(data)
    before = project_fingerprint(project)
    with pytest.raises(CodebookImportError) as caught:
        import_codebook(project, path)
    assert str(caught.value).startswith("broken.xlsx: ") and "\n" not in str(caught.value)
    assert project_fingerprint(project) == before


def test_random_bytes_csv_is_refused(project, tmp_path):
    import random

    rng = random.Random(5)
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(3000)))
    with pytest.raises(CodebookImportError, match="noise.csv: not a text file"):
        import_codebook(project, path)
    assert Code.select().count() == 0
