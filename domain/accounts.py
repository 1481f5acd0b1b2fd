"""Accounts: a Piccolo BaseUser plus its unit and role, created together."""

from piccolo.apps.user.tables import BaseUser

from domain.vocabulary import ROLES
from tables.accounts import AccountProfile
from tables.units import Unit


class AccountError(ValueError):
    pass


async def create_account(
    username: str,
    password: str,
    role: str,
    unit_code: str | None = None,
    email: str = "",
) -> BaseUser:
    """Create a user with its profile in one transaction; admins need no unit."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}: use {', '.join(ROLES)}.")
    unit_id = None
    if unit_code:
        unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
        if unit is None:
            raise AccountError(f"No unit has the code {unit_code!r}.")
        unit_id = unit["id"]
    elif role != "admin":
        raise AccountError("A non-admin account needs a unit (--unit CODE).")
    if await BaseUser.exists().where(BaseUser.username == username):
        raise AccountError(f"The username {username!r} is taken.")
    try:
        BaseUser._validate_password(password)
    except ValueError as problem:
        raise AccountError(str(problem)) from None

    async with BaseUser._meta.db.transaction():
        user = await BaseUser.create_user(
            username=username,
            password=password,
            email=email or f"{username}@example.invalid",
            active=True,
            # Every account opens the admin; admin.scope and the database's
            # policies show a unit's account only its own part of the tree.
            admin=True,
            superuser=role == "admin",
        )
        await AccountProfile(user=user.id, unit=unit_id, role=role).save()
    return user
