"""Team-server fixtures: a project database on the session's throwaway cluster.

``server`` gives a fresh project database per test, initialised by the administrator,
with logins lena (lead), ana and bob (coders), ed (codebook editor) and vera (viewer).
Everything skips cleanly when PostgreSQL is not installed (see tests/pg.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

PASSWORDS = {"lena": "lena-pw", "ana": "ana-pw", "bob": "bob-pw", "ed": "ed-pw", "vera": "vera-pw"}
ROLES = {"ana": "coder", "bob": "coder", "ed": "editor", "vera": "viewer"}


@dataclass
class Server:
    cluster: object
    database: str
    admin: str

    def url(self, login: str) -> str:
        return self.cluster.url(self.database, login, PASSWORDS[login])

    def sql(self, login: str):
        """A plain psycopg2 connection as that login (what psql would be)."""
        return self.cluster.connect(self.database, login, PASSWORDS[login])

    def open(self, login: str):
        from app.project import Project

        return Project.open(self.url(login))


@pytest.fixture
def server(pg_cluster):
    from app.team import server as team_server

    name = pg_cluster.new_database_name()
    admin = pg_cluster.admin_url(name)
    team_server.init_server(admin, "lena", PASSWORDS["lena"])
    for login, role in ROLES.items():
        team_server.add_coder(admin, login, role, PASSWORDS[login])
    yield Server(pg_cluster, name, admin)
    from db.models import database_proxy

    database_proxy.initialize(None)
    pg_cluster.drop_database(name)


TEXT_A = "Alpha beta gamma. Delta epsilon zeta.\nEta theta iota kappa. \U0001F600 e\u0301 end."
TEXT_B = "Second document text about reckoning and backlash."


@pytest.fixture
def seeded_server(server):
    """Two documents and a small codebook, added by the lead."""
    from app.articles.importing import add_document
    from app.coding import codebook

    with server.open("lena") as lead:
        add_document(lead, TEXT_A, "Doc A", source="Ledger", published="2017-10-16")
        add_document(lead, TEXT_B, "Doc B", source="Courier", published="2017-10-20")
        codebook.create_code(lead, "Framing", colour="#4e79a7")
        codebook.create_code(lead, "Hashtag", parent="Framing")
        codebook.create_code(lead, "Backlash")
    return server
