"""A database rule that refuses, added for a test: as a future rule would, it
refuses one initiative as it becomes pending, by the name of an existing rule
(so that its Vietnamese sentence is known)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from domain.database import engine


@asynccontextmanager
async def refusing_to_send(code: str, rule: str) -> AsyncIterator[None]:
    """The initiative `code` cannot become pending: refused as `rule`."""
    await engine().run_ddl(
        "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" RAISE EXCEPTION 'x' USING ERRCODE = 'check_violation', CONSTRAINT = '{rule}'; END $$"
    )
    await engine().run_ddl(
        "CREATE TRIGGER test_refuse BEFORE UPDATE ON initiative FOR EACH ROW"
        f" WHEN (NEW.code = '{code}' AND NEW.status = 'pending') EXECUTE FUNCTION test_refuse()"
    )
    try:
        yield
    finally:
        await engine().run_ddl("DROP TRIGGER test_refuse ON initiative")
        await engine().run_ddl("DROP FUNCTION test_refuse()")
