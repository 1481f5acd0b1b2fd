"""Accounts with a role and a unit, and the three ways they come in: an API token,
the admin's login form (as a person does), or a session made straight away."""

import httpx
from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from domain.database import engine
from domain.tokens import issue_token
from tables.accounts import AccountProfile
from tables.units import Unit

PASSWORD = "mật-khẩu-thử-nghiệm"
# One iteration: BaseUser re-hashes anything that is not a hash, and the real
# count (hundreds of thousands) would cost every test a third of a second.
_CHEAP_HASH = BaseUser.hash_password(PASSWORD, iterations=1)


async def account(username: str, role: str, unit: int | str | None = None) -> int:
    """A user with PASSWORD and a profile (`unit`: an id or a code; none for an
    administrator); the user's id."""
    if isinstance(unit, str):
        unit = (await Unit.select(Unit.id).where(Unit.code == unit).first())["id"]
    [user] = await engine().run_ddl(
        "INSERT INTO piccolo_user (username, password, email, first_name, last_name, active,"
        f" admin, superuser) VALUES ('{username}', '{_CHEAP_HASH}',"
        f" '{username}@example.invalid', '', '', true, true, {str(role == 'admin').lower()})"
        " RETURNING id"
    )
    await AccountProfile.insert(AccountProfile(user=user["id"], unit=unit, role=role))
    return user["id"]


async def of_d1(role: str, ids: dict[str, int]) -> int:
    """An account named after its role, of unit D1 of `world.tree()` (an
    administrator's has none)."""
    return await account(role, role, None if role == "admin" else ids["D1"])


async def role_token(role: str, unit: str = "D1") -> dict[str, str]:
    """An account named after its role (of `unit`, but for an administrator) and
    the header of its API token."""
    await account(role, role, None if role == "admin" else unit)
    return await token_for(role)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def token_for(username: str) -> dict[str, str]:
    """The header of a new API token of the user's."""
    return bearer(await issue_token(username, "tests"))


async def log_in(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> dict[str, str]:
    """Through the admin's login form, as a person does; the CSRF header that
    later writes on the session cookie need."""
    await client.get("/admin/")  # sets the CSRF cookie, as for the form
    headers = {"X-CSRFToken": client.cookies["csrftoken"]}
    response = await client.post(
        "/admin/public/login/",
        json={"username": username, "password": password},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert "httponly" in response.headers["set-cookie"].lower()  # out of scripts' reach
    return headers


async def session_for(client: httpx.AsyncClient, user_id: int) -> dict[str, str]:
    """A session as the login form makes one, without the form (the scope matrix
    signs in hundreds of times); the CSRF header."""
    await client.get("/admin/")
    session = await SessionsBase.create_session(user_id)
    client.cookies.set("id", session.token)
    return {"X-CSRFToken": client.cookies["csrftoken"]}
