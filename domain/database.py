"""Is the database there, and is its schema current? One line of answer each."""

import asyncio
import errno
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from asyncpg.exceptions import (
    AdminShutdownError,
    CannotConnectNowError,
    CrashShutdownError,
    PostgresConnectionError,
    TooManyConnectionsError,
)
from asyncpg.exceptions import _base as asyncpg_base
from piccolo.apps.migrations.commands.check import CheckMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.postgres import PostgresEngine

from domain import db_files
from domain.engine import Engine
from tables.piccolo_app import APP_CONFIG
from tables.units import Unit

# The ids of this code's migrations, as Piccolo records them when they run.
MIGRATION_IDS = [
    m.group(1)
    for path in sorted(Path(APP_CONFIG.migrations_folder_path).glob("*.py"))
    if (m := re.search(r'^ID = "(.+)"$', path.read_text(encoding="utf-8"), re.M))
]


CLOSE_TIMEOUT = 5.0
POOL_SIZE = 20
# What the way to the database failing raises: refused or lost connections, a
# server shutting down, starting up or full. Each is checked by `is_outage`.
UNAVAILABLE_ERRORS = (
    OSError,  # connecting: refused, unreachable, timed out, a name not found…
    PostgresConnectionError,
    CannotConnectNowError,
    AdminShutdownError,
    CrashShutdownError,
    TooManyConnectionsError,
    asyncpg_base.InterfaceError,  # "connection is closed", "pool is closing"
    asyncpg_base.InternalClientError,  # a connection the lost server left mid-operation
)
# What connecting to an unreachable server raises, beside ConnectionError and timeouts.
_UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}


def is_outage(problem: BaseException) -> bool:
    """Whether `problem` means the database is out of reach (503, try again), not
    a fault of the request or of the code (which must stay a 4xx or a 500)."""
    if isinstance(problem, asyncpg_base.DataError):
        return False
    if isinstance(problem, asyncpg_base.InternalClientError):
        # A connection the lost server left mid-operation ("cannot switch to state").
        return "another operation" in str(problem)
    if isinstance(problem, asyncpg_base.InterfaceError):
        # Not "another operation is in progress": two queries at once on one
        # connection are a bug in the code, a 500.
        return any(words in str(problem) for words in ("is closed", "is closing"))
    if isinstance(problem, FileNotFoundError):
        return problem.filename is None  # a socket's connect; a file would be named
    if isinstance(problem, ConnectionError | TimeoutError | socket.gaierror):
        return True
    if isinstance(problem, OSError):
        return problem.errno in _UNREACHABLE
    return isinstance(problem, UNAVAILABLE_ERRORS)


class NotReady(Exception):
    """The database cannot serve the app; the message says why in one line."""


class Unreachable(NotReady):
    """The database does not answer (it may be restarting)."""


def engine() -> Engine:
    return Unit._meta.db  # piccolo_conf's: a domain.engine.Engine


def describe(db: PostgresEngine) -> str:
    where = db.config.get("dsn", "").rsplit("@", 1)[-1]
    return "PostgreSQL " + where.replace("%2F", "/")


async def ping(timeout: float = 3.0) -> bool:
    try:
        await asyncio.wait_for(engine().run_ddl("SELECT 1"), timeout)
        return True
    except Exception:
        return False


async def pending_migrations() -> int:
    """Piccolo's migrations not yet run, plus the files of db/ changed since applied."""
    pending = await CheckMigrationManager(app_name="all").havent_ran_count()
    if pending:
        return pending
    return len(await db_files.changed(engine()))


async def migrate() -> list[str]:
    """The tables (Piccolo's migrations), then the changed files of db/ (their
    paths): every file after a table migration, which may have dropped what a file
    made. One migrating process at a time."""
    db = engine()
    connection = await asyncpg.connect(db.config["dsn"])
    try:
        await connection.execute("SELECT pg_advisory_lock(hashtext('sangkien.migrate'))")
        await _refuse_unknown_migrations(connection)
        tables_changed = await CheckMigrationManager(app_name="all").havent_ran_count() > 0
        response = await run_forwards(app_name="all", migration_id="all", fake=False)
        if not response.success:
            raise NotReady(f"Migrations failed: {response.message}")
        return await db_files.apply_changed(db, every=tables_changed)
    finally:
        await connection.close()  # the lock goes with its session


async def _refuse_unknown_migrations(connection: asyncpg.Connection) -> None:
    """A database migrated by migrations this code no longer has (those squashed
    into the baseline on 2026-11-29) cannot be brought forward: say so in one line."""
    if not await connection.fetchval("SELECT to_regclass('migration') IS NOT NULL"):
        return
    ran = {r["name"] for r in await connection.fetch(
        "SELECT name FROM migration WHERE app_name = 'sangkien'"
    )}  # fmt: skip
    unknown = ran - set(MIGRATION_IDS)
    if unknown:
        raise NotReady(
            f"The database ({describe(engine())}) ran {len(unknown)} migration(s) this version "
            "does not have (squashed into the baseline on 2026-11-29, before any release): "
            "recreate it (an empty database, then `python manage.py migrate`)."
        )


async def ensure_ready() -> None:
    """Raise NotReady unless the database answers and is migrated. The app never
    migrates behind the operator's back (`manage.py migrate` does; `manage.py
    serve` does it for the embedded database, which is the app's own)."""
    db = engine()
    if not await ping():
        raise Unreachable(f"Cannot reach the database ({describe(db)}). Is it running?")
    pending = await pending_migrations()
    if pending:
        raise NotReady(
            f"The database ({describe(db)}) has {pending} pending migration(s): "
            "run `python manage.py migrate` first."
        )


async def wait_until_ready(seconds: float) -> None:
    """ensure_ready, retried while the database does not answer, for up to
    `seconds`: a worker (re)started while PostgreSQL restarts waits for it rather
    than stopping the server."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        try:
            await ensure_ready()
            return
        except Unreachable:
            if asyncio.get_running_loop().time() >= deadline:
                raise
            await asyncio.sleep(1)


async def open_pool() -> None:
    # No floor of open connections: while the database is away, asyncpg would
    # try to restore it every second, logging a traceback each time.
    await engine().start_connection_pool(min_size=0, max_size=POOL_SIZE)


async def close_pool() -> None:
    # Bounded: shutdown must not wait on a connection a fault left behind.
    await engine().close_connection_pool(timeout=CLOSE_TIMEOUT)


@asynccontextmanager
async def serialised(*keys: str) -> AsyncIterator[None]:
    """A transaction that no other holding any of `keys` runs beside, across
    processes: PostgreSQL's advisory locks, taken in sorted order so that two
    callers cannot deadlock on them."""
    async with engine().transaction() as transaction:
        for key in sorted(keys):
            await transaction.connection.execute("SELECT pg_advisory_xact_lock(hashtext($1))", key)
        yield
