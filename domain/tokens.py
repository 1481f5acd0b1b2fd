"""API tokens: issued once in clear, stored as SHA-256, revoked at once."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from piccolo.apps.user.tables import BaseUser

from tables.accounts import ApiToken

PREFIX = "sk_"
USE_RESOLUTION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token(username: str, name: str, days: int | None = None) -> str:
    """Create a token for a user; the clear token is returned and never stored."""
    user = await BaseUser.select(BaseUser.id).where(BaseUser.username == username).first()
    if user is None:
        raise ValueError(f"No user is called {username!r}.")
    token = PREFIX + secrets.token_urlsafe(32)
    await ApiToken(
        user=user["id"],
        name=name,
        prefix=token[:10],
        token_hash=hash_token(token),
        expires_at=datetime.now(UTC) + timedelta(days=days) if days else None,
    ).save()
    return token


async def list_tokens(username: str | None = None) -> list[dict]:
    query = ApiToken.select(
        ApiToken.id,
        ApiToken.user.username.as_alias("username"),
        ApiToken.name,
        ApiToken.prefix,
        ApiToken.created_at,
        ApiToken.expires_at,
        ApiToken.revoked_at,
        ApiToken.last_used_at,
    ).order_by(ApiToken.id)
    if username:
        query = query.where(ApiToken.user.username == username)
    return await query


async def revoke_token(token_id: int) -> bool:
    rows = (
        await ApiToken.update({ApiToken.revoked_at: datetime.now(UTC)})
        .where((ApiToken.id == token_id) & ApiToken.revoked_at.is_null())
        .returning(ApiToken.id)
    )
    return bool(rows)


def is_live(row: dict, now: datetime) -> bool:
    """A token row (revoked_at, expires_at) that may still act."""
    if row["revoked_at"] is not None:
        return False
    return row["expires_at"] is None or row["expires_at"] > now


async def note_use(row: dict, now: datetime) -> None:
    """Record a token's use (row: id, last_used_at), to the minute: a polling
    script should not turn every read into a write."""
    if row["last_used_at"] is None or now - row["last_used_at"] > USE_RESOLUTION:
        await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])


async def user_for_token(token: str) -> int | None:
    """The user id a live token acts for, or None. Notes its use, to the minute."""
    now = datetime.now(UTC)
    row = (
        await ApiToken.select(
            ApiToken.id,
            ApiToken.user,
            ApiToken.expires_at,
            ApiToken.revoked_at,
            ApiToken.last_used_at,
        )
        .where(ApiToken.token_hash == hash_token(token))
        .first()
    )
    if row is None or not is_live(row, now):
        return None
    await note_use(row, now)
    return row["user"]
