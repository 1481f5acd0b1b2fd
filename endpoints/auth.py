"""Authentication for the API: a Bearer token, or the admin's session cookie.

Every route but the health check and the admin mount (which has its own login)
goes through here. A cookie-authenticated write must also carry the CSRF token
the admin uses (cookie `csrftoken`, echoed in the header `X-CSRFToken`, or by the
review page's HTML forms in a `csrftoken` field); a Bearer token needs none,
since a browser never sends it by itself.
"""

import hmac

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.base import DefineMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from piccolo.engine.sqlite import SQLiteEngine
from piccolo_api.session_auth.tables import SessionsBase
from starlette.responses import JSONResponse

from domain.callers import Caller, caller_for_user
from domain.database import engine
from domain.scope import EMBEDDED_ADMINS_ONLY, run_as
from domain.tokens import user_for_token
from endpoints.errors import REFUSED

NO_CREDENTIALS = (
    "Cần đăng nhập: gửi mã truy cập trong header «Authorization: Bearer <mã>» "
    "(tạo bằng `python manage.py issue-token`), hoặc đăng nhập trang quản trị."
)
BAD_TOKEN = "Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi. Hãy xin cấp mã mới."
EXPIRED_SESSION = "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại."
NO_ROLE = "Tài khoản chưa được phân quyền hoặc đã bị khoá. Hãy liên hệ quản trị hệ thống."
NO_CSRF = (
    "Thiếu hoặc sai mã chống giả mạo (CSRF). Trên trang web: hãy tải lại trang rồi gửi lại. "
    "Qua API bằng phiên đăng nhập: gửi header «X-CSRFToken» bằng giá trị cookie «csrftoken»."
)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SESSION_COOKIE = "id"  # piccolo_api's session cookie, set by the admin's login


class ApiAuthentication(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            user_id = await user_for_token(header[7:].strip())
            if user_id is None:
                raise NotAuthorizedException(BAD_TOKEN)
            via = "token"
        elif session := connection.cookies.get(SESSION_COOKIE):
            user_id = await SessionsBase.get_user_id(session)
            if user_id is None:
                raise NotAuthorizedException(EXPIRED_SESSION)
            via = "session"
        else:
            raise NotAuthorizedException(NO_CREDENTIALS)
        caller = await caller_for_user(user_id)
        if caller is None:
            raise PermissionDeniedException(NO_ROLE)
        if not caller.is_admin and isinstance(engine(), SQLiteEngine):
            # Row-level scoping is enforced by PostgreSQL; the embedded mode refuses
            # rather than silently showing a unit's account the whole tree.
            raise PermissionDeniedException(EMBEDDED_ADMINS_ONLY)
        return AuthenticationResult(user=caller, auth=via)


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
