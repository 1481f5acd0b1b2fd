"""Is the database there, and is its schema current? One line of answer each."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from piccolo.apps.migrations.commands.check import CheckMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.postgres import PostgresEngine

from domain import db_files
from tables.units import Unit


class NotReady(Exception):
    """The database cannot serve the app; the message says why in one line."""


def engine() -> PostgresEngine:
    return Unit._meta.db


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
    """The tables (Piccolo's migrations), then the changed files of db/ (their paths)."""
    response = await run_forwards(app_name="all", migration_id="all", fake=False)
    if not response.success:
        raise NotReady(f"Migrations failed: {response.message}")
    return await db_files.apply_changed(engine())


async def ensure_ready() -> None:
    """Raise NotReady unless the database answers and is migrated. The app never
    migrates behind the operator's back (`manage.py migrate` does; `dev.py run`
    calls it for the embedded database)."""
    db = engine()
    if not await ping():
        raise NotReady(f"Cannot reach the database ({describe(db)}). Is it running?")
    pending = await pending_migrations()
    if pending:
        raise NotReady(
            f"The database ({describe(db)}) has {pending} pending migration(s): "
            "run `python manage.py migrate` first."
        )


async def open_pool() -> None:
    await engine().start_connection_pool(min_size=2, max_size=20)


async def close_pool() -> None:
    await engine().close_connection_pool()


@asynccontextmanager
async def serialised(*keys: str) -> AsyncIterator[None]:
    """A transaction that no other holding any of `keys` runs beside, across
    processes: PostgreSQL's advisory locks, taken in sorted order so that two
    callers cannot deadlock on them."""
    async with engine().transaction() as transaction:
        for key in sorted(keys):
            await transaction.connection.execute("SELECT pg_advisory_xact_lock(hashtext($1))", key)
        yield
