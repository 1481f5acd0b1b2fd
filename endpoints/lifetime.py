"""The outermost middleware: what every request starts from, and how it ends
when it is cut short.

- It starts outside any transaction, whatever context the server started its
  task from: uvicorn resumes reading a kept-alive connection from inside the
  request that paused it, and the connection's later requests would otherwise
  inherit that request's finished transaction (and fail).
- A write that carries credentials has its body read whole (at most MAX_BODY)
  before anything else runs, so that no transaction is open while the server
  waits for a body. A larger declared size is refused before reading; a request
  without credentials is left to authentication, which refuses it unread.
- A request cancelled before its answer started (uvicorn's graceful shutdown
  cancels what still runs after its timeout; the transaction rolls back) answers
  503 with Retry-After rather than uvicorn's 500.
"""

import asyncio
import json

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from starlette.responses import JSONResponse

from domain.database import engine
from domain.scope import READS
from endpoints.errors import RETRY_AFTER, UNAVAILABLE

MAX_BODY = 10_000_000  # bytes; Litestar's own default limit for a request body
TOO_LARGE = "Dữ liệu gửi lên quá lớn (tối đa 10 MB). Không có gì thay đổi."


def fresh_requests(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        engine().forget_transaction()
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if scope["method"] not in READS and _has_credentials(scope):
            if _declared_size(scope) > MAX_BODY or (body := await read_body(receive)) is None:
                await _answer(scope, receive, send, 413, TOO_LARGE)
                return
            receive = replay(body, receive)
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, receive, watch)
        except asyncio.CancelledError:
            if started:
                raise
            # Answered: the task has nothing left to do, so it ends here.
            await _answer(scope, receive, send, 503, UNAVAILABLE, {"Retry-After": RETRY_AFTER})

    return middleware


async def read_body(receive: Receive, limit: int = MAX_BODY) -> list[Message] | None:
    """The request's body messages (up to the disconnect, if the client left),
    or None when it is over `limit` bytes."""
    messages, size = [], 0
    while True:
        message = await receive()
        messages.append(message)
        size += len(message.get("body", b""))
        if size > limit:
            return None
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def body_of(messages: list[Message]) -> bytes:
    return b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")


def json_of(messages: list[Message]) -> object:
    """The body read as JSON; None when it is empty or not JSON."""
    try:
        return json.loads(body_of(messages) or b"null")
    except ValueError:
        return None


def replay(messages: list[Message], receive: Receive) -> Receive:
    """`receive` that gives `messages` first (a body already read), then the rest."""

    async def replayed() -> Message:
        return messages.pop(0) if messages else await receive()

    return replayed


def _has_credentials(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"authorization" or (name == b"cookie" and b"id=" in value):
            return True
    return False


def _declared_size(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


async def _answer(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
) -> None:
    # The connection closes after it: the rest of the request is never read.
    headers = {**(headers or {}), "Connection": "close"}
    body = {"status_code": status, "detail": detail}
    await JSONResponse(body, status, headers=headers)(scope, receive, send)
