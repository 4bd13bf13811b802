"""Suggestions on a generated corpus with known structure, accept/dismiss, and the CLI."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.coding.codebook import find_code
from app.errors import InvalidOperation
from app.suggest import suggest
from db.models import AuditEntry, Segment, SuggestionDismissal

ROOT = Path(__file__).resolve().parents[2]


def test_top_suggestions_are_uncoded_sentences_of_the_codes_topic(topic_project):
    project, truth, coded = topic_project
    topic_of = {(d, s, e): t for d, s, e, t in truth}
    coded_spans = {(d, s, e) for d, s, e, _ in coded}
    found = suggest.suggest_for_code(project, "Legal reckoning", top=20)
    assert len(found) == 20
    assert all((f.document_id, f.start, f.end) not in coded_spans for f in found)
    on_topic = sum(topic_of.get((f.document_id, f.start, f.end)) == "Legal reckoning" for f in found)
    assert on_topic >= 18  # a random pick would get about a third
    assert found == sorted(found, key=lambda f: -f.score)


def test_codes_for_a_passage_rank_its_topic_first(topic_project):
    project, truth, coded = topic_project
    coded_spans = {(d, s, e) for d, s, e, _ in coded}
    uncoded = [t for t in truth if (t[0], t[1], t[2]) not in coded_spans]
    right = 0
    for doc_id, start, end, topic in uncoded[:30]:
        best = suggest.codes_for_passage(project, doc_id, start, end, top=3)
        right += best[0].code_path == topic
    assert right >= 27


def test_accept_codes_the_passage_as_one_logged_undoable_change(topic_project):
    project, _truth, _coded = topic_project
    top = suggest.suggest_for_code(project, "Workplace policy", top=1)[0]
    before = Segment.select().count()
    seg = suggest.accept(project, "Workplace policy", top.document_id, top.start, top.end, score=top.score)
    assert (seg.start, seg.end, seg.code.name) == (top.start, top.end, "Workplace policy")
    assert Segment.select().count() == before + 1
    label = AuditEntry.select().order_by(AuditEntry.id.desc()).get().label
    assert label.startswith("Accept suggestion (lexical, score ") and "Workplace policy" in label
    again = suggest.suggest_for_code(project, "Workplace policy", top=5)
    assert (top.document_id, top.start) not in {(s.document_id, s.start) for s in again}
    project.undo(project.last_change)
    assert Segment.select().count() == before


def test_dismissed_passages_are_never_suggested_again_and_undo_brings_them_back(topic_project):
    project, _truth, _coded = topic_project
    first = suggest.suggest_for_code(project, "Online amplification", top=3)
    suggest.dismiss(project, "Online amplification", first[0].document_id, first[0].start, first[0].end)
    assert SuggestionDismissal.select().count() == 1
    after = suggest.suggest_for_code(project, "Online amplification", top=3)
    assert after[0] == first[1]
    project.undo(project.last_change)
    assert suggest.suggest_for_code(project, "Online amplification", top=3)[0] == first[0]


def test_a_code_without_segments_is_refused_with_one_line(project):
    from app.coding import codebook

    codebook.create_code(project, "Empty")
    with pytest.raises(InvalidOperation, match="no segments yet"):
        suggest.suggest_for_code(project, "Empty")


def test_the_index_follows_new_documents(topic_project):
    from app.articles.importing import add_document

    project, _truth, _coded = topic_project
    suggest.suggest_for_code(project, "Legal reckoning", top=1)
    doc = add_document(project, "The jury verdict and the court settlement ended the lawsuit trial.", "Fresh")
    found = suggest.suggest_for_code(project, "Legal reckoning", top=1000)
    assert doc.id in {f.document_id for f in found}
    assert found[[f.document_id for f in found].index(doc.id)].score > 0.2


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


def test_cli_suggest_accept_dismiss_and_json(topic_project):
    project, _truth, _coded = topic_project
    path = project.path
    project.close()
    out = run_cli("suggest", path, "--code", "Legal reckoning", "--top", "2", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [set(r) >= {"document_id", "document_title", "start", "end", "text", "score", "engine"} for r in rows] \
        == [True, True]
    a, b = rows
    acc = run_cli("suggest-accept", path, "--code", "Legal reckoning", "--doc", a["document_id"], "--start",
                  a["start"], "--end", a["end"], "--score", a["score"], "--coder", "ana")
    assert acc.returncode == 0, acc.stderr
    dis = run_cli("suggest-dismiss", path, "--code", "Legal reckoning", "--doc", b["document_id"], "--start",
                  b["start"], "--end", b["end"], "--coder", "ana")
    assert dis.returncode == 0, dis.stderr
    again = json.loads(run_cli("suggest", path, "--code", "Legal reckoning", "--top", "5", "--json").stdout)
    assert not {(r["document_id"], r["start"]) for r in again} & {(a["document_id"], a["start"]),
                                                                   (b["document_id"], b["start"])}
    passage = run_cli("suggest", path, "--doc", a["document_id"], "--start", a["start"], "--end", a["end"],
                      "--json")
    assert json.loads(passage.stdout)[0]["code_path"] == "Legal reckoning"
    bad = run_cli("suggest", path)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_suggest_never_touches_the_network(topic_project, tmp_path):
    """Run suggest and suggest-eval under an audit hook that refuses every socket."""
    project, _truth, _coded = topic_project
    path = project.path
    project.close()
    guard = tmp_path / "guard.py"
    guard.write_text(
        "import sys\n"
        "def hook(event, args):\n"
        "    if event.startswith('socket.') and event not in ('socket.__new__',):\n"
        "        raise RuntimeError('network use: ' + event)\n"
        "    if event == 'socket.__new__':\n"
        "        raise RuntimeError('network use: socket')\n"
        "sys.addaudithook(hook)\n"
        "from app.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n")
    for args in (["suggest", path, "--code", "Legal reckoning"],
                 ["suggest-eval", path, "--code", "Legal reckoning", "--folds", "3"]):
        out = subprocess.run([sys.executable, str(guard), *map(str, args)], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        assert "network use" not in out.stderr
