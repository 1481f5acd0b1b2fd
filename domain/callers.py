"""Who is calling: a user's role and the part of the union tree they may see.

`caller_from_credentials` is the one way from an API token or the admin's
session to a caller, for the API, the review pages and the admin alike.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from domain.errors import NotAllowed, NotSignedIn
from domain.tokens import hash_token, is_live, note_use
from domain.vocabulary import Role
from tables.accounts import ApiToken

NO_CREDENTIALS = (
    "Cần đăng nhập: gửi mã truy cập trong header «Authorization: Bearer <mã>» "
    "(tạo bằng `python manage.py issue-token`), hoặc đăng nhập trang quản trị."
)
BAD_TOKEN = "Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi. Hãy xin cấp mã mới."
EXPIRED_SESSION = "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại."
NO_ROLE = "Tài khoản chưa được phân quyền hoặc đã bị khoá. Hãy liên hệ quản trị hệ thống."


@dataclass(frozen=True)
class Caller:
    user_id: int
    username: str
    role: Role
    unit_id: int | None
    unit_code: str | None
    # Materialised path of the caller's unit: their scope is every unit whose
    # path starts with it. None for administrators, whose scope is everything.
    scope_path: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


# A user's account in one read: the user, its profile and its unit's path (the
# API asks on every request; three reads had cost three round trips and three
# returns of a connection to the pool).
ACCOUNT = """
    SELECT u.id, u.username, u.superuser, u.active, p.id AS profile, p.role, p.unit,
           n.code AS unit_code, n.path AS unit_path
      FROM piccolo_user u
      LEFT JOIN account_profile p ON p."user" = u.id
      LEFT JOIN unit n ON n.id = p.unit
"""


def _caller(row: dict) -> Caller | None:
    """The caller for an active user with a role, or None (no access at all)."""
    if not row["active"]:
        return None
    if row["profile"] is None:
        # A superuser made outside our commands (e.g. `piccolo user create`).
        if row["superuser"]:
            return Caller(row["id"], row["username"], "admin", None, None, None)
        return None
    admin = row["role"] == "admin"
    return Caller(
        user_id=row["id"],
        username=row["username"],
        role=row["role"],
        unit_id=row["unit"],
        unit_code=row["unit_code"],
        scope_path=None if admin else row["unit_path"],
    )


async def caller_for_user(user_id: int) -> Caller | None:
    """The caller for an active user with a role, or None (no access at all)."""
    rows = await BaseUser.raw(ACCOUNT + " WHERE u.id = {}", user_id)
    return _caller(rows[0]) if rows else None


async def _caller_for_token(token: str) -> Caller | None:
    """The caller a live token acts for (None: no access at all); NotSignedIn for
    a token that is unknown, revoked or expired. One read, with the account."""
    rows = await ApiToken.raw(
        "SELECT t.id AS token, t.expires_at, t.revoked_at, t.last_used_at, a.*"
        f' FROM api_token t JOIN ({ACCOUNT}) a ON a.id = t."user" WHERE t.token_hash = {{}}',
        hash_token(token),
    )
    now = datetime.now(UTC)
    if not rows or not is_live(rows[0], now):
        raise NotSignedIn(BAD_TOKEN)
    row = rows[0]
    await note_use({"id": row["token"], "last_used_at": row["last_used_at"]}, now)
    return _caller(row)


async def caller_from_credentials(token: str | None = None, session: str | None = None) -> Caller:
    """The caller a token (the API) or else a session (the admin's login cookie) acts
    for. Raises NotSignedIn when neither holds and NotAllowed for an account without
    a role."""
    if token is not None:
        caller = await _caller_for_token(token)
    elif session:
        user_id = await SessionsBase.get_user_id(session)
        if user_id is None:
            raise NotSignedIn(EXPIRED_SESSION)
        caller = await caller_for_user(user_id)
    else:
        raise NotSignedIn(NO_CREDENTIALS)
    if caller is None:
        raise NotAllowed(NO_ROLE)
    return caller
