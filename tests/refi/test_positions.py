"""Other tools' positions: NVivo's UTF-16 units, CRLF counted as one, checked against the text.

The shared NVivo 12 files are real; the QualCoder "MAXQDA line endings" file is written
here the way QualCoder writes it (CRLF text, positions counted on the LF text), because
no such file is among the shared samples.
"""
from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
import zipfile
from html import escape

import pytest

from app.coding import queries
from app.exchange.refi import export_qdpx, import_exchange_file
from app.exchange.refi.positions import CODE_POINTS, CODE_POINTS_LF, UTF16, on_boundary
from app.articles.importing import add_document
from app.coding.segments import code_span
from app.project import Project
from db.models import Document, Segment

NVIVO = ["nvivo-mac-12.7_emoji.qdpx", "nvivo-win-12.6.qdpx", "nvivo-win-12.6_crlf.qdpx"]
USER = "11111111-1111-1111-1111-111111111111"
CODE = "22222222-2222-2222-2222-222222222222"
SRC = "33333333-3333-3333-3333-333333333333"
WORDS = ("the campaign spread across timelines as women shared stories of harassment and abuse while "
         "editors debated whether naming accused men was fair reporting or a trial by hashtag").split()


def _boundary_share(segments) -> float:
    texts = {d.id: d.text for d in Document.select(Document.id, Document.text)}
    ends = [p for s in segments for p in (s.start, s.end)]
    hits = sum(on_boundary(texts[s.document_id], p) for s in segments for p in (s.start, s.end))
    return hits / len(ends)


def _codings(xml: bytes) -> int:
    return sum(1 for e in ET.fromstring(xml).iter() if e.tag.endswith("}Coding"))


def _with_origin(path, out, origin: str | None):
    """A copy of a .qdpx whose project.qde says another producing tool (or none)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.lower().endswith(".qde"):
                replacement = f' origin="{origin}"' if origin is not None else ""
                data = re.sub(rb' origin="[^"]*"', replacement.encode(), data, count=1)
            dst.writestr(info, data)
    return out


@pytest.mark.parametrize("name", NVIVO)
def test_nvivo12_selections_land_on_word_boundaries(samples, project, name):
    path = samples / "nvivo12" / name
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("project.qde")
    report = import_exchange_file(project, path)
    assert report.segments == _codings(xml) == Segment.select().count()
    assert report.skipped == []
    assert _boundary_share(list(Segment.select())) >= 0.98
    (reading,) = report.readings  # one source with selections in each file
    assert reading.reading == UTF16 and reading.confident
    assert "UTF-16 code units" in reading.line() and "NVivo" in reading.line()
    hits, total = reading.on_boundaries
    assert hits / total >= 0.98
    cp_hits, _ = reading.as_code_points
    assert cp_hits / total < 0.75  # read as code points (the old import), far fewer
    assert any(reading.line() in line for line in report.lines())


@pytest.mark.parametrize("name", NVIVO)
def test_nvivo12_files_are_placed_by_the_text_even_without_their_origin(samples, project, tmp_path, name):
    path = _with_origin(samples / "nvivo12" / name, tmp_path / "anonymous.qdpx", None)
    report = import_exchange_file(project, path)
    (reading,) = report.readings
    assert reading.reading == UTF16 and reading.confident
    assert "fall between words" in reading.reason
    assert _boundary_share(list(Segment.select())) >= 0.98


def test_a_wrong_origin_is_overruled_by_the_text(samples, project, tmp_path):
    # the NVivo file claiming to be from Chorus (which counts code points): the text says UTF-16
    path = _with_origin(samples / "nvivo12" / NVIVO[1], tmp_path / "claims-chorus.qdpx", "Chorus 0.1")
    report = import_exchange_file(project, path)
    (reading,) = report.readings
    assert reading.reading == UTF16 and "the text says otherwise" in reading.reason
    assert _boundary_share(list(Segment.select())) >= 0.98


# -- QualCoder's "MAXQDA line endings": CRLF text, positions counted on LF text ------------------
def _prose(seed: int, lines: int = 40) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(lines):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
        out.append(" ".join(words).capitalize() + ".")
    return out


def _selection(index: int, start: int, end: int, name: str | None) -> str:
    named = f' name="{escape(name, quote=True)}"' if name is not None else ""
    return (f'<PlainTextSelection guid="44444444-4444-4444-4444-{index:012d}"{named} startPosition="{start}" '
            f'endPosition="{end}" creatingUser="{USER}"><Coding guid="55555555-5555-5555-5555-{index:012d}" '
            f'creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>')


def _qdpx(tmp_path, file_name: str, text: str, selections: str, origin: str, data: bytes | None = None):
    xml = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p" '
           f'origin="{origin}"><Users><User guid="{USER}" name="colin"/></Users><CodeBook><Codes>'
           f'<Code guid="{CODE}" name="theme" isCodable="true"/></Codes></CodeBook><Sources>'
           f'<TextSource guid="{SRC}" name="interview" plainTextPath="internal://{SRC}.txt">{selections}'
           "</TextSource></Sources></Project>")
    out = tmp_path / file_name
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", xml)
        archive.writestr(f"sources/{SRC}.txt", data if data is not None else text.encode("utf-8"))
    return out


def _maxqda_line_endings(tmp_path, with_names: bool, n: int = 68):
    """68 selections of whole words, positions on the LF text, the text written with CRLF."""
    lines = _prose(7)
    lf_text = "\n".join(lines) + "\n"
    rng = random.Random(3)
    spans = []
    word_spans = [m.span() for m in re.finditer(r"\w+(?: \w+){0,4}", lf_text)]
    for start, end in sorted(rng.sample(word_spans, n)):
        spans.append((start, end))
    selections = "".join(_selection(i, s, e, lf_text[s:e] if with_names else None) for i, (s, e) in enumerate(spans))
    out = _qdpx(tmp_path, f"qualcoder-maxqda-{with_names}.qdpx", lf_text.replace("\n", "\r\n"), selections,
                "QualCoder 3.5")
    return out, lf_text, spans


@pytest.mark.parametrize("with_names", [True, False], ids=["names quote the text", "no names"])
def test_crlf_counted_as_one_is_detected(project, tmp_path, with_names):
    path, lf_text, spans = _maxqda_line_endings(tmp_path, with_names)
    report = import_exchange_file(project, path)
    assert report.segments == 68
    (reading,) = report.readings
    assert reading.reading == CODE_POINTS_LF and reading.confident
    assert "CRLF counted as one" in reading.line()
    assert ("selection names" in reading.reason) == with_names
    got = sorted((r.start, r.end, r.text) for r in queries.segment_rows())
    assert got == [(s, e, lf_text[s:e]) for s, e in spans]  # every one of the 68 on its words
    assert Document.get().text == lf_text


def test_selection_names_decide_and_match_the_text(project, tmp_path):
    # an unknown tool counting UTF-16 units; only the names (quotes) tell
    text = "Start 😀 here. " + " ".join(f"word{i} 👍🏽 said" for i in range(30))
    spans = [m.span() for m in re.finditer(r"word\d+", text)]

    def units(i):
        return len(text[:i].encode("utf-16-le")) // 2

    selections = "".join(_selection(i, units(s), units(e), text[s:e]) for i, (s, e) in enumerate(spans))
    report = import_exchange_file(project, _qdpx(tmp_path, "names.qdpx", text, selections, "SomeTool 1.0"))
    (reading,) = report.readings
    assert reading.reading == UTF16 and "selection names" in reading.reason
    rows = queries.segment_rows()
    assert len(rows) == len(spans)
    assert sorted(r.text for r in rows) == sorted(text[s:e] for s, e in spans)


def test_chorus_export_with_emoji_is_read_back_by_its_quotes(project, tmp_path):
    text = "😀 " * 5 + "First part of the story. 👩‍👩‍👧 Second part, 🎉 third part ends here.\r\nNext line."
    doc = add_document(project, text, "emoji")
    stored = doc.text
    for piece in ("First part", "Second part", "third part ends here", "Next line", "story"):
        start = stored.index(piece)
        code_span(project, doc, start, start + len(piece), "c", create_missing=True)
    before = sorted((r.start, r.end, r.text) for r in queries.segment_rows())
    out = export_qdpx(project, tmp_path / "mine.qdpx")
    other = Project.create(tmp_path / "other.chorus", coder_name="x")
    try:
        report = import_exchange_file(other, out)
        (reading,) = report.readings
        assert reading.reading == CODE_POINTS and reading.confident and "selection names" in reading.reason
        assert sorted((r.start, r.end, r.text) for r in queries.segment_rows()) == before
    finally:
        other.close()
        project.activate()


def test_a_source_that_cannot_be_placed_is_imported_with_a_warning(project, tmp_path):
    # an unknown tool, emoji only: every position of every reading lies between words, nothing tells
    text = "😀" * 80
    selections = "".join(_selection(i, 4 * i + 10, 4 * i + 12, None) for i in range(8))
    report = import_exchange_file(project, _qdpx(tmp_path, "unsure.qdpx", text, selections, ""))
    (reading,) = report.readings
    assert not reading.confident
    assert any("'interview'" in w and "could not be placed with confidence" in w for w in report.warnings)
    assert report.segments == 8  # imported all the same, as the standard says (code points)
    assert reading.reading == CODE_POINTS


def test_text_without_astral_characters_or_crlf_needs_no_decision(project, tmp_path):
    text = "hello world, plain text"
    report = import_exchange_file(project, _qdpx(tmp_path, "plain.qdpx", text, _selection(1, 0, 5, None), ""))
    (reading,) = report.readings
    assert reading.reading == CODE_POINTS and reading.confident and "every reading agrees" in reading.reason
    assert report.warnings == []


def test_few_selections_on_word_boundaries_are_flagged(project, tmp_path):
    text = " ".join(WORDS * 3)
    selections = "".join(_selection(i, 7 * i + 2, 7 * i + 5, None) for i in range(12))
    report = import_exchange_file(project, _qdpx(tmp_path, "odd.qdpx", text, selections, "qc 1.3.2"))
    (reading,) = report.readings
    assert not reading.confident and "may not fit this text" in reading.reason
    assert any("could not be placed" in w for w in report.warnings)


# -- duplicates and bytes that are no text ------------------------------------------------------------
def test_two_sources_with_the_same_text_are_two_documents(project, tmp_path):
    second = SRC.replace("3333", "6666", 1)
    xml = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
           f'<Users><User guid="{USER}" name="u"/></Users><CodeBook><Codes><Code guid="{CODE}" name="c" '
           f'isCodable="true"/></Codes></CodeBook><Sources>'
           f'<TextSource guid="{SRC}" name="Wire in Outlet A" plainTextPath="internal://a.txt">'
           f'{_selection(1, 0, 4, "Wire")}</TextSource>'
           f'<TextSource guid="{second}" name="Wire in Outlet B" plainTextPath="internal://b.txt">'
           f'{_selection(2, 5, 10, "story")}</TextSource></Sources></Project>')
    out = tmp_path / "wire.qdpx"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", xml)
        archive.writestr("sources/a.txt", "Wire story text")
        archive.writestr("sources/b.txt", "Wire story text")
    report = import_exchange_file(project, out)
    assert report.documents == 2 and Document.select().count() == 2
    assert report.duplicate_texts == ["Wire in Outlet B"]
    assert any("'Wire in Outlet B' has the same text as source 'Wire in Outlet A'" in w for w in report.warnings)
    assert sorted((r.document_title, r.text) for r in queries.segment_rows()) == [
        ("Wire in Outlet A", "Wire"), ("Wire in Outlet B", "story")]
    again = import_exchange_file(project, out)  # importing it again adds nothing
    assert (again.documents, again.segments, again.reused_documents) == (0, 0, 2)
    assert Document.select().count() == 2


def test_random_bytes_source_is_refused_and_the_project_unchanged(project, tmp_path):
    from app.errors import ChorusError

    from .conftest import snapshot

    before = snapshot(project)
    rng = random.Random(1)
    noise = bytes(rng.randrange(1, 256) for _ in range(4000))  # no NUL bytes: not refused for those
    path = _qdpx(tmp_path, "noise.qdpx", "", _selection(1, 0, 5, None), "", data=noise)
    with pytest.raises(ChorusError) as caught:
        import_exchange_file(project, path)
    message = str(caught.value)
    assert message.startswith("noise.qdpx: ") and "'interview'" in message and "\n" not in message
    assert "not text" in message or "undecodable" in message
    assert snapshot(project) == before


def test_import_command_prints_the_reading_of_each_source(samples, tmp_path, capsys):
    from app.cli import main

    target = tmp_path / "cli.chorus"
    Project.create(target, coder_name="ana").close()
    code = main(["import", str(target), str(samples / "nvivo12" / NVIVO[0]), str(samples / "nvivo15" /
                                                                                 "nvivo_project.qdpx")])
    out = capsys.readouterr().out
    assert code == 0
    assert "source 'videos_10_selected': positions read as UTF-16 code units" in out
    assert "has the same text as source" in out and "kept as two documents" in out
