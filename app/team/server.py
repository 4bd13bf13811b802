"""The team server: one project in a PostgreSQL database, coded by the whole team at once.

- ``open_project``: ``Project.open("postgresql://NAME:PW@host/db")`` lands here. The
  login is the coder's identity: the project's coder is ``current_user``; asking to
  act as anyone else is refused (and the database refuses it anyway: see below).
- ``init_server``: as an administrator, create the database (if missing), the schema,
  the roles, grants and row-level security, and the lead's login.
- ``add_coder``: a login for a teammate in one of the project's roles (lead, editor,
  coder, viewer); a generated password is returned to be printed once.
- ``push`` / ``pull``: a file project up to an empty server database, or a server
  project (or a set of its documents) down to a file (archive, offline work, exchange;
  bring offline work back with ``chorus merge``).
- ``verify``: what a login's ``chorus verify URL`` checks (see ``verify``'s docstring).

The rules are enforced by PostgreSQL (db/postgres_specific.py), not by this code:
coders write only their own segments and memos, only the lead (and codebook editors)
edit the codebook, only the lead ends blind mode and adjudicates, viewers read, and in
blind mode a coder's login cannot read other coders' segments at all.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from peewee import DatabaseError, sort_models

from app import audit
from app.changes import SETTING_TABLE, RowChange
from app.errors import ChorusError
from db import postgres_specific as pg
from db.migrations import LATEST_VERSION
from db.models import ALL_MODELS, TRACKED_MODELS, AuditEntry, Code, Document, SchemaVersion, database_proxy

ROLES = ("lead", "editor", "coder", "viewer")
CONNECT_ERRORS = (DatabaseError,) + pg.DRIVER_ERRORS


class ServerError(ChorusError):
    """A server project cannot be reached or used; one line."""


def server_url(address) -> str | None:
    """The ``postgresql://`` URL ``address`` names (a str, or a Path argparse made of one)."""
    return pg.as_url(address)


def _address(url) -> pg.ServerAddress:
    text = server_url(url)
    if text is None:
        raise ServerError(f"{url}: not a postgresql:// address")
    try:
        return pg.parse_url(text)
    except pg.AddressError as exc:
        raise ServerError(str(exc)) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _connect(address: pg.ServerAddress):
    db = pg.make_database(address)
    try:
        db.connect()
    except CONNECT_ERRORS as exc:
        raise ServerError(f"{address.display}: cannot connect to the server ({_first_line(exc)})") from exc
    return db


# --- opening ------------------------------------------------------------------------------


def open_project(cls, url, coder_name: str | None = None):
    """A ``Project`` (class ``cls``) on the server project at ``url``, as its login."""
    address = _address(url)
    db = _connect(address)
    try:
        version = pg.current_version(db)
        if version == 0:
            raise ServerError(f"{address.display}: not a Chorus project (no Chorus tables); "
                              f"an administrator runs 'chorus server init' first")
        if version > LATEST_VERSION:
            raise ServerError(f"{address.display}: made by a newer Chorus (schema version {version}; this Chorus "
                              f"reads up to {LATEST_VERSION}). Please update Chorus.")
        if version < LATEST_VERSION:
            if not pg.can_migrate(db):
                raise ServerError(f"{address.display}: the project is at schema version {version}; an administrator "
                                  f"runs 'chorus server init' with this Chorus to upgrade it")
            database_proxy.initialize(db)
            pg.migrate(db)
            pg.install_security(db, address.database)
        login = pg.login_name(db)
        if coder_name is not None and coder_name.strip() and coder_name.strip() != login:
            raise ServerError(f"{address.display}: on a server project you work as your login, {login}; "
                              f"acting as {coder_name.strip()!r} is not allowed (log in as them instead)")
    except CONNECT_ERRORS as exc:
        db.close()
        raise ServerError(f"{address.display}: {_first_line(exc)}") from exc
    except ChorusError:
        db.close()
        raise
    database_proxy.initialize(db)
    project = cls(Path(address.database), db, login)
    project.name = address.display
    project.server = address
    return project


def is_server(project) -> bool:
    return getattr(project, "server", None) is not None


def role(project) -> str | None:
    """The login's role in this server project: lead, editor, coder, viewer, owner or None."""
    if not is_server(project):
        return None
    db = project.db
    if pg.can_migrate(db):
        return "owner"
    return pg.role_of(db, project.server.database, project.coder_name)


# --- administration -------------------------------------------------------------------------


@dataclass
class InitReport:
    address: str
    created_database: bool
    migrated_from: int
    lead: str
    lead_created: bool
    password: str | None  # generated (print it once); None when given or kept

    def lines(self) -> list[str]:
        out = [f"{'created' if self.created_database else 'using'} database {self.address}"
               + ("" if self.migrated_from == LATEST_VERSION else
                  f" (schema {self.migrated_from} -> {LATEST_VERSION})"),
               f"lead: {self.lead}" + (" (new login)" if self.lead_created else " (existing login)")]
        if self.password:
            out.append(f"password for {self.lead}: {self.password}   (shown once; keep it safe)")
        return out


def _generate_password() -> str:
    return secrets.token_urlsafe(15)


def init_server(url, lead: str, password: str | None = None) -> InitReport:
    """As an administrator (``url``'s login: a superuser, or CREATEDB + CREATEROLE):
    create the project database if missing, its schema, security, and the lead's login."""
    address = _address(url)
    _check_name(lead)
    try:
        created = pg.create_database_if_missing(address)
    except CONNECT_ERRORS as exc:
        raise ServerError(f"{address.display}: cannot create the database ({_first_line(exc)})") from exc
    db = _connect(address)
    try:
        database_proxy.initialize(db)
        before = pg.migrate(db)
        pg.install_security(db, address.database)
        generated = None
        if password is None and not _login_exists(db, lead):
            password = generated = _generate_password()
        lead_created = pg.ensure_login(db, address.database, lead, "lead", password)
        _name_lead(db, lead)
    except CONNECT_ERRORS as exc:
        raise ServerError(f"{address.display}: {_first_line(exc)}") from exc
    finally:
        db.close()
    return InitReport(address.display, created, before, lead, lead_created, generated)


def _name_lead(db, lead: str) -> None:
    """Record the server's lead as the project's lead (the AGREEMENT helper's TeamLead)."""
    from db import models

    team_lead = getattr(models, "TeamLead", None)
    if team_lead is None or not db.table_exists(team_lead._meta.table_name):
        return
    if team_lead.select().where(team_lead.coder_name == lead).exists():
        return
    # Written directly by the administrator at set-up (like the schema), not a user change.
    from app.changes import ChangeSet, row_of

    with pg.begin_write(db):
        row = team_lead.create(coder_name=lead, named_by="chorus server init")
        changeset = ChangeSet(label=f"Name {lead} the lead", coder=pg.login_name(db),
                              changes=[RowChange(team_lead._meta.table_name, row.uuid, None, row_of(row))])
        audit.append(changeset)


def _login_exists(db, name: str) -> bool:
    return db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None


def _check_name(name: str) -> str:
    try:
        return pg.check_login_name(name)
    except pg.AddressError as exc:
        raise ServerError(str(exc)) from exc


def add_coder(url, name: str, role_name: str = "coder", password: str | None = None) -> tuple[bool, str | None]:
    """Create (or re-role) a teammate's login. Returns (created, generated password or None)."""
    if role_name not in ROLES:
        raise ServerError(f"unknown role {role_name!r}: lead, editor, coder or viewer")
    address = _address(url)
    _check_name(name)
    db = _connect(address)
    try:
        if pg.current_version(db) == 0:
            raise ServerError(f"{address.display}: not a Chorus project yet; run 'chorus server init' first")
        generated = None
        if password is None and not _login_exists(db, name):
            password = generated = _generate_password()
        created = pg.ensure_login(db, address.database, name, role_name, password)
    except CONNECT_ERRORS as exc:
        raise ServerError(f"{address.display}: cannot add {name} ({_first_line(exc)})") from exc
    finally:
        db.close()
    return created, generated


def coder_url(url, name: str, password: str | None) -> str:
    """The address a teammate opens: the server's URL with their login."""
    return _address(url).with_user(name, password)


# --- copying between a file and the server ------------------------------------------------------


def _copy_models() -> list:
    """Every model but the schema's own bookkeeping, parents before children."""
    return [m for m in sort_models(ALL_MODELS) if m is not SchemaVersion]


def _read_rows(models) -> dict:
    out = {}
    for model in models:
        if not model._meta.database.table_exists(model._meta.table_name):
            out[model] = []
            continue
        query = model.select().order_by(*([model._meta.primary_key] if model._meta.primary_key else []))
        rows = list(query.dicts())
        if model is Code:
            rows = _parents_first(rows)
        out[model] = rows
    return out


def _parents_first(codes: list[dict]) -> list[dict]:
    by_id = {c["id"]: c for c in codes}
    done: set[int] = set()
    out: list[dict] = []
    for code in codes:
        chain = []
        cursor = code
        while cursor is not None and cursor["id"] not in done and cursor not in chain:
            chain.append(cursor)
            cursor = by_id.get(cursor["parent"])
        for item in reversed(chain):
            done.add(item["id"])
            out.append(item)
    return out


def _insert_rows(model, rows: list[dict], batch: int = 500) -> None:
    for i in range(0, len(rows), batch):
        model.insert_many(rows[i:i + batch]).execute()


def push(file_path: Path | str, url) -> dict:
    """Upload a project file into an empty server database (created if missing).

    Rows keep their ids and UUIDs and the audit log is copied entry for entry, so the
    server's chain is the file's chain (``chorus verify URL`` agrees with the file's).
    The file's log must be intact. Run as an administrator; then add the file's coders
    as logins with ``chorus server add-coder`` (a login named like a coder is that coder).
    """
    from app.project import Project

    file_path = Path(file_path)
    address = _address(url)
    with Project.open(file_path):
        result = audit.verify()
        if not result.ok:
            raise ServerError(f"{file_path.name}: its audit log is not intact ({result.problems[0]}); "
                              f"run 'chorus verify' and fix that first")
        models = _copy_models()
        rows = _read_rows(models)
    try:
        pg.create_database_if_missing(address)
    except CONNECT_ERRORS as exc:
        raise ServerError(f"{address.display}: cannot create the database ({_first_line(exc)})") from exc
    db = _connect(address)
    try:
        database_proxy.initialize(db)
        pg.migrate(db)
        with db.bind_ctx(ALL_MODELS):
            if Document.select().exists() or AuditEntry.select().exists() or Code.select().exists():
                raise ServerError(f"{address.display}: the server project is not empty; push only into a new one")
            with pg.begin_write(db):
                for model in models:
                    _insert_rows(model, rows[model])
                for model in models:
                    if "id" in model._meta.fields and isinstance(model._meta.primary_key, type(AuditEntry.id)):
                        table = model._meta.table_name
                        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                       f"coalesce((SELECT max(id) FROM \"{table}\"), 0) + 1, false)")
        pg.install_security(db, address.database)
    except CONNECT_ERRORS as exc:
        raise ServerError(f"{address.display}: push failed, no rows were kept ({_first_line(exc)})") from exc
    finally:
        db.close()
    return {model._meta.table_name: len(rows[model]) for model in models}


@dataclass
class PullReport:
    source: str
    target: Path
    counts: dict = field(default_factory=dict)
    complete: bool = True  # False: a partial view (blind mode or a document set); new log

    def lines(self) -> list[str]:
        what = ", ".join(f"{n} {t}" for t, n in self.counts.items() if n and t != "audit_entry")
        out = [f"pulled {self.source} into {self.target.name}: {what or 'nothing'}"]
        if self.complete:
            out.append(f"audit log copied entry for entry ({self.counts.get('audit_entry', 0)} entries)")
        else:
            out.append("a partial copy (a document set, or what your login may see): the file starts its own "
                       "audit log; bring your coding back with 'chorus merge'")
        return out


def _resolve_documents(selectors: list[str]) -> set[int]:
    ids: set[int] = set()
    for text in selectors:
        text = text.strip()
        query = Document.select(Document.id)
        found = None
        if text.isdigit():
            found = query.where(Document.id == int(text)).scalar()
        if found is None:
            found = query.where((Document.uuid == text) | (Document.title == text)).scalar()
        if found is None:
            raise ServerError(f"no document {text!r} on the server project")
        ids.add(found)
    return ids


def _document_filter(model, rows: list[dict], docs: set[int]) -> list[dict]:
    if "document" not in model._meta.fields:
        return rows
    keep_null = model._meta.fields["document"].null
    return [r for r in rows if (r["document"] in docs) or (keep_null and r["document"] is None)]


def pull(url, out: Path | str, documents: list[str] | None = None) -> PullReport:
    """Copy the server project (or the given documents with their coding) to a new file.

    What the login may read is copied: in blind mode a coder's copy holds their own
    segments only. When the login reads everything and no document set is asked for,
    the audit log is copied entry for entry (the file verifies like the server);
    otherwise the file begins its own log with one change recording what was copied.
    """
    from app.project import Project

    out = Path(out)
    if out.exists():
        raise ServerError(f"{out.name}: a file of that name already exists")
    with Project.open(url) as source:
        name = source.name
        login = source.coder_name
        complete = documents is None and _reads_everything(source)
        models = [m for m in _copy_models() if m is not AuditEntry or complete]
        rows = _read_rows(models)
        if documents:
            docs = _resolve_documents(documents)
            rows = {m: _document_filter(m, r, docs) for m, r in rows.items()}
            rows[Document] = [r for r in rows[Document] if r["id"] in docs]
    target = Project.create(out, coder_name=login)
    try:
        if complete:
            with target.db.atomic():
                for model in models:
                    _insert_rows(model, rows[model])
        else:
            label = f"Pulled from {name}" + (f" ({len(rows[Document])} documents)" if documents else "")
            with target.change(label, coder=login) as rec:
                for model in models:
                    _insert_rows(model, rows[model])
                    table = model._meta.table_name
                    for row in rows[model]:
                        if table == SETTING_TABLE:
                            rec.changeset.changes.append(RowChange(table, row["key"], None, dict(row)))
                        elif table in TRACKED_MODELS:
                            rec.changeset.changes.append(RowChange(table, row["uuid"], None, dict(row)))
    finally:
        target.close()
    return PullReport(name, out, {m._meta.table_name: len(rows[m]) for m in models}, complete)


def _reads_everything(project) -> bool:
    kind = role(project)
    if kind in ("owner", "lead", "viewer"):
        return True
    return project.db.execute_sql("SELECT NOT chorus_blind()").fetchone()[0]


# --- verify ------------------------------------------------------------------------------------


@dataclass
class ServerVerify:
    result: audit.VerifyResult
    scope: str  # complete | partial
    hidden: int = 0  # entries this login may not read (links checked, content not)

    def lines(self, name: str) -> list[str]:
        if self.scope == "complete":
            return []
        return [f"{name}: your login reads {self.result.entries - self.hidden} of {self.result.entries} audit "
                f"entries (blind mode): the whole chain's links were checked, and the content and live rows "
                f"of what you can read; the lead's verify checks everything"]


def verify(project, anchor: str | None = None) -> ServerVerify:
    """``chorus verify URL`` for this login.

    - the lead, a viewer, the administrator, or anyone while blind mode is off: the full
      check (the chain and a replay of the whole log against the live rows), exactly as
      for a file;
    - a coder in blind mode cannot read other coders' segments or their log entries. The
      chain's links (each entry's previous hash) are checked over every entry through a
      function that returns the hashes only; each entry the coder can read is re-hashed,
      and what the coder can read of the live rows is compared with the log.
    """
    project.activate()
    if _reads_everything(project):
        return ServerVerify(audit.verify(anchor=anchor), "complete")
    links = pg.audit_links(project.db)
    readable = audit.verify(anchor=anchor)  # over the entries RLS lets through
    visible_ids = {row[0] for row in AuditEntry.select(AuditEntry.id).tuples()}
    result = audit.VerifyResult(entries=len(links))
    prev = audit.GENESIS
    for entry_id, prev_hash, entry_hash in links:
        if prev_hash != prev:
            result.problems.append(f"audit log entry {entry_id} does not match the chain (log edited)")
        prev = entry_hash
    result.head = prev
    result.anchor_found = readable.anchor_found
    if anchor and any(h.startswith(anchor.strip().lower()) for _, _, h in links) and len(anchor.strip()) >= 12:
        result.anchor_found = True
    # The readable subset: entry hashes stand on their own (each names its previous hash);
    # the chain complaints of the subset are gaps, already checked above.
    for entry in _readable_entries():
        entry_id, *fields, prev_hash, entry_hash = entry
        at = fields[3]
        fields[3] = at.isoformat(sep=" ") if isinstance(at, datetime) else at
        if audit._entry_hash(prev_hash, tuple(fields)) != entry_hash:
            result.problems.append(f"audit log entry {entry_id} does not match its hash (log edited)")
    for problem in readable.problems:
        if "does not match the chain" in problem or "anchor" in problem:
            continue
        result.problems.append(problem)
    if anchor and not result.anchor_found:
        result.problems.append("the anchor is not in the audit chain (the log was cut short or rewritten since)")
    return ServerVerify(result, "partial", hidden=len(links) - len(visible_ids))


def _readable_entries():
    return audit._entries()
