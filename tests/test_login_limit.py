"""The login limit: failures counted in the database by username and address, so
that it holds across processes and cannot be turned against a user; the
username read from JSON and forms alike; X-Forwarded-For only from trusted
proxies. Through the real admin login (in-process, or live servers)."""

import asyncio
import os
import subprocess
import sys

import httpx
import pytest

from admin.login_limit import NO_USERNAME, UNREADABLE
from domain.addresses import client_address, counted
from domain.login_limit import ADDRESS_SPENT, PAIR_SPENT, USERNAME_SPENT
from tables.accounts import LoginFailure, LoginKnownAddress
from tests.support.accounts import PASSWORD, account
from tests.support.database import reset_database
from tests.support.http import client_at
from tests.support.live import ROOT, live_servers

LIMIT = 3  # failures per pair; so 9 per username and 15 per address
LOGIN = "/admin/public/login/"


def spent(message: str) -> str:
    return message.format(minutes=5)  # the default window, 300 s


@pytest.fixture
async def accounts(empty_db, monkeypatch):
    monkeypatch.setenv("SANGKIEN_LOGIN_LIMIT", str(LIMIT))
    monkeypatch.delenv("SANGKIEN_TRUSTED_PROXIES", raising=False)
    await account("quantri", "admin")
    await account("khach", "admin")


@pytest.fixture
async def at(client):
    """Clients connecting from a given address (in the app's lifespan, which the
    `client` fixture holds), closed afterwards."""
    opened: dict[str, httpx.AsyncClient] = {}

    def at(address: str) -> httpx.AsyncClient:
        return opened.setdefault(address, client_at(address))

    yield at
    for place in opened.values():
        await place.aclose()


async def login(
    place: httpx.AsyncClient,
    username: str,
    password: str = PASSWORD,
    encoding: str = "json",
    forwarded_for: str | None = None,
) -> httpx.Response:
    """The admin's login as its page sends it (JSON), or as a form (urlencoded or
    multipart); with the CSRF header, optionally behind a proxy's header."""
    if "csrftoken" not in place.cookies:
        await place.get("/admin/")
    headers = {"X-CSRFToken": place.cookies["csrftoken"]}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    fields = {"username": username, "password": password}
    if encoding == "form":
        return await place.post(LOGIN, data=fields, headers=headers)
    if encoding == "multipart":
        parts = {name: (None, value) for name, value in fields.items()}
        return await place.post(LOGIN, files=parts, headers=headers)
    return await place.post(LOGIN, json=fields, headers=headers)


async def test_tries_from_elsewhere_cannot_lock_a_user_out_of_a_known_address(accounts, at):
    office, attacker = at("10.0.0.1"), at("203.0.113.9")
    assert (await login(office, "quantri")).status_code == 200  # the office is known now

    statuses = [(await login(attacker, "quantri", "sai")).status_code for _ in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]
    for host in (10, 11):  # the username's budget, from more addresses
        for _ in range(LIMIT):
            assert (await login(at(f"203.0.113.{host}"), "quantri", "sai")).status_code == 401

    # The attacker's pair and a new address are refused, even the right password...
    refused = await login(attacker, "quantri")
    assert refused.status_code == 429 and refused.json()["detail"] == spent(PAIR_SPENT)
    assert refused.headers["Retry-After"] == "300"
    refused = await login(at("198.51.100.7"), "quantri")
    assert refused.status_code == 429 and refused.json()["detail"] == spent(USERNAME_SPENT)
    # ... but the administrator at the office logs in.
    assert (await login(office, "quantri")).status_code == 200

    # A known address is bound by its own pair's budget all the same.
    for _ in range(LIMIT):
        assert (await login(office, "quantri", "sai")).status_code == 401
    refused = await login(office, "quantri")
    assert refused.status_code == 429 and refused.json()["detail"] == spent(PAIR_SPENT)


async def test_form_logins_count_under_their_own_username(accounts, at):
    guesser = at("203.0.113.9")
    for _ in range(LIMIT):
        assert (await login(guesser, "khach", "sai", "form")).status_code == 401
    assert (await login(guesser, "khach", PASSWORD, "form")).status_code == 429
    assert (await login(at("10.0.0.3"), "khach", "sai", "multipart")).status_code == 401

    # Another user's form and multipart logins are their own business.
    assert (await login(at("10.0.0.2"), "quantri", "sai", "form")).status_code == 401
    assert (await login(at("10.0.0.2"), "quantri", PASSWORD, "form")).status_code == 200
    assert (await login(at("10.0.0.3"), "quantri", PASSWORD, "multipart")).status_code == 200

    rows = await LoginFailure.select(LoginFailure.username, LoginFailure.address).order_by(
        LoginFailure.id
    )
    assert rows == [{"username": "khach", "address": "203.0.113.9"}] * LIMIT + [
        {"username": "khach", "address": "10.0.0.3"}
    ]


async def test_a_body_without_one_username_is_refused_and_counts_for_nobody(accounts, at):
    place = at("203.0.113.9")
    await place.get("/admin/")
    csrf = {"X-CSRFToken": place.cookies["csrftoken"]}
    for _ in range(5 * LIMIT + 1):  # more than the address's budget
        for refused in (
            await place.post(LOGIN, json={"password": "sai"}, headers=csrf),
            await place.post(LOGIN, json={"username": "  ", "password": "sai"}, headers=csrf),
            await place.post(LOGIN, data={"password": "sai"}, headers=csrf),
        ):
            assert refused.status_code == 400 and refused.json()["detail"] == NO_USERNAME

    # Bodies that name two usernames, or one that is not text, are not read at all:
    # valid JSON that a form parser reads as another login...
    two = '{"x": "&username=khach&password=sai&", "username": "quantri", "password": "sai"}'
    form = {**csrf, "Content-Type": "application/x-www-form-urlencoded"}
    for refused in (
        await place.post(LOGIN, content=two, headers=form),
        await place.post(LOGIN, content="username=khach&username=quantri&password=s", headers=form),
        await place.post(LOGIN, files={"username": ("a.txt", b"quantri")}, headers=csrf),
        await place.post(LOGIN, json={"username": ["quantri"], "password": "sai"}, headers=csrf),
    ):
        assert refused.status_code == 400 and refused.json()["detail"] == UNREADABLE

    assert await LoginFailure.count() == 0
    assert (await login(place, "quantri")).status_code == 200


async def test_only_failures_count_and_a_success_clears_its_pair(accounts, at):
    place = at("203.0.113.9")
    for _ in range(2 * LIMIT):
        assert (await login(place, "quantri")).status_code == 200
    for _ in range(LIMIT - 1):
        assert (await login(place, "quantri", "sai")).status_code == 401
    assert (await login(place, "quantri")).status_code == 200
    for _ in range(LIMIT - 1):
        assert (await login(place, "quantri", "sai")).status_code == 401
    assert await LoginFailure.count() == LIMIT - 1
    assert await LoginKnownAddress.select(
        LoginKnownAddress.username, LoginKnownAddress.address
    ) == [{"username": "quantri", "address": "203.0.113.9"}]


async def test_the_html_forms_refusals_count_too(accounts, at):
    """Piccolo's login answers `format=html` with its page, a wrong password
    included, in 200: only a session opened is a success."""
    place = at("203.0.113.9")
    await place.get("/admin/")
    body = {"username": "quantri", "password": "sai", "format": "html"}
    csrf = {"X-CSRFToken": place.cookies["csrftoken"]}
    for _ in range(LIMIT):
        page = await place.post(LOGIN, json=body, headers=csrf)
        assert page.status_code == 200 and "id" not in page.cookies
    assert (await login(place, "quantri")).status_code == 429


async def test_concurrent_tries_cannot_all_take_the_last_one(accounts, at):
    place = at("203.0.113.9")
    await place.get("/admin/")
    tries = await asyncio.gather(*(login(place, "quantri", "sai") for _ in range(4 * LIMIT)))
    assert sorted(answer.status_code for answer in tries) == [401] * LIMIT + [429] * 3 * LIMIT
    assert await LoginFailure.count() == LIMIT


async def test_forwarded_for_counts_only_from_a_trusted_proxy(accounts, at, monkeypatch):
    proxy = at("10.1.2.3")
    for n in range(5 * LIMIT):  # spraying: a new username and a new "address" each time
        answer = await login(proxy, f"ten{n}", "sai", forwarded_for=f"198.51.100.{n}")
        assert answer.status_code == 401
    refused = await login(proxy, "ten99", "sai", forwarded_for="198.51.100.99")
    assert refused.status_code == 429 and refused.json()["detail"] == spent(ADDRESS_SPENT)
    assert set(await LoginFailure.select(LoginFailure.address).output(as_list=True)) == {"10.1.2.3"}

    monkeypatch.setenv("SANGKIEN_TRUSTED_PROXIES", "127.0.0.1, 10.1.0.0/16")
    await LoginFailure.delete(force=True)
    for n in range(5 * LIMIT + 1):  # the client may prepend anything; the proxy's entry counts
        forwarded = f"192.0.2.1, 198.51.100.{n}"
        assert (await login(proxy, f"ten{n}", "sai", forwarded_for=forwarded)).status_code == 401
    addresses = await LoginFailure.select(LoginFailure.address).output(as_list=True)
    assert sorted(addresses) == sorted(f"198.51.100.{n}" for n in range(5 * LIMIT + 1))


def test_the_client_is_the_right_most_address_no_trusted_proxy_wrote(monkeypatch):
    monkeypatch.setenv("SANGKIEN_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8, 2001:db8:1::/48")
    assert client_address("203.0.113.5", ["192.0.2.1"]) == "203.0.113.5"
    assert client_address("127.0.0.1", ["192.0.2.1, 203.0.113.5, 10.0.0.7"]) == "203.0.113.5"
    assert client_address("127.0.0.1", ["192.0.2.1", "203.0.113.5:4711"]) == "203.0.113.5"
    assert client_address("2001:db8:1::2", ["[2001:db8:2::1]:443"]) == "2001:db8:2::/64"
    assert client_address("127.0.0.1", ["10.0.0.9, 10.0.0.7"]) == "10.0.0.9"  # all inside
    assert client_address("::ffff:127.0.0.1", []) == "127.0.0.1"
    # A subscriber's IPv6 addresses are one /64: counted as one.
    assert counted("2001:db8:2::1") == counted("2001:db8:2::ffff") == "2001:db8:2::/64"
    monkeypatch.setenv("SANGKIEN_TRUSTED_PROXIES", "10.0.0.0/8, localhost")
    with pytest.raises(ValueError, match="'localhost' is neither an address nor a network"):
        client_address("127.0.0.1", [])


def test_serve_refuses_a_trusted_proxy_that_is_no_address():
    served = subprocess.run(
        [sys.executable, "manage.py", "serve"],
        cwd=ROOT,
        env={**os.environ, "SANGKIEN_TRUSTED_PROXIES": "proxy.local"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert served.returncode == 2
    assert served.stderr.strip() == (
        "error: SANGKIEN_TRUSTED_PROXIES: 'proxy.local' is neither an address nor a network"
    )


# -- live servers, started as an operator does (manage.py serve)


@pytest.fixture
async def fresh(monkeypatch):
    monkeypatch.delenv("SANGKIEN_TRUSTED_PROXIES", raising=False)
    await reset_database()
    await account("quantri", "admin")
    await account("khac", "admin")
    yield
    await reset_database()


def live_login(client: httpx.Client, username: str, password: str, **headers: str) -> int:
    token = client.get("/admin/").cookies.get("csrftoken") or client.cookies["csrftoken"]
    response = client.post(
        LOGIN,
        json={"username": username, "password": password},
        headers={"X-CSRFToken": token, **headers},
    )
    return response.status_code


@pytest.mark.slow
async def test_the_limit_is_shared_by_two_processes(fresh):
    with live_servers(2, {"SANGKIEN_LOGIN_LIMIT": str(LIMIT)}) as urls:
        clients = [httpx.Client(base_url=url) for url in urls]
        statuses = [live_login(clients[n % 2], "quantri", "sai") for n in range(3 * LIMIT)]
        # Each process alone would allow LIMIT tries; together they allow LIMIT.
        assert statuses == [401] * LIMIT + [429] * 2 * LIMIT
        # The guessing pair is refused the right password too, in either process.
        assert live_login(clients[1], "quantri", PASSWORD) == 429
        # Another account from the same address gets in, and its failures go.
        assert live_login(clients[0], "khac", "sai") == 401
        assert live_login(clients[1], "khac", PASSWORD) == 200
        for client in clients:
            client.close()
    assert not await LoginFailure.exists().where(LoginFailure.username == "khac")


@pytest.mark.slow
async def test_rotated_forwarded_for_counts_as_one_address_unless_from_a_trusted_proxy(fresh):
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 by default, which let a
    client on the host rotate addresses past the limit; `manage.py serve` takes
    it only from SANGKIEN_TRUSTED_PROXIES."""
    env = {"SANGKIEN_LOGIN_LIMIT": str(LIMIT)}

    def spray(url: str) -> list[int]:
        with httpx.Client(base_url=url) as client:
            return [
                live_login(client, f"ten{n}", "sai", **{"X-Forwarded-For": f"198.51.100.{n}"})
                for n in range(5 * LIMIT + 1)
            ]

    with live_servers(1, env) as [url]:
        assert spray(url) == [401] * 5 * LIMIT + [429]
    await LoginFailure.delete(force=True)
    with live_servers(1, {**env, "SANGKIEN_TRUSTED_PROXIES": "127.0.0.1"}) as [url]:
        assert spray(url) == [401] * (5 * LIMIT + 1)
    assert await LoginFailure.count().where(LoginFailure.address.like("198.51.100.%")) == (
        5 * LIMIT + 1
    )


async def test_a_path_under_the_login_counts_as_the_login(accounts, at):
    # Piccolo mounts its login, so /public/login/x reaches the same password check.
    guesser = at("203.0.113.20")
    await guesser.get("/admin/")
    headers = {"X-CSRFToken": guesser.cookies["csrftoken"]}
    wrong = {"username": "quantri", "password": "sai"}
    statuses = [
        (await guesser.post(f"{LOGIN}{suffix}", json=wrong, headers=headers)).status_code
        for suffix in ("x", "x/y/", "", "z")
    ]
    assert statuses == [401] * LIMIT + [429]
    right = {"username": "quantri", "password": PASSWORD}
    assert (await guesser.post(f"{LOGIN}x", json=right, headers=headers)).status_code == 429


async def test_a_login_body_over_64_kib_is_refused_unread(accounts, at):
    place = at("203.0.113.21")
    await place.get("/admin/")
    headers = {"X-CSRFToken": place.cookies["csrftoken"]}
    body = {"username": "quantri", "password": "x" * 70_000}
    refused = await place.post(LOGIN, json=body, headers=headers)
    assert refused.status_code == 413 and "quá lớn" in refused.json()["detail"]
    assert not await LoginFailure.exists()
