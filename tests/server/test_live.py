"""Live changes on a server project: LISTEN/NOTIFY feeding data_version and
Project.outside_changes(), without a polling storm; one audit chain under concurrent
writer processes."""
from __future__ import annotations

import multiprocessing as mp
import sys
import time
from pathlib import Path

import pytest

from db import backend

ROOT = Path(__file__).resolve().parents[2]


def _code(project, title, start, end, code="Framing"):
    from app.articles.documents import resolve_document
    from app.coding.segments import code_span

    project.activate()
    return code_span(project, resolve_document(title), start, end, code)


def _wait(predicate, timeout_s=1.0, step_s=0.02):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step_s)
    return predicate()


def test_a_teammates_commit_reaches_outside_changes_within_a_second(seeded_server):
    server = seeded_server
    lead = server.open("lena")
    ana = server.open("ana")
    try:
        lead.activate()
        assert lead.outside_changes() is None
        segment = _code(ana, "Doc A", 0, 5)
        committed = time.monotonic()
        lead.activate()
        found = _wait(lead.outside_changes, timeout_s=1.0)
        assert found is not None and time.monotonic() - committed < 1.0
        assert found.outside and "segment" in found.tables
        assert segment.uuid in {c.uuid for c in found.changes}
        assert lead.outside_changes() is None  # nothing new since
        # Our own commits are not "outside".
        _code(lead, "Doc B", 0, 6)
        time.sleep(0.2)
        assert lead.outside_changes() is None
    finally:
        ana.close()
        lead.close()


def test_a_blind_coder_is_not_told_about_hidden_work_but_is_about_the_codebook(seeded_server):
    from app.coding import codebook
    from app.team import blind

    server = seeded_server
    with server.open("lena") as lead:
        blind.start_blind(lead)
    ana = server.open("ana")
    bob = server.open("bob")
    try:
        bob.activate()
        bob.coder()  # bob's coder row (visible to all) is made before ana looks
        ana.activate()
        _wait(ana.outside_changes)
        _code(bob, "Doc A", 6, 10)
        time.sleep(0.5)
        ana.activate()
        assert ana.outside_changes() is None  # bob's segment is hidden from ana, and so is the news
        lead = server.open("lena")
        try:
            codebook.create_code(lead, "Late code")
        finally:
            lead.close()
        ana.activate()
        found = _wait(ana.outside_changes)
        assert found is not None and "code" in found.tables and "segment" not in found.tables
    finally:
        bob.close()
        ana.close()


def test_polling_sends_nothing_to_the_server_while_nothing_changes(seeded_server):
    server = seeded_server
    with server.open("ana") as ana:
        backend.data_version(ana.db)
        stats = server.cluster.connect(server.database)
        try:
            stats.autocommit = True
            if stats.server_version < 150000:
                pytest.skip("needs PostgreSQL 15's pg_stat_force_next_flush")

            def commits():
                with stats.cursor() as cur:
                    cur.execute("SELECT pg_stat_force_next_flush()")
                    cur.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                    return cur.fetchone()[0]

            before = commits()
            t0 = time.perf_counter()
            for _ in range(500):
                assert ana.outside_changes() is None
            per_poll = (time.perf_counter() - t0) / 500
            after = commits()
        finally:
            stats.close()
    # Only the two statistics queries themselves committed: the 500 polls sent nothing.
    assert after - before <= 2
    assert per_poll < 0.005


def _writer(url: str, n: int, seed: int, out) -> None:
    import random

    from app.articles.documents import resolve_document
    from app.coding.segments import code_span
    from app.project import Project

    rng = random.Random(seed)
    uuids = []
    with Project.open(url) as project:
        for _ in range(n):
            doc = resolve_document(rng.choice(["Doc A", "Doc B"]))
            start = rng.randrange(0, doc.char_count - 5)
            uuids.append(code_span(project, doc, start, start + rng.randrange(1, 5), "Backlash").uuid)
    out.put(uuids)


def test_concurrent_writer_processes_keep_one_chain_and_lose_nothing(seeded_server):
    from app.team import server as team_server
    from db.models import Segment

    server = seeded_server
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    sys.path.insert(0, str(ROOT))
    procs = [ctx.Process(target=_writer, args=(server.url(login), 15, i, out))
             for i, login in enumerate(("ana", "bob", "ed"))]
    for p in procs:
        p.start()
    written = [u for _ in procs for u in out.get(timeout=120)]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    with server.open("lena") as lead:
        present = {u for (u,) in Segment.select(Segment.uuid).tuples()}
        assert set(written) <= present  # nothing lost
        checked = team_server.verify(lead)
        assert checked.scope == "complete" and checked.result.ok, checked.result.problems


def test_a_lost_listening_connection_is_made_again_and_nothing_is_missed(seeded_server):
    from db import postgres_specific

    server = seeded_server
    lead = server.open("lena")
    ana = server.open("ana")
    try:
        lead.activate()
        first = backend.data_version(lead.db)
        listener_pid = postgres_specific._listeners[lead.db].con.info.backend_pid
        admin = server.cluster.connect(server.database)
        try:
            admin.autocommit = True
            with admin.cursor() as cur:
                cur.execute("SELECT pg_terminate_backend(%s)", (listener_pid,))
        finally:
            admin.close()
        time.sleep(0.3)
        assert backend.data_version(lead.db) == first  # the loss is noticed, nothing raised
        segment = _code(ana, "Doc A", 0, 5)  # committed while nobody listens
        lead.activate()
        found = _wait(lead.outside_changes)
        assert found is not None and segment.uuid in {c.uuid for c in found.changes}
    finally:
        ana.close()
        lead.close()


def test_polling_a_closed_or_unreachable_project_never_raises(seeded_server):
    server = seeded_server
    project = server.open("ana")
    project.activate()
    version = backend.data_version(project.db)
    project.close()
    assert backend.data_version(project.db) == version  # closed: no new connection is made
    other = server.open("bob")
    other.activate()
    other_version = backend.data_version(other.db)
    server.cluster.drop_database(server.database)  # the server project is gone
    assert backend.data_version(other.db) == other_version
    assert other.outside_changes() is None
    other.close()
