"""A kept-alive connection stays usable after a request whose body is larger than
the server reads at once (issue 12, item 2): uvicorn pauses reading past 64 KiB
and resumed it from inside the request's transaction, which the connection's
later requests then inherited, after its database connection had gone back."""

import httpx
import pytest
from piccolo_api.session_auth.tables import SessionsBase

from tests.support.accounts import account, role_token
from tests.support.database import reset_database
from tests.support.live import live_servers
from tests.support.world import initiative, programme, tree

pytestmark = pytest.mark.slow  # a live server


@pytest.fixture
async def world():
    await reset_database()
    ids = await tree()
    await programme()
    ids["I"] = await initiative("I", ids["G1"], ids["D1"], status="draft")
    yield ids
    await reset_database()


async def test_an_api_request_after_a_large_body_succeeds(world):
    headers = await role_token("manager")
    large = {"action": "approve", "ids": [world["I"]], "note": "x" * 66_000, "dry_run": True}
    with live_servers() as [url], httpx.Client(base_url=url, headers=headers) as client:
        for _ in range(3):
            assert client.post("/api/approvals", json=large).status_code < 500
            me = client.get("/api/me")
            assert me.status_code == 200, me.text
            assert me.json()["role"] == "manager"
        assert client.get(f"/api/initiatives/{world['I']}").status_code == 200
        # A read with a body (which nothing reads) pauses the connection alike.
        assert client.request("GET", "/api/me", content=b"x" * 100_000).status_code == 200
        assert client.get("/api/me").status_code == 200


async def test_an_admin_edit_after_a_large_body_succeeds(world):
    user = await account("nhanvien", "staff", world["G1"])
    session = await SessionsBase.create_session(user)
    with live_servers() as [url], httpx.Client(base_url=url) as client:
        client.cookies.set("id", session.token)
        client.get("/admin/")
        headers = {"X-CSRFToken": client.cookies["csrftoken"]}
        path = f"/admin/api/tables/initiative/{world['I']}/"
        for title in ("T" * 100_000, "Tiêu đề mới"):
            edited = client.patch(path, json={"title": title}, headers=headers)
            assert edited.status_code < 500, edited.text
            shown = client.get(path)
            assert shown.status_code == 200, shown.text
        assert shown.json()["title"] == "Tiêu đề mới"
