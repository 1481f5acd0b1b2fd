"""ASGI middleware in front of the admin's login: the shared limit (domain.login_limit).

Piccolo Admin's own limiter counts in each process's memory, so N workers allow
N times its limit; this one counts in the database. It reads the username the
way the login can: Piccolo's endpoint takes JSON, or the form (urlencoded or
multipart) that the admin's CSRF check has parsed, so every username either
reading finds is the one counted, and a body naming two is refused. A body
without one never reaches the login, and is not counted under any name.
"""

import json
import re

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.addresses import client_address
from domain.login_limit import counted_username, start_attempt, succeeded, window
from endpoints.auth import SESSION_COOKIE
from endpoints.lifetime import read_body, replay

MAX_BODY = 64 * 1024  # a login is a few hundred bytes

NO_USERNAME = "Hãy nhập tên đăng nhập và mật khẩu."
UNREADABLE = (
    "Không đọc được yêu cầu đăng nhập: hãy gửi một tên đăng nhập và một mật khẩu "
    "(JSON hoặc biểu mẫu)."
)
TOO_LARGE = "Yêu cầu đăng nhập quá lớn: hãy gửi một tên đăng nhập và một mật khẩu."


# Piccolo Admin mounts its login at /public/login/, and a mount answers every path
# under it: /public/login/x reaches the same password check.
_LOGIN = re.compile(r"/public/login(/|$)")


def is_login(path: str, method: str) -> bool:
    return method not in ("GET", "HEAD") and _LOGIN.search(path) is not None


class LoginRateLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (scope["type"] == "http" and is_login(scope["path"], scope["method"])):
            await self.app(scope, receive, send)
            return

        messages = await read_body(receive, MAX_BODY)
        if messages is None:
            await _answer(scope, receive, send, 413, TOO_LARGE)
            return
        body = b"".join(m.get("body", b"") for m in messages)

        names = await _usernames(scope, body)
        if names is None or len(names) > 1:
            await _answer(scope, receive, send, 400, UNREADABLE)
            return
        if not names:
            await _answer(scope, receive, send, 400, NO_USERNAME)
            return
        [username] = names
        headers = scope.get("headers", [])
        address = client_address(
            (scope.get("client") or ("unknown", 0))[0],
            [value.decode("latin-1") for name, value in headers if name == b"x-forwarded-for"],
        )

        refusal = await start_attempt(username, address)
        if refusal:
            retry = {"Retry-After": str(int(window().total_seconds()))}
            await _answer(scope, receive, send, 429, refusal, retry)
            return

        async def watch(message: Message) -> None:
            # Success is a session opened, whatever the status: the HTML form's
            # refusal answers 200 too. Its failures go before the answer leaves,
            # so the next request already sees them gone.
            if message["type"] == "http.response.start" and _opens_session(message):
                await succeeded(username, address)
            await send(message)

        await self.app(scope, replay(messages, receive), watch)


async def _usernames(scope: Scope, body: bytes) -> set[str] | None:
    """The usernames (as counted) the login could read from `body`; None if one
    is not text or the form cannot be parsed."""
    found = []
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and "username" in data:
        found.append(data["username"])

    async def once() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(scope, once).form()
    except Exception:  # malformed multipart or urlencoded: the login would fail too
        return None
    found.extend(form.getlist("username"))
    await form.close()
    if not all(isinstance(name, str) for name in found):
        return None
    return {counted_username(name) for name in found} - {""}


def _opens_session(start: Message) -> bool:
    prefix = f"{SESSION_COOKIE}=".encode()
    for name, value in start.get("headers", []):
        if name.lower() == b"set-cookie" and value.startswith(prefix):
            if value[len(prefix) :].split(b";", 1)[0].strip(b'"'):
                return True
    return False


async def _answer(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    text: str,
    headers: dict[str, str] | None = None,
) -> None:
    await JSONResponse({"detail": text}, status_code=status, headers=headers)(scope, receive, send)
