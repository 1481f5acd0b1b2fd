"""The login limit: failures counted in the database (so it holds across worker
processes), by username and client address, so that nobody can lock a user out.

Three budgets of failures within the last WINDOW (LIMIT = SANGKIEN_LOGIN_LIMIT):

- the pair (username, address): LIMIT, one address guessing one account;
- the username, from any address: 3 × LIMIT, guessing spread over many addresses;
- the address, over any usernames: 5 × LIMIT, password spraying and credential
  stuffing (an office behind one router shares an address, hence the margin).

An address the user has logged in from within KNOWN_FOR is bound by its pair's
budget only: failures from elsewhere cannot refuse the user at their usual place
(README, «Logging in», for the choice against OWASP's guidance).

A try counts as a failure from the moment it starts and a successful login
removes its pair's failures: the check and the count run serialised per username
and address (domain.database), so concurrent tries cannot all take the last one,
and a try whose answer never comes still counts.
"""

import os
from datetime import UTC, datetime, timedelta

from piccolo.custom_types import Combinable

from domain.database import serialised
from tables.accounts import LoginFailure, LoginKnownAddress

KNOWN_FOR = timedelta(days=90)
USERNAME_TIMES = 3
ADDRESS_TIMES = 5

PAIR_SPENT = (
    "Đăng nhập sai quá nhiều lần. Hãy đợi {minutes} phút rồi thử lại, hoặc liên hệ quản trị "
    "hệ thống để đặt lại mật khẩu."
)
USERNAME_SPENT = (
    "Tên đăng nhập này vừa bị thử sai quá nhiều lần từ nhiều nơi; trong lúc đó chỉ đăng nhập "
    "được từ nơi đã đăng nhập thành công trước đây. Hãy đợi {minutes} phút rồi thử lại, hoặc "
    "liên hệ quản trị hệ thống."
)
ADDRESS_SPENT = (
    "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Hãy đợi {minutes} phút rồi thử lại, "
    "hoặc liên hệ quản trị hệ thống."
)


def limit() -> int:
    return int(os.environ.get("SANGKIEN_LOGIN_LIMIT", "10"))


def window() -> timedelta:
    return timedelta(seconds=int(os.environ.get("SANGKIEN_LOGIN_WINDOW", "300")))


def counted_username(username: str) -> str:
    """The form a username is counted under: `Admin ` tries count for `admin`.
    Longer names than an account may have (100) cannot log in anyway."""
    return username.strip().lower()[:100]


async def start_attempt(username: str, address: str) -> str | None:
    """Count a try as failed (until `succeeded`), unless a budget is spent: then
    the Vietnamese refusal, and nothing is counted. `username` and `address` as
    counted (counted_username, domain.addresses.counted)."""
    now = datetime.now(UTC)
    by_username = LoginFailure.username == username
    by_address = LoginFailure.address == address
    async with serialised(f"login-username:{username}", f"login-address:{address}"):
        if await _failures(now, by_username, by_address) >= limit():
            refusal = PAIR_SPENT
        elif await _known(username, address, now):
            refusal = None
        elif await _failures(now, by_username) >= USERNAME_TIMES * limit():
            refusal = USERNAME_SPENT
        elif await _failures(now, by_address) >= ADDRESS_TIMES * limit():
            refusal = ADDRESS_SPENT
        else:
            refusal = None
        if refusal is None:
            await LoginFailure.insert(LoginFailure(username=username, address=address, at=now))
    await _forget_old(now)
    if refusal is None:
        return None
    return refusal.format(minutes=max(1, int(window().total_seconds() // 60)))


async def succeeded(username: str, address: str) -> None:
    """The try opened a session: the pair's failures go, and the address is known."""
    now = datetime.now(UTC)
    async with serialised(f"login-username:{username}"):
        await LoginFailure.delete().where(
            LoginFailure.username == username, LoginFailure.address == address
        )
        await LoginKnownAddress.insert(
            LoginKnownAddress(username=username, address=address, last_success=now)
        ).on_conflict(
            target=(LoginKnownAddress.username, LoginKnownAddress.address),
            action="DO UPDATE",
            values=[LoginKnownAddress.last_success],
        )


async def _failures(now: datetime, *where: Combinable) -> int:
    return await LoginFailure.count().where(LoginFailure.at > now - window(), *where)


async def _known(username: str, address: str, now: datetime) -> bool:
    return await LoginKnownAddress.exists().where(
        LoginKnownAddress.username == username,
        LoginKnownAddress.address == address,
        LoginKnownAddress.last_success > now - KNOWN_FOR,
    )


async def _forget_old(now: datetime) -> None:
    """Rows past their use, a bounded batch at a time. SKIP LOCKED: two workers
    clearing at once, or a success removing its pair's rows, never wait on each
    other (nor deadlock)."""
    for table, column, since in (
        ("login_failure", "at", now - window()),
        ("login_known_address", "last_success", now - KNOWN_FOR),
    ):
        await LoginFailure.raw(
            f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE {column} <= {{}}"
            " LIMIT 1000 FOR UPDATE SKIP LOCKED)",
            since,
        )
