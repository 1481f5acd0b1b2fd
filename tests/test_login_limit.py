"""The login rate limit holds across two live server processes on one database."""

import httpx
import pytest

from domain.accounts import create_account
from tables.accounts import LoginAttempt
from tests.support.accounts import PASSWORD
from tests.support.database import reset_database
from tests.support.live import live_servers

pytestmark = pytest.mark.slow  # live servers, a browser or national data

LIMIT = 4


@pytest.fixture
async def two_servers():
    await reset_database()
    await create_account("quantri", PASSWORD, "admin")
    await create_account("khac", PASSWORD, "admin")
    env = {"SANGKIEN_LOGIN_LIMIT": str(LIMIT), "SANGKIEN_LOGIN_WINDOW": "300"}
    try:
        with live_servers(2, env) as urls:
            yield urls
    finally:
        await reset_database()


def login(client: httpx.Client, username: str, password: str) -> int:
    token = client.get("/admin/").cookies.get("csrftoken") or client.cookies["csrftoken"]
    response = client.post(
        "/admin/public/login/",
        json={"username": username, "password": password},
        headers={"X-CSRFToken": token},
    )
    return response.status_code


async def test_the_limit_is_shared_by_two_processes(two_servers):
    clients = [httpx.Client(base_url=url) for url in two_servers]
    statuses = [login(clients[n % 2], "quantri", "sai-mật-khẩu") for n in range(10)]
    # Each process alone would allow LIMIT tries; together they allow LIMIT.
    assert statuses.count(401) == LIMIT and statuses.count(429) == 10 - LIMIT, statuses
    # Locked out even with the right password, in either process.
    assert login(clients[1], "quantri", PASSWORD) == 429
    refused = clients[0].post(
        "/admin/public/login/",
        json={"username": "quantri", "password": PASSWORD},
        headers={"X-CSRFToken": clients[0].cookies["csrftoken"]},
    )
    assert "Đăng nhập sai quá nhiều lần" in refused.json()["detail"]
    # Another account from the same address still gets in, and success clears its tries.
    assert login(clients[0], "khac", "sai") == 401
    assert login(clients[1], "khac", PASSWORD) == 200
    assert not await LoginAttempt.exists().where(LoginAttempt.key == "user:khac")
    for client in clients:
        client.close()
