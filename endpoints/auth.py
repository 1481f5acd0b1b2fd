"""Authentication for the API and the review pages: a Bearer token, or the admin's
session cookie.

Every route but the health check and the admin mount (which has its own login)
goes through here; `domain.callers.caller_from_credentials` finds the caller (the
admin's gate uses it too) and says why when it refuses, which endpoints.errors
answers. A write on the session cookie must then pass endpoints.csrf.
"""

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.base import DefineMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from starlette.responses import JSONResponse

from domain.callers import Caller, caller_from_credentials
from domain.scope import run_as
from endpoints.errors import REFUSED

SESSION_COOKIE = "id"  # piccolo_api's session cookie, set by the admin's login


def bearer_token(authorization: str) -> str | None:
    return authorization[7:].strip() if authorization.lower().startswith("bearer ") else None


class ApiAuthentication(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        token = bearer_token(connection.headers.get("authorization", ""))
        session = connection.cookies.get(SESSION_COOKIE)
        caller = await caller_from_credentials(token, session)
        return AuthenticationResult(user=caller, auth="token" if token is not None else "session")


authentication = DefineMiddleware(ApiAuthentication, exclude=["^/api/health$", "^/admin"])


def run_as_caller(app: ASGIApp) -> ASGIApp:
    """After authentication: the handler runs as the caller, so the database
    filters what it reads and refuses what the caller may not write."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        caller = scope.get("user")
        if not isinstance(caller, Caller):  # health, the admin mount
            await app(scope, receive, send)
            return

        async def refuse(send: Send) -> None:
            await JSONResponse({"status_code": 403, "detail": REFUSED}, 403)(scope, receive, send)

        await run_as(caller, app, scope, receive, send, refuse)

    return middleware
