"""Test set-up: one PostgreSQL database per run, chosen before any table is imported.

TEST_DATABASE_URL=postgres://…/<name containing "test"> runs the suite there (CI:
the system PostgreSQL 15, the oldest we support); without it the suite runs on
the embedded PostgreSQL (`.pgdata/`, database `sangkien_test`). Under
pytest-xdist each worker has its own database, the name suffixed with the
worker's id. Each database is dropped, recreated and migrated at the start.
"""

import asyncio
import os

import asyncpg
import pytest

from domain.embedded import server_url, url_for

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_BASE = os.environ.get("TEST_DATABASE_URL", "").strip() or url_for(
    server_url().rsplit("/", 1)[0], "sangkien_test"
)
if "test" not in _BASE.rsplit("/", 1)[-1]:
    raise SystemExit("TEST_DATABASE_URL must name a database with 'test' in it.")
TEST_URL = f"{_BASE}_{_WORKER}" if _WORKER else _BASE
os.environ["DATABASE_URL"] = TEST_URL  # for the app, and for servers the tests start

from domain.database import engine, migrate  # noqa: E402


async def _recreate_database() -> None:
    server, name = TEST_URL.rsplit("/", 1)
    connection = await asyncpg.connect(url_for(server, "postgres"))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def pytest_sessionstart(session: pytest.Session) -> None:
    if session.config.getoption("numprocesses", None) and not _WORKER:
        return  # xdist's controller runs no test: its workers prepare their own

    async def prepare() -> None:
        await _recreate_database()
        await migrate()

    asyncio.run(prepare())


def pytest_report_header(config: pytest.Config) -> str:
    return f"sangkien database: {TEST_URL.rsplit('@', 1)[-1].replace('%2F', '/')}"


async def reset_database() -> None:
    """Empty every table; the schema (and the record of what is migrated) stays."""
    tables = await engine().run_ddl(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        " AND tablename NOT IN ('migration', 'db_file')"
    )
    names = ", ".join(f'"{t["tablename"]}"' for t in tables)
    await engine().run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture
async def empty_db() -> None:
    await reset_database()


@pytest.fixture
async def client():
    """An HTTP client on the real app (its lifespan included), on the test's loop."""
    from tests.http import http_client

    async with http_client() as client:
        yield client
