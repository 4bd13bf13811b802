"""Frequencies, co-occurrence and matrices against brute-force counts on generated coding."""
from __future__ import annotations

import itertools
import json
import random
from collections import Counter, defaultdict

import pytest

from app.analysis.cooccurrence import cooccurrence
from app.analysis.frequencies import frequencies
from app.analysis.matrices import matrix
from app.analysis.units import paragraphs
from app.coding.codebook import code_paths
from db.models import Code, Coder, Document, Segment, new_uuid

from tests.analysis.conftest import make_corpus


@pytest.fixture
def coded(project):
    """60 generated documents, 6 codes (two levels), two coders, ~600 random word-aligned segments."""
    project.activate()
    docs = make_corpus(project, 60, seed=11)
    rng = random.Random(5)
    with project.change("codes") as rec:
        parents = [rec.insert(Code, name=n) for n in ("P", "Q")]
        codes = [rec.insert(Code, name=f"c{i}", parent=parents[i % 2].id) for i in range(4)] + parents
    coders = [project.coder("ana"), project.coder("ben")]
    rows = []
    for doc in docs:
        text = Document.get_by_id(doc.id).text
        words = [(m.start(), m.end()) for m in __import__("regex").finditer(r"\w+", text)]
        for _ in range(rng.randint(0, 20)):
            i = rng.randrange(len(words))
            j = min(len(words) - 1, i + rng.randint(0, 25))
            rows.append({"uuid": new_uuid(), "document": doc.id, "code": rng.choice(codes).id,
                         "coder": rng.choice(coders).id, "start": words[i][0], "end": words[j][1], "memo": ""})
    with project.change("segments") as rec:
        rec.bulk_insert(Segment, rows)
    return project


def _segments():
    return list(Segment.select(Segment.id, Segment.document, Segment.code, Segment.coder, Segment.start,
                               Segment.end).tuples())


def test_frequencies_equal_brute_force(coded):
    paths = code_paths()
    segs = _segments()
    table = {r.code: r for r in frequencies(coded).rows}
    for code_id, path in paths.items():
        mine = [s for s in segs if s[2] == code_id]
        chars = sum(len({p for s in mine if s[1] == d for p in range(s[4], s[5])}) for d in {s[1] for s in mine})
        assert (table[path].segments, table[path].documents, table[path].characters) == (
            len(mine), len({s[1] for s in mine}), chars)
    by_coder = frequencies(coded, by="coder")
    names = dict(Coder.select(Coder.id, Coder.name).tuples())
    assert sum(r.segments for r in by_coder.rows) == len(segs)
    expected = Counter((paths[s[2]], names[s[3]]) for s in segs)
    assert {(r.code, r.group): r.segments for r in by_coder.rows} == dict(expected)
    by_year = frequencies(coded, by="year")
    years = dict(Document.select(Document.id, Document.published).tuples())
    assert {(r.code, r.group): r.segments for r in by_year.rows} == dict(
        Counter((paths[s[2]], years[s[1]][:4]) for s in segs))


def test_overlap_cooccurrence_equals_brute_force(coded):
    paths = code_paths()
    segs = _segments()
    n = Counter(paths[s[2]] for s in segs)
    pairs = Counter()
    for a, b in itertools.combinations(segs, 2):
        if a[1] == b[1] and a[2] != b[2] and a[4] < b[5] and b[4] < a[5]:
            pairs[frozenset((paths[a[2]], paths[b[2]]))] += 1
    result = cooccurrence(coded, "overlap")
    got = {frozenset((c.code_a, c.code_b)): c for c in result.cells}
    assert {k: c.count for k, c in got.items()} == dict(pairs)
    for key, cell in got.items():
        a, b = sorted(key)
        assert cell.c_coefficient == pytest.approx(pairs[key] / (n[a] + n[b] - pairs[key]))
        assert len(cell.passages) == cell.count
        chars = {code: {(s[1], p) for s in segs if paths[s[2]] == code for p in range(s[4], s[5])} for code in (a, b)}
        assert cell.jaccard == pytest.approx(len(chars[a] & chars[b]) / len(chars[a] | chars[b]))
    assert result.occurrences == dict(n)


@pytest.mark.parametrize("window", [0, 1, 3])
def test_paragraph_cooccurrence_equals_brute_force(coded, window):
    paths = code_paths()
    segs = _segments()
    texts = dict(Document.select(Document.id, Document.text).tuples())
    pairs, n = Counter(), Counter()
    for doc_id, text in texts.items():
        paras = paragraphs(text)
        for w in range(max(len(paras) - window, 1)):
            lo, hi = paras[w][0], paras[min(w + window, len(paras) - 1)][1]
            codes = {paths[s[2]] for s in segs if s[1] == doc_id and s[4] < hi and s[5] > lo}
            n.update(codes)
            pairs.update(frozenset(p) for p in itertools.combinations(sorted(codes), 2))
    result = cooccurrence(coded, "paragraph", window=window)
    assert {frozenset((c.code_a, c.code_b)): c.count for c in result.cells} == dict(pairs)
    assert result.occurrences == dict(n)
    for c in result.cells:
        assert c.jaccard == pytest.approx(c.count / (n[c.code_a] + n[c.code_b] - c.count))
        assert c.c_coefficient is None


def test_document_cooccurrence_equals_brute_force(coded):
    paths = code_paths()
    per_doc = defaultdict(set)
    for s in _segments():
        per_doc[s[1]].add(paths[s[2]])
    pairs = Counter(frozenset(p) for codes in per_doc.values() for p in itertools.combinations(sorted(codes), 2))
    result = cooccurrence(coded, "document")
    assert {frozenset((c.code_a, c.code_b)): c.count for c in result.cells} == dict(pairs)
    for c in result.cells:
        assert sorted(p.document_id for p in c.passages) == sorted(
            d for d, codes in per_doc.items() if {c.code_a, c.code_b} <= codes)


def test_coder_filter_counts_only_that_coder(coded):
    ben = Coder.get(Coder.name == "ben").id
    only = [s for s in _segments() if s[3] == ben]
    rows = frequencies(coded, coders=["ben"]).rows
    assert sum(r.segments for r in rows) == len(only)


def test_matrices(coded):
    paths = code_paths()
    segs = _segments()
    m = matrix(coded, by="outlet")
    outlets = dict(Document.select(Document.id, Document.source).tuples())
    expected = Counter((paths[s[2]], outlets[s[1]]) for s in segs)
    assert {k: v for k, v in m.cells.items()} == dict(expected)
    share = matrix(coded, by="outlet", value="share")
    docs_in = Counter(outlets.values())
    for (code, outlet), value in share.cells.items():
        having = {s[1] for s in segs if paths[s[2]] == code and outlets[s[1]] == outlet}
        assert value == pytest.approx(len(having) / docs_in[outlet], abs=1e-4)
    by_doc = matrix(coded)
    assert sum(v for v in by_doc.cells.values()) == len(segs)
    assert sorted(i for ids in by_doc.segments.values() for i in ids) == sorted(s[0] for s in segs)


def test_demo_report_cli(demo, capsys, tmp_path):
    from app.cli import main

    path = str(demo.path)
    demo.close()
    assert main(["report", path, "cooccurrence", "--scope", "document", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "cooccurrence" and data["cells"]
    cell = data["cells"][0]
    assert {"code_a", "code_b", "count", "c_coefficient", "jaccard", "passages"} <= set(cell)
    assert "/" in cell["code_a"] and len(cell["passages"]) == cell["count"]
    out = tmp_path / "freq.csv"
    assert main(["report", path, "frequencies", "--by", "outlet", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "code,outlet,segments,documents,characters"
    assert main(["report", path, "matrix", "--by", "genre", "--value", "share", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["kind"] == "matrix"
    assert main(["report", path, "frequencies", "-o", str(tmp_path / "x.txt")]) == 1
    assert main(["report", path, "cooccurrence", "--scope", "paragraph", "--window", "-1"]) == 1


def test_csv_cells_are_spreadsheet_safe(project, tmp_path):
    from app.cli import main
    from app.coding.segments import code_span
    from app.articles.importing import add_document

    project.activate()
    doc = add_document(project, "one two three", "=HYPERLINK(\"x\")")
    code_span(project, doc, 0, 3, "=cmd|' /C calc'!A0", create_missing=True)
    path = str(project.path)
    project.close()
    out = tmp_path / "m.csv"
    assert main(["report", path, "matrix", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "'=cmd" in text and "'=HYPERLINK" in text


def _brute_cell_segments(scope: str, window: int = 0) -> dict[frozenset, set[int]]:
    """The segments behind each pair of codes, found by brute force: the overlapping pairs'
    segments, or every segment of either code in a unit holding both."""
    paths = code_paths()
    segs = _segments()
    out: dict[frozenset, set[int]] = defaultdict(set)
    if scope == "overlap":
        for a, b in itertools.combinations(segs, 2):
            if a[1] == b[1] and a[2] != b[2] and a[4] < b[5] and b[4] < a[5]:
                out[frozenset((paths[a[2]], paths[b[2]]))] |= {a[0], b[0]}
        return out
    texts = dict(Document.select(Document.id, Document.text).tuples())
    for doc_id, text in texts.items():
        mine = [s for s in segs if s[1] == doc_id]
        if scope == "document":
            units = [mine]
        else:
            paras = paragraphs(text)
            units = []
            for w in range(max(len(paras) - window, 1)):
                lo, hi = paras[w][0], paras[min(w + window, len(paras) - 1)][1]
                units.append([s for s in mine if s[4] < hi and s[5] > lo])
        for unit in units:
            codes = {paths[s[2]] for s in unit}
            for a, b in itertools.combinations(sorted(codes), 2):
                out[frozenset((a, b))] |= {s[0] for s in unit if paths[s[2]] in (a, b)}
    return out


@pytest.mark.parametrize("scope,window", [("overlap", 0), ("paragraph", 0), ("paragraph", 2), ("document", 0)])
def test_each_cell_lists_exactly_the_segments_behind_it(coded, scope, window):
    expected = _brute_cell_segments(scope, window)
    result = cooccurrence(coded, scope, window=window)
    got = {frozenset((c.code_a, c.code_b)): set(c.segment_ids()) for c in result.cells}
    assert got == dict(expected)
    for c in result.cells:
        assert len(c.passages) == c.passage_count == c.count
        assert c.segment_ids() == sorted({i for p in c.passages for i in p.segment_ids})
        if scope == "overlap":
            assert all(len(p.segment_ids) == 2 for p in c.passages)
