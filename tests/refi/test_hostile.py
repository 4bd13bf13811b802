"""Hostile or broken files fail with ExchangeError and leave the project exactly as it was."""
import zipfile

import pytest

from app.coding import codebook
from app.articles.importing import add_document
from app.exchange.refi import ExchangeError, import_exchange_file, package

from .conftest import snapshot

NS = 'xmlns="urn:QDA-XML:project:1.0"'
USER = "11111111-1111-1111-1111-111111111111"
CODE = "22222222-2222-2222-2222-222222222222"
SRC = "33333333-3333-3333-3333-333333333333"


def qde(selections: str = "", path: str = f"internal://{SRC}.txt") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><Project {NS} name="p"><Users><User guid="{USER}" name="u"/>'
            f'</Users><CodeBook><Codes><Code guid="{CODE}" name="c" isCodable="true"/></Codes></CodeBook>'
            f'<Sources><TextSource guid="{SRC}" name="s" plainTextPath="{path}">{selections}</TextSource>'
            "</Sources></Project>")


def sel(start, end, guid="44444444-4444-4444-4444-{:012d}"):
    return (f'<PlainTextSelection guid="{guid.format(start * 1000 + end)}" startPosition="{start}" '
            f'endPosition="{end}"><Coding guid="55555555-5555-5555-5555-555555555555" creatingUser="{USER}">'
            f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>')


def qdpx(tmp_path, xml: str, files: dict[str, bytes] | None = None, name="x.qdpx"):
    out = tmp_path / name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for member, data in (files if files is not None else {f"sources/{SRC}.txt": b"hello world"}).items():
            archive.writestr(member, data)
    return out


@pytest.fixture
def busy(project):
    add_document(project, "existing text", "Existing")
    codebook.create_code(project, "Existing code")
    return project


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
                  f'<Project {NS} name="&lol3;"/>')
EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            f'<Project {NS} name="&xxe;"/>')


def _zip_with_names(tmp_path, names):
    out = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde())
        for name in names:
            info = zipfile.ZipInfo(name)
            archive.writestr(info, b"x")
    return out


def _bomb(tmp_path):
    out = tmp_path / "bomb.qdpx"
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde())
        with archive.open(f"sources/{SRC}.txt", "w", force_zip64=True) as handle:
            for _ in range(64):  # 64 MB of zeros: about 64 KB compressed, written as a stream
                handle.write(chunk)
    return out


CASES = {
    "billion laughs": (lambda t: qdpx(t, BILLION_LAUGHS), "refused for safety"),
    "external entity": (lambda t: qdpx(t, EXTERNAL), "refused for safety"),
    "bare qde with DTD": (lambda t: _write(t / "lol.qde", BILLION_LAUGHS), "refused for safety"),
    "dot-dot entry": (lambda t: _zip_with_names(t, ["sources/../../evil.txt"]), "unsafe name"),
    "absolute entry": (lambda t: _zip_with_names(t, ["/etc/evil.txt"]), "unsafe name"),
    "drive letter entry": (lambda t: _zip_with_names(t, ["C:/evil.txt"]), "unsafe name"),
    "zip bomb": (_bomb, "zip bomb"),
    "missing source file": (lambda t: qdpx(t, qde(sel(0, 5)), files={}), "is missing"),
    "selections out of range": (lambda t: qdpx(t, qde(sel(0, 500) + sel(3, 900) + sel(0, 5))), "out of range"),
    "not a zip": (lambda t: _write(t / "junk.qdpx", b"this is not a zip at all"), "not a valid zip"),
    "truncated zip": (lambda t: _truncate(qdpx(t, qde(sel(0, 5)))), "not a valid zip"),
    "not well-formed": (lambda t: qdpx(t, qde()[:-10]), "not well-formed"),
    "wrong root": (lambda t: qdpx(t, f'<Banana {NS}/>'), "root element <Banana>"),
    "no qde in zip": (lambda t: _zip_only(t), "no .qde"),
}


def _write(path, data):
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _zip_only(tmp_path):
    out = tmp_path / "other.qdpx"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hi")
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_fails_cleanly_and_changes_nothing(busy, tmp_path, case):
    build, reason = CASES[case]
    path = build(tmp_path)
    before = snapshot(busy)
    with pytest.raises(ExchangeError) as caught:
        import_exchange_file(busy, path)
    message = str(caught.value)
    assert message.startswith(f"{path.name}: ") and reason in message
    assert "\n" not in message
    assert snapshot(busy) == before


def test_total_size_cap_is_checked_before_reading(busy, tmp_path, monkeypatch):
    path = qdpx(tmp_path, qde(), files={f"sources/{SRC}.txt": b"x" * 5000})
    monkeypatch.setattr(package, "MAX_TOTAL_UNCOMPRESSED", 4000)
    before = snapshot(busy)
    with pytest.raises(ExchangeError, match="unpacks to over"):
        import_exchange_file(busy, path)
    assert snapshot(busy) == before


def test_a_few_bad_selections_are_skipped_and_reported(busy, tmp_path):
    path = qdpx(tmp_path, qde(sel(0, 5) + sel(6, 11) + sel(2, 7) + sel(0, 99)))
    report = import_exchange_file(busy, path)
    assert report.segments == 3
    assert len(report.skipped) == 1 and "0-99 are outside the text (0-11)" in report.skipped[0]
