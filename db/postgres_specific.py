"""PostgreSQL-only features (the team server), all in one place.

The same peewee models run on PostgreSQL; what cannot be portable lives here:

- addresses: ``postgresql://USER:PW@HOST:PORT/DB`` parsed into a peewee
  ``PostgresqlDatabase`` (psycopg2), with a 5 s ``lock_timeout``;
- ``begin_write(db)``: a transaction that first takes the project's transaction-level
  advisory lock, so writers (and the hash-chained audit append) are serialised: the
  audit log stays one chain under any number of concurrent writers;
- ``data_version(db)``: a counter that changes when ANOTHER connection commits. A
  statement trigger on every table sends ``NOTIFY chorus_changes`` (one per committed
  transaction, delivered at commit); each open project has one listening connection
  that is only ``poll()``ed (a non-blocking read of its socket, no query), so a window
  polling every 500 ms costs the server nothing;
- ``SECURITY_SQL``: roles, grants and row-level security (who may write what; blind
  coding enforced by the server), installed by ``install_security``;
- schema migrations run by the administrator (the tables' owner);
- ``error_kind(exc)``: SQLSTATE codes mapped to the store's one-line kinds.

Identifiers built from names are always quoted (``psycopg2.sql.Identifier``).
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import psycopg2
import psycopg2.errors
from psycopg2 import sql
from peewee import DatabaseError, InterfaceError, PostgresqlDatabase

from db.migrations import LATEST_VERSION, MIGRATIONS
from db.models import SchemaVersion

# pg_advisory_xact_lock key of the project's write lock ('CHRS'); one lock per database.
WRITE_LOCK_KEY = 0x43485253
LOCK_TIMEOUT_MS = 5000
# Take the write lock when the transaction starts (like SQLite's BEGIN IMMEDIATE: a
# change's reads and writes are serialised with every other change) or only for the
# audit append (the chain still serialised; reads and row writes run side by side).
LOCK_AT_START = os.environ.get("CHORUS_PG_LOCK", "start") != "append"
NOTIFY_CHANNEL = "chorus_changes"
SCHEMES = ("postgresql://", "postgres://")
GENESIS = "0" * 64
ROLE_KINDS = ("lead", "editor", "coder", "viewer")
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,40}$")

# psycopg2's errors (peewee wraps them; the original is the wrapper's __cause__).
DRIVER_ERRORS = (psycopg2.Error,)


# --- addresses --------------------------------------------------------------------------


def as_url(address) -> str | None:
    """The ``postgresql://`` URL in ``address`` (a str or a Path made of one), else None.

    ``Path("postgresql://h/db")`` collapses the double slash; it is restored here so a
    URL that went through argparse's ``type=Path`` still works.
    """
    text = str(address)
    for scheme in SCHEMES:
        if text.startswith(scheme):
            return text
        single = scheme[:-1]  # 'postgresql:/'
        if text.startswith(single) and not isinstance(address, str):
            return scheme + text[len(single):]
    return None


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    database: str
    user: str | None
    password: str | None
    params: tuple[tuple[str, str], ...] = ()

    @property
    def display(self) -> str:
        """For messages and titles: never the password."""
        who = f"{self.user}@" if self.user else ""
        return f"{who}{self.host}:{self.port}/{self.database}"

    def connect_kwargs(self, database: str | None = None) -> dict:
        kwargs = {"host": self.host, "port": self.port, "dbname": database or self.database}
        if self.user:
            kwargs["user"] = self.user
        if self.password is not None:
            kwargs["password"] = self.password
        for key, value in self.params:
            kwargs[key] = value
        return kwargs

    def with_user(self, user: str, password: str | None, database: str | None = None) -> str:
        from urllib.parse import quote

        auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password is not None else "")
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = "&".join(f"{k}={v}" for k, v in self.params)
        return f"postgresql://{auth}@{host}:{self.port}/{database or self.database}" + (f"?{query}" if query else "")


class AddressError(ValueError):
    """A server address that cannot be used; ``str(e)`` is one line."""


def parse_url(url: str) -> ServerAddress:
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise AddressError(f"{url!r} is not a postgresql:// address")
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise AddressError("the server address needs a database name: postgresql://USER:PASSWORD@HOST/DATABASE")
    try:
        port = parts.port or 5432
    except ValueError as exc:
        raise AddressError(f"bad port in the server address ({exc})") from exc
    params = tuple((k, v) for k, v in parse_qsl(parts.query) if k in ("sslmode", "sslrootcert", "sslcert",
                                                                       "sslkey", "connect_timeout"))
    return ServerAddress(host=parts.hostname or "localhost", port=port, database=database,
                         user=unquote(parts.username) if parts.username else None,
                         password=unquote(parts.password) if parts.password is not None else None,
                         params=params)


def make_database(address: ServerAddress) -> PostgresqlDatabase:
    kwargs = address.connect_kwargs()
    kwargs.pop("dbname")
    kwargs.setdefault("connect_timeout", 10)
    kwargs["application_name"] = "chorus"
    kwargs["options"] = f"-c lock_timeout={LOCK_TIMEOUT_MS} -c search_path=public"
    return PostgresqlDatabase(address.database, **kwargs)


def connect_raw(address: ServerAddress, database: str | None = None, autocommit: bool = True):
    """A plain psycopg2 connection (administration, listening)."""
    kwargs = address.connect_kwargs(database)
    kwargs.setdefault("connect_timeout", 10)
    kwargs["application_name"] = "chorus"
    con = psycopg2.connect(**kwargs)
    con.autocommit = autocommit
    return con


# --- writing: one lock per project --------------------------------------------------------

_own_pids: "weakref.WeakKeyDictionary[PostgresqlDatabase, set[int]]" = weakref.WeakKeyDictionary()


def backend_pid(db: PostgresqlDatabase) -> int:
    return db.connection().info.backend_pid


@contextmanager
def begin_write(db: PostgresqlDatabase):
    """A write transaction holding the project's write lock from its first statement.

    Waits up to lock_timeout (5 s) for another writer, then raises (error_kind 'busy').
    Nested inside a transaction it is a savepoint (the lock is already held).
    """
    _own_pids.setdefault(db, set()).add(backend_pid(db))
    with db.atomic() as txn:
        if LOCK_AT_START:
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        yield txn


def audit_head(db: PostgresqlDatabase) -> str:
    """The last audit entry's hash, whatever row-level security lets this login see."""
    # The lock first, in its own statement: the head is then read with a snapshot taken
    # after the previous writer committed (READ COMMITTED takes one per statement).
    db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
    row = db.execute_sql("SELECT chorus_audit_head()").fetchone()
    return row[0] or GENESIS


def audit_links(db: PostgresqlDatabase) -> list[tuple[int, str, str]]:
    """(id, prev_hash, entry_hash) of every audit entry: the chain without its content."""
    return [tuple(r) for r in db.execute_sql("SELECT id, prev_hash, entry_hash FROM chorus_audit_links()")]


# --- outside changes: LISTEN/NOTIFY --------------------------------------------------------


class _Listener:
    def __init__(self, db: PostgresqlDatabase):
        params = dict(db.connect_params)
        params.pop("options", None)
        self.con = psycopg2.connect(dbname=db.database, **params)
        self.con.autocommit = True
        with self.con.cursor() as cur:
            cur.execute(sql.SQL("LISTEN {}").format(sql.Identifier(NOTIFY_CHANNEL)))
        self.version = None
        self.lock = threading.Lock()

    def foreign_notes(self, own: set[int]) -> int:
        """How many notifications from other connections arrived since the last call."""
        with self.lock:
            self.con.poll()  # reads what the socket holds; sends nothing
            count = 0
            while self.con.notifies:
                note = self.con.notifies.pop(0)
                if note.pid not in own:
                    count += 1
            return count

    def close(self) -> None:
        try:
            self.con.close()
        except psycopg2.Error:
            pass


_listeners: "weakref.WeakKeyDictionary[PostgresqlDatabase, _Listener]" = weakref.WeakKeyDictionary()
_listeners_lock = threading.Lock()


def _visible_head(db: PostgresqlDatabase) -> int:
    row = db.execute_sql("SELECT coalesce(max(id), 0) FROM audit_entry").fetchone()
    return int(row[0])


_last_versions: "weakref.WeakKeyDictionary[PostgresqlDatabase, int]" = weakref.WeakKeyDictionary()
_closed: "weakref.WeakSet[PostgresqlDatabase]" = weakref.WeakSet()


def data_version(db: PostgresqlDatabase) -> int:
    """Changes when another connection commits a change this login may see.

    Nothing is sent to the server while nothing arrives: the listening connection's
    socket is only read. When a teammate's NOTIFY arrives, one query reads the newest
    audit entry id this login can see (row-level security applies), so a coder in
    blind mode is not disturbed by the hidden work of others.

    Never raises for the server being out of reach (the last value is returned; the
    next write reports the problem in one line), and never reconnects for a closed
    project.
    """
    last = _last_versions.get(db, 0)
    if db in _closed:
        return last
    with _listeners_lock:
        listener = _listeners.get(db)
        if listener is None:
            try:
                listener = _Listener(db)
                listener.version = _visible_head(db)
            except (psycopg2.Error, DatabaseError, InterfaceError):
                if listener is not None:
                    listener.close()
                return last
            _listeners[db] = listener
    try:
        arrived = listener.foreign_notes(_own_pids.get(db, set()))
        if arrived:
            listener.version = _visible_head(db)
    except (psycopg2.Error, DatabaseError, InterfaceError):
        # The server went away: listen again next time (and read the head afresh then,
        # so nothing committed meanwhile is missed).
        with _listeners_lock:
            if _listeners.get(db) is listener:
                del _listeners[db]
        listener.close()
    _last_versions[db] = listener.version
    return listener.version


def wait_for_change(db: PostgresqlDatabase, timeout_s: float) -> int:
    """Block until another connection's NOTIFY arrives or the timeout passes; returns
    data_version (for benchmarks and scripts; the window polls instead)."""
    import select

    data_version(db)
    listener = _listeners[db]
    select.select([listener.con], [], [], timeout_s)
    return data_version(db)


def close(db: PostgresqlDatabase) -> None:
    """Close the project's listening connection (the project is being closed)."""
    with _listeners_lock:
        _closed.add(db)
        listener = _listeners.pop(db, None)
    if listener is not None:
        listener.close()


# --- errors --------------------------------------------------------------------------------


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a driver error (peewee keeps the original as ``__cause__``)."""
    seen = 0
    while exc is not None and seen < 5:
        code = getattr(exc, "pgcode", None)
        if code:
            return code
        exc = exc.__cause__ or getattr(exc, "orig", None)
        seen += 1
    return None


def error_kind(exc: BaseException) -> str | None:
    """busy | full | readonly | damaged | io | denied | None (other)."""
    code = sqlstate(exc)
    if code is None:
        if isinstance(exc, (psycopg2.OperationalError, psycopg2.InterfaceError)):
            return "io"
        cause = exc.__cause__
        if isinstance(cause, (psycopg2.OperationalError, psycopg2.InterfaceError)):
            return "io"
        return None
    if code in ("55P03", "40P01", "40001"):  # lock_not_available, deadlock, serialization
        return "busy"
    if code in ("53100",):
        return "full"
    if code in ("25006",):
        return "readonly"
    if code.startswith("XX"):
        return "damaged"
    if code.startswith("08") or code.startswith("57"):
        return "io"
    if code in ("42501",) or code.startswith("28"):  # insufficient_privilege, RLS, auth
        return "denied"
    return None


_TABLE_RE = re.compile(r'(?:for table|table) "?([a-z_]+)"?')
_WHAT = {
    "segment": "change another coder's segments (coders write only their own)",
    "memo": "change another coder's memos (coders write only their own)",
    "code": "change the codebook (only the lead and codebook editors may)",
    "project_setting": "change the project's settings, blind mode included (only the lead may)",
    "blind_event": "switch blind mode (only the lead may)",
    "decision": "adjudicate (only the lead may)",
    "decision_source": "adjudicate (only the lead may)",
    "document": "add or change documents (only the lead may)",
    "document_attribute": "change document attributes (only the lead may)",
    "coder": "add or change another coder (only the lead may)",
    "audit_entry": "write audit entries under another name",
}


def denied_what(exc: BaseException) -> str:
    cause = exc
    while cause is not None and not getattr(cause, "pgcode", None):
        cause = cause.__cause__
    diag_table = getattr(getattr(cause, "diag", None), "table_name", None) if cause is not None else None
    match = _TABLE_RE.search(str(exc))
    table = diag_table or (match.group(1) if match else None)
    if table in _WHAT:
        return _WHAT[table]
    if table:
        return f"change {table.replace('_', ' ')} rows (your role does not allow it)"
    return "make this change (your role does not allow it)"


# --- schema: migrations (run by the tables' owner) -------------------------------------------


def current_version(db: PostgresqlDatabase) -> int:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = db.execute_sql(f'SELECT MAX(version) FROM "{SchemaVersion._meta.table_name}"').fetchone()
    return row[0] or 0


def migrate(db: PostgresqlDatabase) -> int:
    """Bring the schema to LATEST_VERSION (one transaction); returns the version before."""
    version = current_version(db)
    if version >= LATEST_VERSION:
        return version
    with db.atomic():
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        db.create_tables([SchemaVersion])
        for migration in MIGRATIONS:
            if migration.VERSION > version:
                migration.apply(db)
                SchemaVersion.create(version=migration.VERSION, name=migration.NAME)
    return version


# --- roles, grants, row-level security ------------------------------------------------------


def group_role(database: str, kind: str) -> str:
    """The database's group role of that kind (lead, editor, coder, viewer)."""
    name = f"chorus_{database}_{kind}"
    if len(name.encode()) > 60:
        digest = hashlib.sha256(database.encode()).hexdigest()[:10]
        name = f"chorus_{digest}_{kind}"
    return name


def check_login_name(name: str) -> str:
    if not NAME_RE.match(name or "") or name.lower().startswith(("pg_", "chorus_")):
        raise AddressError(f"{name!r} cannot be a server login: use letters, digits, '_', '.', '-' "
                           "(starting with a letter, at most 41 characters, not 'pg_' or 'chorus_')")
    return name


# Tables every role may read; writes are granted per role below.
ALL_TABLES = ("schema_version", "project_setting", "coder", "document", "code", "segment", "document_attribute",
              "memo", "audit_entry", "blind_event", "decision", "decision_source")
CODER_WRITES = {"segment": "INSERT, UPDATE, DELETE", "memo": "INSERT, UPDATE, DELETE", "coder": "INSERT",
                "audit_entry": "INSERT"}
EDITOR_WRITES = {"code": "INSERT, UPDATE, DELETE"}
# The lead writes everything except the log (append only for everyone) and the schema.
LEAD_EXCEPT = {"schema_version": None, "audit_entry": "INSERT"}

SECURITY_SQL = """
CREATE OR REPLACE FUNCTION chorus_is_lead() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT pg_has_role(current_user, {lead_lit}, 'MEMBER')
         OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) $$;
CREATE OR REPLACE FUNCTION chorus_sees_all() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT chorus_is_lead() OR pg_has_role(current_user, {viewer_lit}, 'MEMBER') $$;
CREATE OR REPLACE FUNCTION chorus_blind() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
  SELECT coalesce((SELECT value FROM project_setting WHERE key = 'blind_mode'), 'off') = 'on' $$;
-- Not SECURITY DEFINER: inside one, current_user would be the function's owner.
CREATE OR REPLACE FUNCTION chorus_me() RETURNS integer LANGUAGE sql STABLE
  SET search_path = public, pg_temp AS $$
  SELECT id FROM coder WHERE name = current_user $$;
CREATE OR REPLACE FUNCTION chorus_audit_head() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
  SELECT entry_hash FROM audit_entry ORDER BY id DESC LIMIT 1 $$;
CREATE OR REPLACE FUNCTION chorus_audit_links() RETURNS TABLE(id integer, prev_hash text, entry_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id, prev_hash, entry_hash FROM audit_entry ORDER BY id $$;

-- The log stays one chain whoever writes (psql included): each new entry takes the
-- project's write lock and must follow the current head.
CREATE OR REPLACE FUNCTION chorus_audit_guard() RETURNS trigger LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
DECLARE head text;
BEGIN
  PERFORM pg_advisory_xact_lock({lock_key});
  SELECT a.entry_hash INTO head FROM audit_entry a ORDER BY a.id DESC LIMIT 1;
  IF NEW.prev_hash IS DISTINCT FROM coalesce(head, {genesis}) THEN
    RAISE EXCEPTION 'audit entry does not follow the head of the chain' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS chorus_audit_guard ON audit_entry;
CREATE TRIGGER chorus_audit_guard BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION chorus_audit_guard();

CREATE OR REPLACE FUNCTION chorus_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify({channel}, '');
  RETURN NULL;
END $$;

-- Segments: coders write only their own; in blind mode they see only their own.
ALTER TABLE segment ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS chorus_read ON segment;
DROP POLICY IF EXISTS chorus_insert ON segment;
DROP POLICY IF EXISTS chorus_update ON segment;
DROP POLICY IF EXISTS chorus_delete ON segment;
CREATE POLICY chorus_read ON segment FOR SELECT
  USING (NOT (SELECT chorus_blind()) OR (SELECT chorus_sees_all()) OR coder_id = (SELECT chorus_me()));
CREATE POLICY chorus_insert ON segment FOR INSERT WITH CHECK ((SELECT chorus_is_lead()) OR coder_id = (SELECT chorus_me()));
CREATE POLICY chorus_update ON segment FOR UPDATE USING ((SELECT chorus_is_lead()) OR coder_id = (SELECT chorus_me()))
  WITH CHECK ((SELECT chorus_is_lead()) OR coder_id = (SELECT chorus_me()));
CREATE POLICY chorus_delete ON segment FOR DELETE USING ((SELECT chorus_is_lead()) OR coder_id = (SELECT chorus_me()));

-- Memos: the same rule; project memos (no coder) are the lead's.
ALTER TABLE memo ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS chorus_read ON memo;
DROP POLICY IF EXISTS chorus_insert ON memo;
DROP POLICY IF EXISTS chorus_update ON memo;
DROP POLICY IF EXISTS chorus_delete ON memo;
CREATE POLICY chorus_read ON memo FOR SELECT
  USING (NOT (SELECT chorus_blind()) OR (SELECT chorus_sees_all()) OR coder_id IS NULL OR coder_id = (SELECT chorus_me()));
CREATE POLICY chorus_insert ON memo FOR INSERT WITH CHECK ((SELECT chorus_is_lead()) OR coder_id = (SELECT chorus_me()));
CREATE POLICY chorus_update ON memo FOR UPDATE USING ((SELECT chorus_is_lead()) OR coder_id = (SELECT chorus_me()))
  WITH CHECK ((SELECT chorus_is_lead()) OR coder_id = (SELECT chorus_me()));
CREATE POLICY chorus_delete ON memo FOR DELETE USING ((SELECT chorus_is_lead()) OR coder_id = (SELECT chorus_me()));

-- Coders: anyone reads the list; a coder adds only themself.
ALTER TABLE coder ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS chorus_read ON coder;
DROP POLICY IF EXISTS chorus_insert ON coder;
DROP POLICY IF EXISTS chorus_write ON coder;
CREATE POLICY chorus_read ON coder FOR SELECT USING (true);
CREATE POLICY chorus_insert ON coder FOR INSERT WITH CHECK ((SELECT chorus_is_lead()) OR name = current_user);
CREATE POLICY chorus_write ON coder FOR UPDATE USING ((SELECT chorus_is_lead())) WITH CHECK ((SELECT chorus_is_lead()));

-- Decisions and their snapshots of segments: hidden from coders in blind mode.
ALTER TABLE decision ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS chorus_read ON decision;
DROP POLICY IF EXISTS chorus_write ON decision;
CREATE POLICY chorus_read ON decision FOR SELECT USING (NOT (SELECT chorus_blind()) OR (SELECT chorus_sees_all()));
CREATE POLICY chorus_write ON decision FOR ALL USING ((SELECT chorus_is_lead())) WITH CHECK ((SELECT chorus_is_lead()));

ALTER TABLE decision_source ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS chorus_read ON decision_source;
DROP POLICY IF EXISTS chorus_write ON decision_source;
CREATE POLICY chorus_read ON decision_source FOR SELECT USING (NOT (SELECT chorus_blind()) OR (SELECT chorus_sees_all()));
CREATE POLICY chorus_write ON decision_source FOR ALL USING ((SELECT chorus_is_lead())) WITH CHECK ((SELECT chorus_is_lead()));

-- The log: everyone appends entries under their own login only; in blind mode a coder
-- reads only the entries about their own segments and memos (and everything else).
ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS chorus_read ON audit_entry;
DROP POLICY IF EXISTS chorus_insert ON audit_entry;
CREATE POLICY chorus_read ON audit_entry FOR SELECT USING (
  NOT (SELECT chorus_blind()) OR (SELECT chorus_sees_all()) OR coder_name = current_user
  OR table_name NOT IN ('segment', 'memo', 'decision', 'decision_source', 'suggestion_dismissal')
  OR (table_name = 'segment' AND (coalesce(after, before)::jsonb ->> 'coder') = (SELECT chorus_me())::text)
  OR (table_name = 'memo' AND coalesce((coalesce(after, before)::jsonb ->> 'coder'), (SELECT chorus_me())::text)
                              = (SELECT chorus_me())::text)
  OR (table_name = 'suggestion_dismissal'
      AND (coalesce(after, before)::jsonb ->> 'coder_name') = current_user));
CREATE POLICY chorus_insert ON audit_entry FOR INSERT WITH CHECK (coder_name = current_user);
"""


# Tables of other features a coder writes rows of their own in (when the schema has them):
# table -> the policy's test that a row is the login's own.
CODER_OWN_ROWS = {
    "assignment": "coder = (SELECT chorus_me())",  # done marks (coder is a row id)
    "suggestion_dismissal": "coder_name = current_user",
}
# ... and of those, the ones whose other coders' rows blind mode hides.
BLIND_HIDDEN_OWN_ROWS = {"suggestion_dismissal"}


def _own_row_policies(tables: list[str]) -> list:
    out = []
    for table, own in CODER_OWN_ROWS.items():
        if table not in tables:
            continue
        t = sql.Identifier(table)
        out.append(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(t))
        for name in ("chorus_read", "chorus_write"):
            out.append(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(name), t))
        if table in BLIND_HIDDEN_OWN_ROWS:
            out.append(sql.SQL("CREATE POLICY chorus_read ON {} FOR SELECT USING (NOT (SELECT chorus_blind()) "
                               "OR (SELECT chorus_sees_all()) OR " + own + ")").format(t))
        else:
            out.append(sql.SQL("CREATE POLICY chorus_read ON {} FOR SELECT USING (true)").format(t))
        out.append(sql.SQL("CREATE POLICY chorus_write ON {} FOR ALL USING ((SELECT chorus_is_lead()) OR " + own
                           + ") WITH CHECK ((SELECT chorus_is_lead()) OR " + own + ")").format(t))
    return out


def _grant_statements(database: str, tables: list[str]) -> list:
    role = {kind: sql.Identifier(group_role(database, kind)) for kind in ROLE_KINDS}
    out = [
        sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
    ]
    for kind in ROLE_KINDS:
        out.append(sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(sql.Identifier(database),
                                                                                    role[kind]))
        out.append(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role[kind]))
        out.append(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(role[kind]))
        out.append(sql.SQL("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {}").format(role[kind]))
    for kind in ("coder", "editor", "lead"):
        out.append(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(role[kind]))
        for table, rights in CODER_WRITES.items():
            out.append(sql.SQL("GRANT " + rights + " ON {} TO {}").format(sql.Identifier(table), role[kind]))
        for table in CODER_OWN_ROWS:
            if table in tables:
                out.append(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(sql.Identifier(table),
                                                                                      role[kind]))
    for kind in ("editor", "lead"):
        for table, rights in EDITOR_WRITES.items():
            out.append(sql.SQL("GRANT " + rights + " ON {} TO {}").format(sql.Identifier(table), role[kind]))
    return out


def _lead_grants(db: PostgresqlDatabase, database: str) -> list:
    lead = sql.Identifier(group_role(database, "lead"))
    out = []
    for table in db.get_tables():
        rights = LEAD_EXCEPT.get(table, "INSERT, UPDATE, DELETE")
        if rights:
            out.append(sql.SQL("GRANT " + rights + " ON {} TO {}").format(sql.Identifier(table), lead))
    return out


def install_security(db: PostgresqlDatabase, database: str) -> None:
    """(Re)create the group roles, grants, policies and triggers (idempotent; as the owner).

    Tables added by later migrations are covered: readable by every role, writable by
    the lead; their rows are tracked by the change trigger.
    """
    con = db.connection()
    with db.atomic():
        with con.cursor() as cur:
            for kind in ROLE_KINDS:
                name = group_role(database, kind)
                cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
                if cur.fetchone() is None:
                    cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
            lit = {f"{k}_lit": sql.Literal(group_role(database, k)) for k in ROLE_KINDS}
            cur.execute(sql.SQL(SECURITY_SQL).format(lock_key=sql.Literal(WRITE_LOCK_KEY),
                                                     genesis=sql.Literal(GENESIS),
                                                     channel=sql.Literal(NOTIFY_CHANNEL), **lit))
            for table in db.get_tables():
                trigger = sql.Identifier(f"chorus_notify_{table}")
                cur.execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(trigger, sql.Identifier(table)))
                cur.execute(sql.SQL("CREATE TRIGGER {} AFTER INSERT OR UPDATE OR DELETE ON {} "
                                    "FOR EACH STATEMENT EXECUTE FUNCTION chorus_notify()")
                            .format(trigger, sql.Identifier(table)))
            tables = db.get_tables()
            for statement in (_grant_statements(database, tables) + _lead_grants(db, database)
                              + _own_row_policies(tables)):
                cur.execute(statement)
            # Editors and leads are coders too; a lead is also an editor.
            cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group_role(database, "coder")),
                                                          sql.Identifier(group_role(database, "editor"))))
            cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group_role(database, "editor")),
                                                          sql.Identifier(group_role(database, "lead"))))


def role_of(db: PostgresqlDatabase, database: str, login: str) -> str | None:
    """lead | editor | coder | viewer | None: the strongest group ``login`` belongs to."""
    for kind in ROLE_KINDS:
        row = db.execute_sql("SELECT pg_has_role(%s, %s, 'MEMBER')",
                             (login, group_role(database, kind))).fetchone()
        if row and row[0]:
            return kind
    return None


def ensure_login(db: PostgresqlDatabase, database: str, login: str, kind: str, password: str | None) -> bool:
    """Create (or update) ``login`` as a member of the database's ``kind`` group.

    Returns True when the login was created. An existing login (it may work on other
    projects of the cluster) keeps its password unless one is given. Run as an
    administrator (CREATEROLE).
    """
    if kind not in ROLE_KINDS:
        raise AddressError(f"unknown role {kind!r} (lead, editor, coder or viewer)")
    check_login_name(login)
    ident = sql.Identifier(login)
    created = False
    with db.atomic():
        cur = db.connection().cursor()
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,))
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(ident, sql.Literal(password)))
            created = True
        elif password is not None:
            cur.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(ident, sql.Literal(password)))
        for other in ROLE_KINDS:
            group = sql.Identifier(group_role(database, other))
            if other == kind:
                cur.execute(sql.SQL("GRANT {} TO {}").format(group, ident))
            else:
                cur.execute(sql.SQL("REVOKE {} FROM {}").format(group, ident))
    return created


def create_database_if_missing(address: ServerAddress) -> bool:
    """CREATE DATABASE (outside a transaction, from the server's 'postgres' database)."""
    con = connect_raw(address, database="postgres")
    try:
        with con.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (address.database,))
            if cur.fetchone() is not None:
                return False
            cur.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0")
                        .format(sql.Identifier(address.database)))
            return True
    finally:
        con.close()


def login_name(db: PostgresqlDatabase) -> str:
    return db.execute_sql("SELECT current_user").fetchone()[0]


def can_migrate(db: PostgresqlDatabase) -> bool:
    """True for the tables' owner (or a superuser): only they run migrations."""
    row = db.execute_sql(
        "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "OR NOT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public') "
        "OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'schema_version' "
        "           AND tableowner = current_user)").fetchone()
    return bool(row[0])


def dump_hint(address: ServerAddress) -> Path:
    """A file name for a backup of this project (pg_dump -Fc)."""
    return Path(f"{address.database}.pgdump")
