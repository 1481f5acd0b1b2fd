"""Is the database there, and is its schema current? One line of answer each."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from piccolo.apps.migrations.commands.check import CheckMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from tables.units import Unit


class NotReady(Exception):
    """The database cannot serve the app; the message says why in one line."""


def engine() -> Engine:
    return Unit._meta.db


def describe(db: Engine) -> str:
    if isinstance(db, SQLiteEngine):
        return f"SQLite {db.connection_kwargs.get('database')}"
    dsn = db.config.get("dsn", "")
    return "PostgreSQL " + dsn.rsplit("@", 1)[-1]


async def ping(timeout: float = 3.0) -> bool:
    try:
        await asyncio.wait_for(engine().run_ddl("SELECT 1"), timeout)
        return True
    except Exception:
        return False


async def pending_migrations() -> int:
    return await CheckMigrationManager(app_name="all").havent_ran_count()


async def migrate() -> None:
    response = await run_forwards(app_name="all", migration_id="all", fake=False)
    if not response.success:
        raise NotReady(f"Migrations failed: {response.message}")


async def ensure_ready(migrate_embedded: bool = True) -> None:
    """Raise NotReady unless the database answers and has every migration.

    The embedded SQLite default migrates itself; PostgreSQL never does behind
    the operator's back.
    """
    db = engine()
    if not await ping():
        raise NotReady(f"Cannot reach the database ({describe(db)}). Is it running?")
    pending = await pending_migrations()
    if not pending:
        return
    if migrate_embedded and isinstance(db, SQLiteEngine):
        await migrate()
        return
    raise NotReady(
        f"The database ({describe(db)}) has {pending} pending migration(s): "
        "run `python manage.py migrate` first."
    )


async def open_pool() -> None:
    if isinstance(engine(), PostgresEngine):
        await engine().start_connection_pool(min_size=2, max_size=20)


async def close_pool() -> None:
    if isinstance(engine(), PostgresEngine):
        await engine().close_connection_pool()


@asynccontextmanager
async def serialised(*keys: str) -> AsyncIterator[None]:
    """A transaction that no other holding any of `keys` runs beside, across
    processes: PostgreSQL's advisory locks (taken in sorted order, so two callers
    cannot deadlock on them); SQLite's write lock, taken before the first read."""
    db = engine()
    if isinstance(db, PostgresEngine):
        async with db.transaction() as transaction:
            for key in sorted(keys):
                await transaction.connection.execute(
                    "SELECT pg_advisory_xact_lock(hashtext($1))", key
                )
            yield
    else:
        async with db.transaction(transaction_type=TransactionType.immediate):
            yield
