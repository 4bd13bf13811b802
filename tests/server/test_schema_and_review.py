"""Migrations on PostgreSQL, the lead's adjudication on the server, and the other
features' rows a coder writes for themself (done marks, dismissed suggestions)."""
from __future__ import annotations

import psycopg2
import pytest

from app.errors import ChorusError


def test_migrations_build_every_models_table_and_column_on_postgres(server):
    from db.migrations import LATEST_VERSION
    from db.models import ALL_MODELS

    con = server.sql("lena")
    try:
        with con.cursor() as cur:
            cur.execute("SELECT max(version) FROM schema_version")
            assert cur.fetchone()[0] == LATEST_VERSION
            for model in ALL_MODELS:
                cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                            "AND table_name = %s", (model._meta.table_name,))
                columns = {r[0] for r in cur.fetchall()}
                assert columns == {f.column_name for f in model._meta.sorted_fields}, model._meta.table_name
    finally:
        con.close()


def test_a_coder_cannot_migrate_and_is_told_who_can(server):
    from app.project import Project

    admin = server.cluster.connect(server.database)
    try:
        with admin.cursor() as cur:
            cur.execute("DELETE FROM schema_version WHERE version = (SELECT max(version) FROM schema_version)")
        admin.commit()
    finally:
        admin.close()
    with pytest.raises(ChorusError, match="an administrator runs 'chorus server init'"):
        Project.open(server.url("ana"))


def test_creating_a_server_project_with_new_is_pointed_to_server_init(server):
    from app.project import Project

    with pytest.raises(ChorusError, match="chorus server init"):
        Project.create(server.url("lena"))


def test_the_lead_adjudicates_on_the_server_and_a_coder_cannot(seeded_server):
    from app.articles.documents import resolve_document
    from app.coding.segments import code_span
    from app.team.review import adjudicate

    server = seeded_server
    for login in ("ana", "bob"):
        with server.open(login) as project:
            code_span(project, resolve_document("Doc A"), 0, 5, "Framing")
    with server.open("ana") as ana:
        with pytest.raises(ChorusError):
            adjudicate.accept_unanimous(ana)
    con = server.sql("ana")
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            with con.cursor() as cur:
                cur.execute("INSERT INTO decision (uuid, document, outcome, rationale, decided_by, decided_at) "
                            "VALUES ('d', 1, 'accepted', '', 'ana', now())")
        con.rollback()
    finally:
        con.close()
    with server.open("lena") as lead:
        assert adjudicate.accept_unanimous(lead) == 1
        from db.models import Coder, Decision, Segment
        assert Decision.select().count() == 1
        consensus = Coder.get(Coder.name == "consensus")
        assert Segment.select().where(Segment.coder == consensus.id).count() == 1


def test_a_coder_marks_their_own_documents_done_and_dismisses_suggestions(seeded_server):
    from app.team import assignments

    server = seeded_server
    with server.open("ana") as ana:
        assert assignments.mark_done(ana, ["Doc A"]) == 1
    try:
        from app.suggest import suggest
    except ImportError:
        suggest = None
    if suggest is not None and hasattr(suggest, "dismiss"):
        with server.open("ana") as ana:
            suggest.dismiss(ana, "Framing", "Doc A", 0, 5)
    con = server.sql("bob")
    try:
        with con.cursor() as cur:  # bob cannot undo ana's done mark
            cur.execute("UPDATE assignment SET done_at = NULL")
            assert cur.rowcount == 0
        con.rollback()
    finally:
        con.close()
