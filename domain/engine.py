"""The engine: Piccolo's PostgreSQL engine, with transactions that always give
their connection back, and a pool that closes in bounded time.

Piccolo's transaction returns its connection to the pool only when its commit or
rollback succeeds: a transaction whose COMMIT meets a database restart kept its
pooled connection for good (each outage shrank the pool, and closing the pool
then waited forever). Here the connection goes back whatever happens; asyncpg's
pool resets a healthy one (rolling back what is open) and replaces a broken one.
"""

import asyncio
import contextvars
import logging

import asyncpg
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

_log = logging.getLogger("sangkien")
RELEASE_TIMEOUT = 5.0  # a reset that takes longer means a dead connection: terminated


class Transaction(PostgresTransaction):
    async def __aenter__(self) -> PostgresTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            self.transaction = self.connection.transaction()
            await self.begin()
        except BaseException:
            await self._give_back()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception is not None:
                if not self._rolled_back:
                    await self._rollback_quietly()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            _forget(self.engine.current_transaction, self.context, self)
            await self._give_back()
        return exception is None

    async def _rollback_quietly(self) -> None:
        """Roll back after an error: if that fails too (the connection is gone),
        the first error is the one to report; the pool drops the connection."""
        try:
            await self.rollback()
        except Exception:
            pass

    async def _give_back(self) -> None:
        connection = self.connection
        if self.engine.pool is None:  # a connection of its own, not the pool's
            try:
                await connection.close(timeout=RELEASE_TIMEOUT)
            except Exception:
                connection.terminate()
            return
        try:
            await self.engine.pool.release(connection, timeout=RELEASE_TIMEOUT)
        except Exception:
            # The pool could not take it back cleanly (closing, or the connection
            # already gone): drop the connection; its place in the pool frees.
            connection.terminate()


def _forget(variable: contextvars.ContextVar, token: contextvars.Token, ours: object) -> None:
    try:
        variable.reset(token)
    except ValueError:  # left in another context (a cancelled task): clear it there
        if variable.get() is ours:
            variable.set(None)


class Engine(PostgresEngine):
    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        return Transaction(engine=self, allow_nested=allow_nested)

    def forget_transaction(self) -> None:
        """Start a request with no transaction: a context copied from an earlier
        request's (uvicorn resumes reading a kept-alive connection from inside the
        request that paused it) must not hand that request's transaction on."""
        self.current_transaction.set(None)

    async def fetch(self, sql: str, *args: object) -> list[asyncpg.Record]:
        """The rows of one statement (asyncpg's `$n` placeholders), where Piccolo's
        queries would run: the current transaction, else the pool, else a connection
        of its own. For the hottest reads: Piccolo's `raw` builds the query and
        copies every row into a dict (a third of `/api/progress`'s Python time)."""
        transaction = self.current_transaction.get()
        if transaction is not None:
            return await transaction.connection.fetch(sql, *args)
        if self.pool is not None:
            async with self.pool.acquire() as connection:
                return await connection.fetch(sql, *args)
        connection = await self.get_new_connection()
        try:
            return await connection.fetch(sql, *args)
        finally:
            await connection.close()

    async def close_connection_pool(self, timeout: float = 10.0) -> None:
        """Wait up to `timeout` seconds for connections in use, then close them."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        try:
            await asyncio.wait_for(pool.close(), timeout)
        except BaseException as problem:
            _log.warning("Connections still in use after %s s: closed without waiting", timeout)
            pool.terminate()
            if not isinstance(problem, Exception):  # cancelled: still closed, pass it on
                raise
