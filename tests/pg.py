"""A throwaway PostgreSQL cluster for tests and benchmarks (Debian's packages).

``TempCluster`` runs ``initdb`` in a fresh temporary folder, starts the server on a
free loopback port (127.0.0.1 only; its unix socket in the same folder, so it never
meets the system's cluster), and removes everything on ``stop()``. PostgreSQL refuses
to run as root, so when the tests run as root the cluster is made and run as the
unprivileged user ``postgres`` (Debian's package creates it) through ``runuser``.

``find_bin_dir()`` is None when PostgreSQL is not installed: the fixtures then skip.
The superuser is ``chorus_admin`` with a password; connections over TCP need a
password (scram-sha-256), as a real lab server would.
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ADMIN = "chorus_admin"
ADMIN_PASSWORD = "admin-secret"
PREFERRED_VERSIONS = ("15", "16", "17", "14", "13")


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl (Debian: /usr/lib/postgresql/N/bin), or None."""
    env = os.environ.get("CHORUS_PG_BIN")
    candidates = [Path(env)] if env else []
    candidates += [Path(f"/usr/lib/postgresql/{v}/bin") for v in PREFERRED_VERSIONS]
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        candidates += sorted(root.glob("*/bin"), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> str | None:
    """The user to run PostgreSQL as (None: ourselves, when not root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root and there is no 'postgres' or 'nobody' user to run PostgreSQL as")


def unusable_reason(bin_dir: Path | None = None) -> str | None:
    """Why PostgreSQL cannot run here (None: it can). Running as root, the server runs as an
    unprivileged user, who must be able to reach initdb: not so in a chroot whose root
    folder is private (mode 0700), as in some throwaway build roots."""
    folder = bin_dir or find_bin_dir()
    if folder is None:
        return "PostgreSQL is not installed (bash .ci/setup installs Debian's postgresql)"
    user = _run_as()
    if user is None:
        return None
    check = subprocess.run(["runuser", "-u", user, "--", "test", "-x", str(Path(folder) / "initdb")],
                           capture_output=True, timeout=30)
    if check.returncode != 0:
        mode = oct(os.stat("/").st_mode & 0o777)
        return (f"the user '{user}' cannot run {folder}/initdb here (the root folder's mode is {mode}); "
                "PostgreSQL refuses to run as root")
    return None


class TempCluster:
    def __init__(self, bin_dir: Path | None = None):
        found = bin_dir or find_bin_dir()
        if found is None:
            raise RuntimeError("PostgreSQL is not installed (no initdb found)")
        self.bin_dir = Path(found)
        self.user = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="chorus-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.log = self.root / "server.log"
        self.port = 0
        self.host = "127.0.0.1"
        self._started = False
        self._counter = 0

    # -- running commands as the cluster's owner ------------------------------------
    def _cmd(self, *args: str) -> list[str]:
        if self.user is None:
            return list(args)
        return ["runuser", "-u", self.user, "--", *args]

    def _run(self, *args: str) -> None:
        done = subprocess.run(self._cmd(*args), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()}"
                               f"\n{self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    # -- life cycle -----------------------------------------------------------------
    def start(self) -> "TempCluster":
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        pwfile = self.root / "pw"
        pwfile.write_text(ADMIN_PASSWORD + "\n")
        if self.user is not None:
            os.chown(pwfile, pwd.getpwnam(self.user).pw_uid, -1)
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", ADMIN, "--pwfile", str(pwfile),
                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
                  "--no-sync")
        pwfile.unlink()
        last_error = None
        for _attempt in range(5):  # another program may take the port between pick and bind
            self.port = _free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.socket_dir} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=120 "
                       "-c shared_buffers=32MB")
            try:
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                          "-o", options, "-w", "-t", "60", "start")
            except RuntimeError as exc:
                last_error = exc
                time.sleep(0.2)
                continue
            self._started = True
            return self
        self.stop()
        raise RuntimeError(f"PostgreSQL did not start: {last_error}")

    def stop(self) -> None:
        if self._started:
            subprocess.run(self._cmd(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                                     "-w", "stop"), capture_output=True, timeout=60)
            self._started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "TempCluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- addresses --------------------------------------------------------------------
    def url(self, database: str = "postgres", user: str = ADMIN, password: str | None = ADMIN_PASSWORD) -> str:
        auth = user if password is None else f"{user}:{password}"
        return f"postgresql://{auth}@{self.host}:{self.port}/{database}"

    def admin_url(self, database: str = "postgres") -> str:
        return self.url(database)

    def new_database_name(self, prefix: str = "chorus_test") -> str:
        """A database name not used before in this cluster (not created)."""
        self._counter += 1
        return f"{prefix}_{os.getpid()}_{self._counter}"

    def connect(self, database: str = "postgres", user: str = ADMIN, password: str | None = ADMIN_PASSWORD):
        import psycopg2

        return psycopg2.connect(host=self.host, port=self.port, dbname=database, user=user, password=password)

    def drop_database(self, name: str) -> None:
        con = self.connect()
        try:
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            con.close()
