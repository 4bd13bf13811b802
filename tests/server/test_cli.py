"""The command line on a team server: init, add-coder (passwords printed once), every
command taking a postgresql:// address, the login as the coder, verify per role, push a
file up, pull a copy (or a document set) down, code offline and merge back."""
from __future__ import annotations

import re
import sqlite3

import pytest

from app.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _password(out: str, name: str) -> str:
    match = re.search(rf"password for {name}: (\S+)", out)
    assert match, out
    return match.group(1)


@pytest.fixture
def fresh(pg_cluster):
    name = pg_cluster.new_database_name("chorus_cli")
    yield pg_cluster, name
    from db.models import database_proxy

    database_proxy.initialize(None)
    pg_cluster.drop_database(name)


def test_init_and_add_coder_print_a_generated_password_once_and_it_works(capsys, fresh):
    cluster, name = fresh
    admin = cluster.admin_url(name)
    code, out, _ = run(capsys, "server", "init", admin, "--lead", "lead_cli")
    assert code == 0 and "created database" in out
    lead_pw = _password(out, "lead_cli")
    code, out, _ = run(capsys, "server", "add-coder", admin, "coder_cli")
    assert code == 0 and "as coder" in out
    coder_pw = _password(out, "coder_cli")
    # Again: the login exists, its password is kept and not printed.
    code, out, _ = run(capsys, "server", "add-coder", admin, "coder_cli", "--role", "viewer")
    assert code == 0 and "password" not in out.split("they open")[0]
    lead_url = cluster.url(name, "lead_cli", lead_pw)
    assert run(capsys, "stats", lead_url)[0] == 0
    code, out, err = run(capsys, "stats", cluster.url(name, "coder_cli", coder_pw))
    assert code == 0, err
    code, _, err = run(capsys, "stats", cluster.url(name, "coder_cli", "wrong"))
    assert code == 1 and "cannot connect" in err and "Traceback" not in err and err.count("\n") == 1


def test_every_command_takes_the_address_and_the_login_is_the_coder(capsys, seeded_server):
    server = seeded_server
    ana = server.url("ana")
    code, out, err = run(capsys, "code", ana, "--doc", "Doc A", "--start", 0, "--end", 5, "--code", "Framing")
    assert code == 0, err
    assert "by ana" in out
    code, _, err = run(capsys, "code", ana, "--doc", "Doc A", "--start", 0, "--end", 5, "--code", "Framing",
                       "--coder", "bob")
    assert code == 1 and "acting as 'bob' is not allowed" in err and "Traceback" not in err
    code, _, err = run(capsys, "code", ana, "--doc", "Doc A", "--start", 0, "--end", 5, "--code", "New/Code")
    assert code == 1 and "may not change the codebook" in err and "Traceback" not in err
    code, out, _ = run(capsys, "segments", server.url("lena"))
    assert code == 0 and "1 segment" in out


def test_verify_by_url_complete_for_the_lead_partial_for_a_blind_coder(capsys, seeded_server):
    server = seeded_server
    assert run(capsys, "blind", server.url("lena"), "on")[0] == 0
    assert run(capsys, "code", server.url("ana"), "--doc", "Doc A", "--start", 0, "--end", 5, "--code",
               "Framing")[0] == 0
    assert run(capsys, "code", server.url("bob"), "--doc", "Doc A", "--start", 6, "--end", 9, "--code",
               "Framing")[0] == 0
    code, out, _ = run(capsys, "verify", server.url("lena"))
    assert code == 0 and "intact" in out and "chain and rows match" in out
    code, out, _ = run(capsys, "verify", server.url("ana"))
    assert code == 0 and "intact" in out and "the lead's verify checks everything" in out
    # blind off is the lead's only
    code, _, err = run(capsys, "blind", server.url("ana"), "off")
    assert code == 1 and "Traceback" not in err


def _file_project(tmp_path, capsys):
    path = tmp_path / "lab.chorus"
    (tmp_path / "a.txt").write_text("Alpha beta gamma \U0001F600 delta.\n", encoding="utf-8")
    assert run(capsys, "new", path)[0] == 0
    assert run(capsys, "import", path, tmp_path / "a.txt", "--coder", "lena")[0] == 0
    assert run(capsys, "code", path, "--doc", "1", "--start", 0, "--end", 5, "--code", "Theme", "--coder",
               "ana")[0] == 0
    assert run(capsys, "code", path, "--doc", "1", "--start", 6, "--end", 10, "--code", "Theme", "--coder",
               "bob")[0] == 0
    return path


def test_push_a_file_then_pull_it_back_the_chain_intact_both_ways(capsys, tmp_path, fresh):
    cluster, name = fresh
    path = _file_project(tmp_path, capsys)
    admin = cluster.admin_url(name)
    code, out, err = run(capsys, "server", "push", path, admin)
    assert code == 0, err
    assert "2 segment" in out
    assert run(capsys, "server", "add-coder", admin, "ana", "--password", "ana-pw")[0] == 0
    assert run(capsys, "verify", admin)[0] == 0
    # the file's coder ana is the login ana
    code, out, err = run(capsys, "code", cluster.url(name, "ana", "ana-pw"), "--doc", "1", "--start", 11,
                         "--end", 16, "--code", "Theme")
    assert code == 0, err
    # Pushing again into a project that is not empty is refused.
    code, _, err = run(capsys, "server", "push", path, admin)
    assert code == 1 and "not empty" in err
    copy = tmp_path / "copy.chorus"
    code, out, err = run(capsys, "server", "pull", admin, copy)
    assert code == 0, err
    assert "copied entry for entry" in out
    code, out, _ = run(capsys, "verify", copy)
    assert code == 0 and "intact" in out
    con = sqlite3.connect(copy)
    try:
        assert con.execute("SELECT count(*) FROM segment").fetchone()[0] == 3
    finally:
        con.close()


def test_offline_pull_a_document_set_code_it_and_merge_back_with_conflicts_reported(capsys, tmp_path,
                                                                                   seeded_server):
    server = seeded_server
    assert run(capsys, "blind", server.url("lena"), "on")[0] == 0
    assert run(capsys, "code", server.url("bob"), "--doc", "Doc A", "--start", 6, "--end", 9, "--code",
               "Framing")[0] == 0
    offline = tmp_path / "train.chorus"
    code, out, err = run(capsys, "server", "pull", server.url("ana"), offline, "--doc", "Doc A")
    assert code == 0, err
    assert "partial copy" in out
    con = sqlite3.connect(offline)
    try:  # blind mode: ana's copy holds none of bob's segments, and only Doc A
        assert con.execute("SELECT count(*) FROM segment").fetchone()[0] == 0
        assert con.execute("SELECT title FROM document").fetchall() == [("Doc A",)]
    finally:
        con.close()
    assert run(capsys, "verify", offline)[0] == 0
    # On the train: ana codes in her file (as ana).
    assert run(capsys, "code", offline, "--doc", "Doc A", "--start", 0, "--end", 5, "--code", "Framing",
               "--coder", "ana")[0] == 0
    assert run(capsys, "code", offline, "--doc", "Doc A", "--start", 11, "--end", 16, "--code",
               "Framing/Hashtag", "--coder", "ana")[0] == 0
    # Meanwhile the lead renames a code on the server.
    from app.coding import codebook
    with server.open("lena") as lead:
        codebook.rename_code(lead, "Framing/Hashtag", "Tag")
    code, out, err = run(capsys, "merge", server.url("ana"), offline)
    assert code == 0, err
    assert "2 segments added" in out
    assert "code matched" in out or "clash" in out or "differs" in out, out
    code, out, _ = run(capsys, "merge", server.url("ana"), offline)  # again: nothing new
    assert code == 0 and "0 segments added" in out
    with server.open("lena") as lead:
        from app.coding import queries
        rows = {(r.coder, r.start, r.code_path) for r in queries.segment_rows()}
    assert {("ana", 0, "Framing"), ("ana", 11, "Framing/Tag"), ("bob", 6, "Framing")} <= rows


def test_import_to_the_server_is_the_leads_and_a_coder_is_told_so(capsys, tmp_path, seeded_server):
    server = seeded_server
    article = tmp_path / "new.md"
    article.write_text("# A new article\n\nIt talks about the campaign \U0001F4AC.\n", encoding="utf-8")
    code, out, err = run(capsys, "import", server.url("ana"), article)
    assert code == 1
    assert "may not add or change documents" in (out + err) and "Traceback" not in (out + err)
    code, out, err = run(capsys, "import", server.url("lena"), article)
    assert code == 0, out + err
    code, out, _ = run(capsys, "docs", server.url("ana"))
    assert code == 0 and "A new article" in out
