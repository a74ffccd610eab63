"""A throwaway PostgreSQL server for the tests: one per test session, in a temporary folder.

`RECALL_TEST_POSTGRES_URL`, when set, names a server to use instead (its user must be allowed to create
databases). Otherwise the server programs (`initdb`, `pg_ctl`) are looked up on PATH, then under
/usr/lib/postgresql/<version>/bin. PostgreSQL refuses to run as root and these machines (CI included)
run as root, so as root the server runs as Debian's `postgres` user, in a folder that user owns.
It listens on 127.0.0.1 only, on a free port, with trust authentication, and is stopped
(`pg_ctl stop -m fast`) and removed at the end of the session.

When neither is possible, `Unavailable` says why and how to run these tests; the fixtures turn it into a
skip (and CI refuses that skip: `.ci/allowed-skips.txt` has no pattern for it).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

URL_VARIABLE = "RECALL_TEST_POSTGRES_URL"
SERVER_USER = "postgres"  # Debian's account for the server; used only when running as root
START_TIMEOUT_S = 60
HOW_TO_RUN = (f"install PostgreSQL 15's server programs (Debian: apt-get install postgresql-15, which provides "
              f"initdb and pg_ctl and the postgres user) or set {URL_VARIABLE}=postgresql://user@host:port/db")


class Unavailable(Exception):
    """No PostgreSQL server can be had on this machine; the message says why and how to run the tests."""


@dataclass(frozen=True)
class Server:
    """A server the tests may use: `admin_url` connects to its maintenance database as a superuser."""

    host: str
    port: int
    user: str
    admin_url: str

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"


def server_program(name: str) -> Path | None:
    """`initdb`/`pg_ctl`: on PATH, else the newest /usr/lib/postgresql/<version>/bin copy."""
    found = shutil.which(name)
    if found:
        return Path(found)
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                       key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0)
    return installed[-1] if installed else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayServer:
    """Starts a server in a temporary folder (`start`), and stops and removes it (`stop`)."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.pg_ctl: Path | None = None
        self.run_as: list[str] = []
        self.data: Path | None = None

    def start(self) -> Server:
        initdb, pg_ctl = server_program("initdb"), server_program("pg_ctl")
        if initdb is None or pg_ctl is None:
            raise Unavailable(f"PostgreSQL tests: no server program (initdb, pg_ctl) on PATH or under "
                              f"/usr/lib/postgresql/*/bin; {HOW_TO_RUN}")
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise Unavailable(f"PostgreSQL tests: running as root (PostgreSQL refuses root) and there is no "
                                  f"{SERVER_USER!r} user to run the server program initdb as; {HOW_TO_RUN}") from None
            runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
            if runuser is None:
                raise Unavailable(f"PostgreSQL tests: running as root (PostgreSQL refuses root) and no runuser "
                                  f"to start the server program initdb as {SERVER_USER!r}; {HOW_TO_RUN}")
            self.run_as = [runuser, "-u", SERVER_USER, "--"]
            owner = (account.pw_uid, account.pw_gid)
        else:
            owner = None
        # As root, under /tmp: a TMPDIR private to root (mode 0700) would keep the postgres user out.
        parent = "/tmp" if owner is not None and Path("/tmp").is_dir() else None
        self.folder = Path(tempfile.mkdtemp(prefix="recall-postgres-", dir=parent))
        if owner is not None:
            os.chown(self.folder, *owner)
        self.folder.chmod(0o700)
        self.data = self.folder / "data"
        user = SERVER_USER if self.run_as else pwd.getpwuid(os.geteuid()).pw_name
        self._run([str(initdb), "-D", str(self.data), "-U", user, "--auth=trust", "--encoding=UTF8",
                   "--locale=C", "--no-sync"], "initdb")
        port = free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {self.folder} -c fsync=off -c full_page_writes=off"
        self.pg_ctl = pg_ctl
        self._run([str(pg_ctl), "-D", str(self.data), "-l", str(self.folder / "server.log"), "-o", options,
                   "-w", "-t", str(START_TIMEOUT_S), "start"], "pg_ctl start")
        return Server("127.0.0.1", port, user, f"postgresql://{user}@127.0.0.1:{port}/postgres")

    def stop(self) -> None:
        if self.pg_ctl is not None and self.data is not None:
            subprocess.run([*self.run_as, str(self.pg_ctl), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                           capture_output=True, timeout=START_TIMEOUT_S, check=False)
            self.pg_ctl = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def _run(self, command: list[str], what: str) -> None:
        try:
            done = subprocess.run([*self.run_as, *command], capture_output=True, text=True,
                                  timeout=START_TIMEOUT_S + 10, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            self.stop()
            raise Unavailable(f"PostgreSQL tests: the server program {what} could not run ({error}); "
                              f"{HOW_TO_RUN}") from None
        if done.returncode != 0:
            log = self.folder / "server.log" if self.folder else None
            tail = log.read_text(errors="replace")[-800:] if log and log.exists() else ""
            self.stop()
            raise Unavailable(f"PostgreSQL tests: the server program {what} failed ({done.returncode}): "
                              f"{(done.stderr or done.stdout)[-800:]} {tail}; {HOW_TO_RUN}")


def server_from_environment() -> Server | None:
    """The server `RECALL_TEST_POSTGRES_URL` names, or None when it is not set."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname:
        raise Unavailable(f"PostgreSQL tests: {URL_VARIABLE} must look like postgresql://user@host:port/db")
    user = parts.username or "postgres"
    password = f":{parts.password}" if parts.password else ""
    port = parts.port or 5432
    return _ExternalServer(parts.hostname, port, user, url, password)


@dataclass(frozen=True)
class _ExternalServer(Server):
    password: str = ""

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}{self.password}@{self.host}:{self.port}/{database}"
