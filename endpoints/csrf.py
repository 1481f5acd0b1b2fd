"""CSRF for what a browser's cookie authenticates: the API's writes on the admin's
session and the review pages' forms, checked once, after authentication.

The token is the admin's double-submit token (piccolo_api's cookie `csrftoken`),
sent back in the header `X-CSRFToken` or, from an HTML form, in a `csrftoken`
field. Under HTTPS the request must also come from one of SANGKIEN_ALLOWED_HOSTS
(its Origin, else its Referer), as the admin checks. A Bearer token needs none:
a browser never sends it by itself. Why this is not piccolo_api's CSRFMiddleware:
README, "The API: authentication".
"""

import hmac
import os
from urllib.parse import urlsplit

from litestar import Request
from litestar.datastructures import Cookie
from litestar.exceptions import PermissionDeniedException
from litestar.types import ASGIApp, Receive, Scope, Send
from piccolo_api.csrf.middleware import (
    DEFAULT_COOKIE_NAME,
    DEFAULT_HEADER_NAME,
    ONE_YEAR,
    CSRFMiddleware,
)

NO_CSRF = (
    "Thiếu hoặc sai mã chống giả mạo (CSRF). Trên trang web: hãy tải lại trang rồi gửi lại. "
    "Qua API bằng phiên đăng nhập: gửi header «X-CSRFToken» bằng giá trị cookie «csrftoken»."
)
WRONG_ORIGIN = (
    "Yêu cầu không được gửi từ trang của hệ thống (Origin/Referer không thuộc "
    "SANGKIEN_ALLOWED_HOSTS). Hãy mở trang từ địa chỉ của hệ thống rồi gửi lại."
)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
FORM = "application/x-www-form-urlencoded"


def allowed_hosts() -> list[str]:
    """SANGKIEN_ALLOWED_HOSTS: the hosts a write may come from under HTTPS."""
    hosts = os.environ.get("SANGKIEN_ALLOWED_HOSTS", "")
    return [h.strip() for h in hosts.split(",") if h.strip()]


def page_token(request: Request) -> tuple[str, list[Cookie]]:
    """The token for a page's forms: the admin's, or a new one set as the admin sets it."""
    token = request.cookies.get(DEFAULT_COOKIE_NAME)
    if token:
        return token, []
    token = CSRFMiddleware.get_new_token()
    return token, [Cookie(key=DEFAULT_COOKIE_NAME, value=token, path="/", max_age=ONE_YEAR)]


async def check(request: Request) -> None:
    cookie = request.cookies.get(DEFAULT_COOKIE_NAME, "")
    sent = request.headers.get(DEFAULT_HEADER_NAME, "")
    if not sent and request.content_type[0] == FORM:
        # Litestar keeps the parsed form in the connection state: the handler
        # reads it again without touching the body twice.
        sent = (await request.form()).get(DEFAULT_COOKIE_NAME, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), str(sent).encode()):
        raise PermissionDeniedException(NO_CSRF)
    if request.url.scheme == "https":
        # Defence in depth, as piccolo_api does: browsers send an Origin or a
        # Referer with nearly every HTTPS request.
        origin = request.headers.get("origin") or request.headers.get("referer") or ""
        if urlsplit(origin).hostname not in allowed_hosts():
            raise PermissionDeniedException(WRONG_ORIGIN)


def csrf_check(app: ASGIApp) -> ASGIApp:
    """After authentication: a write on the session cookie must carry the token."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("auth") == "session" and scope.get("method", "GET") not in SAFE_METHODS:
            await check(Request(scope, receive))
        await app(scope, receive, send)

    return middleware
