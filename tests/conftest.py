"""Test set-up: one engine per run, chosen before any table is imported.

TEST_DATABASE_URL=postgres://…/<name containing "test"> runs the suite on
PostgreSQL (the database is dropped and recreated); without it the suite runs
on a temporary SQLite file. `python dev.py test` runs both.
"""

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

import asyncpg
import pytest

_TMP = Path(tempfile.mkdtemp(prefix="sangkien-test-"))
TEST_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
if TEST_URL:
    if "test" not in TEST_URL.rsplit("/", 1)[-1]:
        raise SystemExit("TEST_DATABASE_URL must name a database with 'test' in it.")
    os.environ["DATABASE_URL"] = TEST_URL
else:
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(_TMP / "test.sqlite")

from piccolo.engine.postgres import PostgresEngine  # noqa: E402

from domain.database import engine, migrate  # noqa: E402

ON_POSTGRES = bool(TEST_URL)
_TEMPLATE = _TMP / "template.sqlite"


async def _recreate_postgres_database() -> None:
    server, name = TEST_URL.rsplit("/", 1)
    connection = await asyncpg.connect(f"{server}/postgres")
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def pytest_sessionstart(session: pytest.Session) -> None:
    async def prepare() -> None:
        if ON_POSTGRES:
            await _recreate_postgres_database()
        await migrate()

    asyncio.run(prepare())
    if not ON_POSTGRES:
        shutil.copy(os.environ["SQLITE_PATH"], _TEMPLATE)


def pytest_report_header(config: pytest.Config) -> str:
    return f"sangkien engine: {'PostgreSQL ' + TEST_URL if ON_POSTGRES else 'SQLite'}"


async def reset_database() -> None:
    """Empty every table; the schema stays."""
    db = engine()
    if isinstance(db, PostgresEngine):
        tables = await db.run_ddl(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'migration'"
        )
        names = ", ".join(f'"{t["tablename"]}"' for t in tables)
        await db.run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        shutil.copy(_TEMPLATE, os.environ["SQLITE_PATH"])


@pytest.fixture
async def empty_db() -> None:
    await reset_database()


@pytest.fixture
async def client():
    """An HTTP client on the real app (its lifespan included), on the test's loop."""
    from tests.http import http_client

    async with http_client() as client:
        yield client
