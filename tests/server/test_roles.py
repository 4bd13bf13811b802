"""Roles and blind coding are enforced by the database, not by Chorus.

The decisive checks use plain psycopg2 connections as the coder's login (what psql or
any script of theirs would do), not Chorus's code.
"""
from __future__ import annotations

import psycopg2
import pytest

from app.errors import ChorusError, NotPermitted


def _code(server, login, doc_title, start, end, code="Framing"):
    from app.articles.documents import resolve_document
    from app.coding.segments import code_span

    with server.open(login) as project:
        return code_span(project, resolve_document(doc_title), start, end, code).id


def _start_blind(server):
    from app.team import blind

    with server.open("lena") as lead:
        blind.start_blind(lead)


def _count(con, query="SELECT count(*) FROM segment"):
    with con.cursor() as cur:
        cur.execute(query)
        return cur.fetchone()[0]


def test_blind_mode_hides_other_coders_segments_from_a_coders_plain_sql(seeded_server):
    server = seeded_server
    _start_blind(server)
    _code(server, "ana", "Doc A", 0, 5)
    _code(server, "ana", "Doc B", 0, 6)
    _code(server, "bob", "Doc A", 6, 10)
    _code(server, "lena", "Doc A", 11, 16)
    for login, own in (("ana", 2), ("bob", 1)):
        con = server.sql(login)
        try:
            assert _count(con) == own
            # Every way of asking: by coder, by a join, through the log, by id.
            assert _count(con, "SELECT count(*) FROM segment s JOIN coder c ON c.id = s.coder_id "
                               f"WHERE c.name <> '{login}'") == 0
            assert _count(con, "SELECT count(*) FROM audit_entry WHERE table_name = 'segment' "
                               f"AND coder_name <> '{login}'") == 0
            assert _count(con, "SELECT count(*) FROM segment WHERE id BETWEEN 1 AND 1000000") == own
            with con.cursor() as cur:  # the login reaches the SCHEMA.md table names by default
                cur.execute("SHOW search_path")
                assert "public" in cur.fetchone()[0]
        finally:
            con.close()
    lead = server.sql("lena")
    viewer = server.sql("vera")
    try:
        assert _count(lead) == 4
        assert _count(viewer) == 4
    finally:
        lead.close()
        viewer.close()


def test_ending_blind_mode_shows_everything_and_only_the_lead_may(seeded_server):
    from app.team import blind

    server = seeded_server
    _start_blind(server)
    _code(server, "ana", "Doc A", 0, 5)
    _code(server, "bob", "Doc A", 6, 10)
    con = server.sql("ana")
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            with con.cursor() as cur:
                cur.execute("UPDATE project_setting SET value = 'off' WHERE key = 'blind_mode'")
        con.rollback()
        assert _count(con) == 1
    finally:
        con.close()
    with server.open("ana") as ana:
        with pytest.raises(ChorusError):
            blind.end_blind(ana)
    with server.open("lena") as lead:
        blind.end_blind(lead)
    con = server.sql("ana")
    try:
        assert _count(con) == 2
    finally:
        con.close()


def test_a_coder_writes_only_their_own_segments(seeded_server):
    server = seeded_server
    bobs = _code(server, "bob", "Doc A", 6, 10)
    con = server.sql("ana")
    try:
        with con.cursor() as cur:
            cur.execute("UPDATE segment SET start = 0 WHERE id = %s", (bobs,))
            assert cur.rowcount == 0
            cur.execute("DELETE FROM segment WHERE id = %s", (bobs,))
            assert cur.rowcount == 0
            cur.execute("SELECT id FROM coder WHERE name = 'bob'")
            bob_id = cur.fetchone()[0]
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute("INSERT INTO segment (uuid, document_id, code_id, coder_id, start, \"end\", memo, "
                            "created_at, modified_at) SELECT 'x', document_id, code_id, %s, 0, 1, '', now(), now() "
                            "FROM segment WHERE id = %s", (bob_id, bobs))
        con.rollback()
    finally:
        con.close()
    check = server.sql("lena")
    try:
        assert _count(check, f"SELECT start FROM segment WHERE id = {bobs}") == 6
    finally:
        check.close()


def test_chorus_reports_a_refused_change_in_one_line_and_leaves_the_project_as_it_was(seeded_server):
    from app.coding import codebook

    server = seeded_server
    with server.open("ana") as ana:
        with pytest.raises(NotPermitted, match="codebook"):
            codebook.create_code(ana, "Ana's own code")
    with server.open("ed") as editor:  # a codebook editor may
        codebook.create_code(editor, "Editor's code")
    check = server.sql("lena")
    try:
        assert _count(check, "SELECT count(*) FROM code WHERE name = 'Ana''s own code'") == 0
        assert _count(check, "SELECT count(*) FROM code WHERE name = 'Editor''s code'") == 1
    finally:
        check.close()


def test_a_viewer_reads_but_writes_nothing(seeded_server):
    server = seeded_server
    con = server.sql("vera")
    try:
        assert _count(con, "SELECT count(*) FROM document") == 2
        for statement in ("DELETE FROM document", "UPDATE code SET name = 'x'",
                          "INSERT INTO project_setting (key, value) VALUES ('k', 'v')"):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                with con.cursor() as cur:
                    cur.execute(statement)
            con.rollback()
    finally:
        con.close()


def test_the_login_is_the_coder_and_acting_as_someone_else_is_refused(seeded_server):
    from app.project import Project

    server = seeded_server
    with server.open("ana") as ana:
        assert ana.coder_name == "ana"
        assert "ana-pw" not in ana.name and "ana@" in ana.name
    with pytest.raises(ChorusError, match="acting as 'bob' is not allowed"):
        Project.open(server.url("ana"), coder_name="bob")
    # Even a client that lies about its coder cannot write under another name.
    con = server.sql("ana")
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):  # a right head, another name
            with con.cursor() as cur:
                cur.execute("INSERT INTO audit_entry (changeset, label, coder_name, at, table_name, row_uuid, "
                            "action, prev_hash, entry_hash) VALUES ('c', 'forged', 'bob', now(), 'code', 'u', "
                            "'insert', chorus_audit_head(), 'h')")
        con.rollback()
        with pytest.raises(psycopg2.errors.CheckViolation):  # not following the chain's head
            with con.cursor() as cur:
                cur.execute("INSERT INTO audit_entry (changeset, label, coder_name, at, table_name, row_uuid, "
                            "action, prev_hash, entry_hash) VALUES ('c', 'forged', 'ana', now(), 'code', 'u', "
                            "'insert', 'not-the-head', 'h')")
        con.rollback()
    finally:
        con.close()


def test_verify_is_complete_for_the_lead_and_partial_but_clean_for_a_blind_coder(seeded_server):
    from app.team import server as team_server

    server = seeded_server
    _start_blind(server)
    _code(server, "ana", "Doc A", 0, 5)
    _code(server, "bob", "Doc A", 6, 10)
    with server.open("lena") as lead:
        full = team_server.verify(lead)
        assert full.scope == "complete" and full.result.ok, full.result.problems
    with server.open("ana") as ana:
        part = team_server.verify(ana)
        assert part.scope == "partial" and part.result.ok, part.result.problems
        assert part.hidden > 0 and part.result.entries == full.result.entries
        assert part.result.head == full.result.head
    # A chain edited behind Chorus's back (by the administrator) is caught by both.
    admin = server.cluster.connect(server.database)
    try:
        with admin.cursor() as cur:
            cur.execute("UPDATE audit_entry SET prev_hash = repeat('1', 64) WHERE id = (SELECT max(id) FROM "
                        "audit_entry WHERE coder_name = 'bob')")
        admin.commit()
    finally:
        admin.close()
    with server.open("ana") as ana:
        assert not team_server.verify(ana).result.ok
    with server.open("lena") as lead:
        assert not team_server.verify(lead).result.ok


def test_blind_mode_hides_other_coders_dismissed_suggestions_and_verify_stays_clean(seeded_server):
    from app.team import server as team_server

    try:
        from app.suggest import suggest
    except ImportError:
        pytest.skip("no suggestions in this Chorus")
    server = seeded_server
    _start_blind(server)
    with server.open("bob") as bob:
        suggest.dismiss(bob, "Framing", "Doc A", 0, 5)
    with server.open("ana") as ana:
        suggest.dismiss(ana, "Framing", "Doc B", 0, 6)
        part = team_server.verify(ana)
        assert part.result.ok, part.result.problems
    con = server.sql("ana")
    try:
        assert _count(con, "SELECT count(*) FROM suggestion_dismissal") == 1
        assert _count(con, "SELECT count(*) FROM audit_entry WHERE table_name = 'suggestion_dismissal'") == 1
    finally:
        con.close()
