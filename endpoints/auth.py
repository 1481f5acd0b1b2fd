"""Authentication for the API and the review pages: a Bearer token, or the admin's
session cookie.

Every route but the health check and the admin mount (which has its own login)
goes through here; `domain.callers.caller_from_credentials` finds the caller (the
admin's gate uses it too) and says why when it refuses, which endpoints.errors
answers. A cookie-authenticated write must also carry the CSRF token the admin
uses (cookie `csrftoken`, echoed in the header `X-CSRFToken`, or by the review
page's HTML forms in a `csrftoken` field); a Bearer token needs none, since a
browser never sends it by itself.
"""

import hmac

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.base import DefineMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from starlette.responses import JSONResponse

from domain.callers import Caller, caller_from_credentials
from domain.scope import run_as
from endpoints.errors import REFUSED

NO_CSRF = (
    "Thiếu hoặc sai mã chống giả mạo (CSRF). Trên trang web: hãy tải lại trang rồi gửi lại. "
    "Qua API bằng phiên đăng nhập: gửi header «X-CSRFToken» bằng giá trị cookie «csrftoken»."
)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SESSION_COOKIE = "id"  # piccolo_api's session cookie, set by the admin's login


def bearer_token(authorization: str) -> str | None:
    return authorization[7:].strip() if authorization.lower().startswith("bearer ") else None


class ApiAuthentication(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        token = bearer_token(connection.headers.get("authorization", ""))
        session = connection.cookies.get(SESSION_COOKIE)
        caller = await caller_from_credentials(token, session)
        return AuthenticationResult(user=caller, auth="token" if token is not None else "session")


def csrf_check(app: ASGIApp) -> ASGIApp:
    """After authentication: a write on a session cookie must echo the CSRF cookie."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("auth") == "session" and scope.get("method", "GET") not in SAFE_METHODS:
            request = Request(scope, receive)
            cookie = request.cookies.get("csrftoken", "")
            sent = request.headers.get("x-csrftoken", "")
            if not sent and request.content_type[0] == "application/x-www-form-urlencoded":
                # Litestar keeps the parsed form in the connection state: the
                # handler reads it again without touching the body twice.
                sent = (await request.form()).get("csrftoken", "")
            if not cookie or not hmac.compare_digest(cookie.encode(), sent.encode()):
                raise PermissionDeniedException(NO_CSRF)
        await app(scope, receive, send)

    return middleware


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
