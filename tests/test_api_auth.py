"""Who may call the API: tokens, sessions, roles; health alone is open."""

import html
from datetime import UTC, datetime, timedelta

import pytest
from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from domain.accounts import create_account
from domain.callers import BAD_TOKEN, NO_CREDENTIALS, NO_ROLE
from domain.tokens import issue_token, revoke_token
from tables.accounts import ApiToken
from tests.support.accounts import PASSWORD, bearer
from tests.support.world import tree

pytestmark = pytest.mark.usefixtures("empty_db")


@pytest.mark.parametrize(
    "path", ["/api/me", "/api/initiatives", "/api/initiatives/1", "/schema", "/schema/openapi.json"]
)
async def test_everything_but_health_needs_credentials(client, path):
    response = await client.get(path)
    assert response.status_code == 401
    if path == "/schema":  # the docs page: a person reads it (tests/test_openapi.py)
        assert NO_CREDENTIALS in html.unescape(response.text)
    else:
        assert response.json()["detail"] == NO_CREDENTIALS
    assert (await client.get("/api/health")).status_code == 200


async def test_a_token_acts_with_its_users_role_and_unit(client):
    await tree()
    await create_account("nhaplieu", PASSWORD, "staff", "D1")
    token = await issue_token("nhaplieu", "script")
    response = await client.get("/api/me", headers=bearer(token))
    assert response.status_code == 200
    assert response.json() == {
        "username": "nhaplieu",
        "role": "staff",
        "unit": "D1",
        "sees_whole_tree": False,
    }


async def test_an_admin_token_sees_the_whole_tree(client):
    await create_account("quantri", PASSWORD, "admin")
    admin_token = await issue_token("quantri", "ops")
    response = await client.get("/api/me", headers=bearer(admin_token))
    assert response.json()["sees_whole_tree"] is True and response.json()["role"] == "admin"
    used = await ApiToken.select(ApiToken.last_used_at).first()
    assert used["last_used_at"] is not None
    # Within the minute, reading again does not write again.
    await client.get("/api/me", headers=bearer(admin_token))
    assert (await ApiToken.select(ApiToken.last_used_at).first()) == used
    assert (
        await client.get("/schema/openapi.json", headers=bearer(admin_token))
    ).status_code == 200


async def test_a_revoked_token_stops_working_at_once(client):
    await create_account("quantri", PASSWORD, "admin")
    token = await issue_token("quantri", "script")
    assert (await client.get("/api/me", headers=bearer(token))).status_code == 200
    token_id = (await ApiToken.select(ApiToken.id).first())["id"]
    assert await revoke_token(token_id)
    response = await client.get("/api/me", headers=bearer(token))
    assert response.status_code == 401 and response.json()["detail"] == BAD_TOKEN


async def test_an_expired_or_unknown_token_is_refused(client):
    await create_account("quantri", PASSWORD, "admin")
    token = await issue_token("quantri", "short", days=1)
    await ApiToken.update({ApiToken.expires_at: datetime.now(UTC) - timedelta(minutes=1)}).where(
        ApiToken.name == "short"
    )
    assert (await client.get("/api/me", headers=bearer(token))).status_code == 401
    assert (await client.get("/api/me", headers=bearer("sk_made_up"))).status_code == 401


async def test_users_without_a_role_or_inactive_get_403(client):
    await BaseUser.create_user(username="lac", password=PASSWORD, active=True)
    token = await issue_token("lac", "x")
    response = await client.get("/api/me", headers=bearer(token))
    assert response.status_code == 403 and response.json()["detail"] == NO_ROLE

    await tree()
    await create_account("nghiviec", PASSWORD, "viewer", "P")
    token = await issue_token("nghiviec", "x")
    await BaseUser.update({BaseUser.active: False}).where(BaseUser.username == "nghiviec")
    assert (await client.get("/api/me", headers=bearer(token))).status_code == 403


async def test_the_admins_session_cookie_works_for_the_api(client):
    await create_account("quantri", PASSWORD, "admin")
    page = await client.get("/admin/")
    login = await client.post(
        "/admin/public/login/",
        json={"username": "quantri", "password": PASSWORD},
        headers={"X-CSRFToken": page.cookies["csrftoken"]},
    )
    assert login.status_code == 200
    response = await client.get("/api/me")
    assert response.status_code == 200 and response.json()["username"] == "quantri"
    client.cookies.set("id", "not-a-session")
    assert (await client.get("/api/me")).status_code == 401


async def test_the_admin_refuses_an_account_without_a_role_in_the_same_words(client):
    """One path from credentials to a caller: an admin-flagged user whose profile is
    gone used to reach Piccolo Admin unscoped; now the admin refuses it as the API does."""
    user = await BaseUser.create_user(username="lac", password=PASSWORD, active=True, admin=True)
    session = await SessionsBase.create_session(user.id)
    client.cookies.set("id", session.token)
    tables = await client.get("/admin/api/tables/")
    assert tables.status_code == 403 and tables.json()["detail"] == NO_ROLE
    page = await client.get("/admin/")
    assert page.status_code == 403 and NO_ROLE in page.text
    api = await client.get("/api/me")
    assert api.status_code == 403 and api.json()["detail"] == NO_ROLE
