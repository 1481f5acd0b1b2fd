"""Login rate limit that holds across worker processes: attempts live in the database.

Each try is recorded under two keys: the username, allowed LIMIT tries in WINDOW,
and the client address, allowed five times as many (an office shares one address
behind its router). A successful login clears its username's
tries. The check and the insert run serialised per key (domain.database), so
concurrent workers cannot both take the last try.
"""

import os
from datetime import UTC, datetime, timedelta

from domain.database import serialised
from tables.accounts import LoginAttempt

LIMIT = int(os.environ.get("SANGKIEN_LOGIN_LIMIT", "10"))
WINDOW = timedelta(seconds=int(os.environ.get("SANGKIEN_LOGIN_WINDOW", "300")))

TOO_MANY = (
    "Đăng nhập sai quá nhiều lần. Hãy đợi {minutes} phút rồi thử lại, hoặc liên hệ quản trị "
    "hệ thống để đặt lại mật khẩu."
)


def keys_for(address: str, username: str) -> dict[str, int]:
    """Each key a try counts under, with the tries it allows per WINDOW."""
    return {f"user:{username.strip().lower()}": LIMIT, f"ip:{address}": LIMIT * 5}


async def take_attempt(limits: dict[str, int]) -> bool:
    """Record one try under every key, unless a key has used up its tries: then False."""
    keys = list(limits)
    now = datetime.now(UTC)
    async with serialised(*keys):
        await LoginAttempt.delete().where(
            LoginAttempt.key.is_in(keys) & (LoginAttempt.at <= now - WINDOW)
        )
        for key, limit in limits.items():
            if await LoginAttempt.count().where(LoginAttempt.key == key) >= limit:
                return False
        await LoginAttempt.insert(*(LoginAttempt(key=key, at=now) for key in keys))
    return True


async def forget_user(username: str) -> None:
    [user_key] = [key for key in keys_for("", username) if key.startswith("user:")]
    await LoginAttempt.delete().where(LoginAttempt.key == user_key)
