"""`GET /api/me`: who a token or session acts as, with which role and scope."""

import msgspec
from litestar import Request, get

from domain.callers import Caller
from endpoints.answers import answers


class Me(msgspec.Struct):
    username: str
    role: str
    unit: str | None = None
    sees_whole_tree: bool = False


@get(
    "/api/me",
    summary="The account this request acts as, its role and its unit",
    responses=answers(),
)
async def me(request: Request[Caller, str, object]) -> Me:
    caller = request.user
    return Me(
        username=caller.username,
        role=caller.role,
        unit=caller.unit_code,
        sees_whole_tree=caller.scope_path is None,
    )
