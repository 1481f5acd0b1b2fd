"""The test database: one per test process, chosen before any table is imported.

TEST_DATABASE_URL=postgres://…/<name containing "test"> runs the suite there (CI:
the system PostgreSQL 15, the oldest we support); without it the suite runs on
the embedded PostgreSQL (`.pgdata/`, database `sangkien_test`). Under
pytest-xdist each worker has its own database, the name suffixed with the
worker's id. tests/conftest.py recreates and migrates it at the start.
"""

import os

import asyncpg

from domain.embedded import server_url, url_for

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_BASE = os.environ.get("TEST_DATABASE_URL", "").strip() or url_for(
    server_url().rsplit("/", 1)[0], "sangkien_test"
)
if "test" not in _BASE.rsplit("/", 1)[-1]:
    raise SystemExit("TEST_DATABASE_URL must name a database with 'test' in it.")
TEST_URL = f"{_BASE}_{WORKER}" if WORKER else _BASE
os.environ["DATABASE_URL"] = TEST_URL  # for the app, and for servers the tests start

from domain.database import engine, migrate  # noqa: E402


async def _recreate(url: str) -> str:
    server, name = url.rsplit("/", 1)
    connection = await asyncpg.connect(url_for(server, "postgres"))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return url


async def recreate_and_migrate() -> None:
    await _recreate(TEST_URL)
    await migrate()


async def empty_database(suffix: str) -> str:
    """A new, empty database beside the test database (dropped first if there);
    its URL."""
    return await _recreate(f"{TEST_URL}_{suffix}")


async def drop_database(url: str) -> None:
    server, name = url.rsplit("/", 1)
    connection = await asyncpg.connect(url_for(server, "postgres"))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def reset_database() -> None:
    """Empty every table; the schema (and the record of what is migrated) stays."""
    tables = await engine().run_ddl(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        " AND tablename NOT IN ('migration', 'db_file')"
    )
    names = ", ".join(f'"{t["tablename"]}"' for t in tables)
    await engine().run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
