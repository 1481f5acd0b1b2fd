"""The engine's transactions give their connection back whatever happens, and its
pool closes in bounded time (issue 12, item 1). Piccolo's own transaction keeps
a pooled connection for good when its COMMIT or ROLLBACK fails."""

import asyncio
import time

import asyncpg
import pytest

from domain.database import POOL_SIZE, close_pool, engine, open_pool


@pytest.fixture
async def pool():
    await open_pool()
    try:
        yield engine().pool
    finally:
        await close_pool()


async def whole(pool: asyncpg.Pool) -> bool:
    """Whether every connection of the pool can be taken at once."""
    held = []
    try:
        for _ in range(POOL_SIZE):
            held.append(await pool.acquire(timeout=1))
        return True
    except TimeoutError:
        return False
    finally:
        for connection in held:
            await pool.release(connection)


async def test_a_failed_commit_gives_the_connection_back(pool):
    for _ in range(3):
        with pytest.raises(asyncpg.UniqueViolationError):
            async with engine().transaction() as transaction:
                connection = transaction.connection
                # A constraint checked at COMMIT: the COMMIT fails, the session lives on.
                await connection.execute(
                    "CREATE TEMP TABLE once (n integer UNIQUE DEFERRABLE INITIALLY DEFERRED)"
                    " ON COMMIT DROP; INSERT INTO once VALUES (1), (1)"
                )
        assert engine().current_transaction.get() is None
    assert await whole(pool)


async def test_a_failed_rollback_gives_the_connection_back(pool):
    for _ in range(3):
        with pytest.raises(asyncpg.PostgresError):
            async with engine().transaction() as transaction:
                # Its own session ends: the ROLLBACK that follows the error fails too.
                ending = "SELECT pg_terminate_backend(pg_backend_pid())"
                await transaction.connection.execute(ending)
    assert await whole(pool)
    assert [dict(row) for row in await engine().run_ddl("SELECT 1 AS one")] == [{"one": 1}]


async def test_a_transaction_that_cannot_begin_gives_the_connection_back(pool):
    async def begin_fails() -> None:
        raise ConnectionResetError("lost")

    for _ in range(POOL_SIZE + 1):
        transaction = engine().transaction()
        transaction.begin = begin_fails
        with pytest.raises(ConnectionResetError):
            async with transaction:
                pass
    assert await whole(pool)


async def test_the_pool_closes_in_bounded_time_with_a_connection_still_out():
    await open_pool()
    kept = await engine().pool.acquire()  # never released, as a fault would leave it
    started = time.monotonic()
    await asyncio.wait_for(close_pool(), 30)
    assert time.monotonic() - started < 10
    assert engine().pool is None
    del kept
