"""The caller of an admin request: admin.scope finds it once, from the session, and
leaves it in the ASGI scope, where the admin's forms read it (a unit's account
cannot read account profiles itself)."""

from starlette.requests import Request
from starlette.types import Scope

from domain.callers import Caller

_KEY = "sangkien.caller"


def keep_caller(scope: Scope, caller: Caller) -> None:
    scope[_KEY] = caller


def admin_caller(request: Request) -> Caller | None:
    return scope_caller(request.scope)


def scope_caller(scope: Scope) -> Caller | None:
    return scope.get(_KEY)
