"""What an account is allowed to be: its unit and role, and its API tokens."""

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from domain.vocabulary import ROLES, choices
from tables.units import Unit

Role = choices("Role", ROLES)


class AccountProfile(Table):
    """One per BaseUser. Non-admin accounts belong to exactly one unit."""

    user = ForeignKey(BaseUser, null=False, unique=True, index=True, on_delete=OnDelete.cascade)
    unit = ForeignKey(Unit, null=True, index=True, on_delete=OnDelete.restrict)
    role = Varchar(length=16, choices=Role, default="viewer")


class ApiToken(Table):
    """A bearer token for scripts. Only the SHA-256 of the token is stored."""

    user = ForeignKey(BaseUser, null=False, index=True, on_delete=OnDelete.cascade)
    name = Varchar(length=100)
    prefix = Varchar(length=16)
    token_hash = Varchar(length=64, unique=True, secret=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)


class LoginFailure(Table):
    """A login that opened no session, by username and client address (domain.login_limit).
    Written when the try starts and removed if it succeeds; shared by every worker."""

    username = Varchar(length=100, index=True)
    address = Varchar(length=64, index=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)


class LoginKnownAddress(Table):
    """An address a user has logged in from: only that pair's own failures bind it there."""

    username = Varchar(length=100)
    address = Varchar(length=64)
    last_success = Timestamptz(default=TimestamptzNow())
    login_known_address_unique = Unique([username, address])
