"""CSRF: a write on the admin's session cookie, to the API or from a review form,
must echo the `csrftoken` cookie and, under HTTPS, come from an allowed host;
a Bearer token needs neither."""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from piccolo_api.session_auth.tables import SessionsBase

from app import app, lifespan
from domain.accounts import create_account
from domain.tokens import issue_token
from endpoints.csrf import NO_CSRF, WRONG_ORIGIN
from tests.support.accounts import PASSWORD
from tests.support.world import review_world

pytestmark = pytest.mark.usefixtures("empty_db")
SITE = "https://sangkien.example"
DRY_RUN = {"action": "approve", "filter": {}, "dry_run": True}


@asynccontextmanager
async def signed_in(base: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client with an administrator's session cookie and the CSRF cookie `tok`."""
    user = await create_account("quantri", PASSWORD, "admin")
    session = await SessionsBase.create_session(user.id)
    async with lifespan(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base) as client:
            client.cookies.set("id", session.token)
            client.cookies.set("csrftoken", "tok")
            yield client


def words(page: httpx.Response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))


async def test_a_session_write_to_the_api_needs_the_token():
    await review_world()
    async with signed_in("http://testserver") as client:
        for headers in ({}, {"X-CSRFToken": "khac"}):
            refused = await client.post("/api/approvals", json=DRY_RUN, headers=headers)
            assert refused.status_code == 403
            assert refused.json() == {"status_code": 403, "detail": NO_CSRF}
        done = await client.post("/api/approvals", json=DRY_RUN, headers={"X-CSRFToken": "tok"})
        assert done.status_code == 200, done.text
        assert (await client.get("/api/me")).status_code == 200  # reads need none


async def test_a_token_needs_no_csrf_even_beside_a_session():
    await review_world()
    async with signed_in(SITE) as client:
        token = await issue_token("quantri", "script")
        headers = {"Authorization": f"Bearer {token}"}
        response = await client.post("/api/approvals", json=DRY_RUN, headers=headers)
        assert response.status_code == 200, response.text


async def test_under_https_a_session_write_must_come_from_an_allowed_host(monkeypatch):
    monkeypatch.setenv("SANGKIEN_ALLOWED_HOSTS", "sangkien.example, other.example")
    await review_world()
    async with signed_in(SITE) as client:
        token = {"X-CSRFToken": "tok"}
        for source in ({"Origin": SITE}, {"Referer": SITE + "/review"}):
            response = await client.post("/api/approvals", json=DRY_RUN, headers=token | source)
            assert response.status_code == 200, response.text
        for source in ({"Origin": "https://evil.example"}, {}):
            response = await client.post("/api/approvals", json=DRY_RUN, headers=token | source)
            assert response.status_code == 403
            assert response.json()["detail"] == WRONG_ORIGIN
        form = {"csrftoken": "tok", "action": "approve", "selection": "all"}
        page = await client.post(
            "/review/confirm", data=form, headers={"Origin": "https://evil.example"}
        )
        assert page.status_code == 403 and WRONG_ORIGIN in words(page)
        page = await client.post("/review/confirm", data=form, headers={"Origin": SITE})
        assert page.status_code == 200, words(page)
