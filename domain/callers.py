"""Who is calling: a user's role and the part of the union tree they may see.

`caller_from_credentials` is the one way from an API token or the admin's
session to a caller, for the API, the review pages and the admin alike.
"""

from dataclasses import dataclass

from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from domain.errors import NotAllowed, NotSignedIn
from domain.tokens import user_for_token
from domain.vocabulary import Role
from tables.accounts import AccountProfile

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


async def caller_for_user(user_id: int) -> Caller | None:
    """The caller for an active user with a role, or None (no access at all)."""
    user = (
        await BaseUser.select(BaseUser.id, BaseUser.username, BaseUser.superuser)
        .where((BaseUser.id == user_id) & (BaseUser.active == True))  # noqa: E712
        .first()
    )
    if user is None:
        return None
    profile = (
        await AccountProfile.select(
            AccountProfile.role,
            AccountProfile.unit,
            AccountProfile.unit.code.as_alias("unit_code"),
            AccountProfile.unit.path.as_alias("unit_path"),
        )
        .where(AccountProfile.user == user_id)
        .first()
    )
    if profile is None:
        # A superuser made outside our commands (e.g. `piccolo user create`).
        if user["superuser"]:
            return Caller(user["id"], user["username"], "admin", None, None, None)
        return None
    admin = profile["role"] == "admin"
    return Caller(
        user_id=user["id"],
        username=user["username"],
        role=profile["role"],
        unit_id=profile["unit"],
        unit_code=profile["unit_code"],
        scope_path=None if admin else profile["unit_path"],
    )


async def caller_from_credentials(token: str | None = None, session: str | None = None) -> Caller:
    """The caller a token (the API) or else a session (the admin's login cookie) acts
    for. Raises NotSignedIn when neither holds and NotAllowed for an account without
    a role."""
    if token is not None:
        user_id = await user_for_token(token)
        if user_id is None:
            raise NotSignedIn(BAD_TOKEN)
    elif session:
        user_id = await SessionsBase.get_user_id(session)
        if user_id is None:
            raise NotSignedIn(EXPIRED_SESSION)
    else:
        raise NotSignedIn(NO_CREDENTIALS)
    caller = await caller_for_user(user_id)
    if caller is None:
        raise NotAllowed(NO_ROLE)
    return caller
