"""pytest's set-up: the test database (tests/support/database.py, imported first:
it chooses the database before any table is imported), and the fixtures every
module may use."""

import asyncio

import pytest

from tests.support.database import TEST_URL, WORKER, recreate_and_migrate, reset_database


def pytest_sessionstart(session: pytest.Session) -> None:
    if session.config.getoption("numprocesses", None) and not WORKER:
        return  # xdist's controller runs no test: its workers prepare their own
    asyncio.run(recreate_and_migrate())


def pytest_report_header(config: pytest.Config) -> str:
    return f"sangkien database: {TEST_URL.rsplit('@', 1)[-1].replace('%2F', '/')}"


@pytest.fixture
async def empty_db() -> None:
    await reset_database()


@pytest.fixture
async def client():
    """An HTTP client on the real app (its lifespan included), on the test's loop."""
    from tests.support.http import http_client

    async with http_client() as client:
        yield client
