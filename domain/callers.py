"""Who is calling: a user's role and the part of the union tree they may see."""

from dataclasses import dataclass

from piccolo.apps.user.tables import BaseUser

from domain.vocabulary import Role
from tables.accounts import AccountProfile


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
