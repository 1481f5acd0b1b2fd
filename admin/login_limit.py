"""ASGI middleware in front of the admin's login: the shared rate limit.

Piccolo Admin's own limiter counts in each process's memory, so N workers allow
N times its limit; this one counts in the database (domain.login_limit).
"""

import json

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from starlette.responses import JSONResponse

from domain.login_limit import TOO_MANY, WINDOW, forget_user, keys_for, take_attempt


class LoginRateLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].rstrip("/").endswith("/public/login")
        ):
            await self.app(scope, receive, send)
            return

        body, messages = b"", []
        while True:
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        username = _username(body)
        address = (scope.get("client") or ("unknown", 0))[0]

        if not await take_attempt(keys_for(address, username)):
            text = TOO_MANY.format(minutes=max(1, int(WINDOW.total_seconds() // 60)))
            refusal = JSONResponse(
                {"detail": text},
                status_code=429,
                headers={"Retry-After": str(int(WINDOW.total_seconds()))},
            )
            await refusal(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        async def watch(message: Message) -> None:
            # A successful login clears its username's tries before the answer
            # leaves, so the next request already sees a clean slate.
            if message["type"] == "http.response.start" and message["status"] == 200 and username:
                await forget_user(username)
            await send(message)

        await self.app(scope, replay, watch)


def _username(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    return str(data.get("username", "")) if isinstance(data, dict) else ""
