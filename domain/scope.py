"""Run a request as its caller, so that PostgreSQL's row-level security applies.

Administrators run as the app's own role (the tables' owner, which policies do
not bind). Everyone else runs in one transaction that switches to
`sangkien_viewer` or `sangkien_staff` and sets the caller's scope; the policies
(db/policies/) then filter every query, whichever code path sent it.

The response to a write is held back until the transaction has committed, so a
client never sees success for something that was rolled back; a response with
an error status rolls the transaction back, so a refused request changes
nothing even when the code that refused it had already written.

A write's body has been read before the transaction opens (`fresh_requests`):
while a handler waits for a body, uvicorn resumes reading the kept-alive
connection from inside the handler, and the connection's later requests would
start from that context, transaction included (`fresh_requests` also clears it).
"""

from collections.abc import Awaitable, Callable

from asyncpg.exceptions import InsufficientPrivilegeError
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from starlette.responses import JSONResponse

from domain.callers import Caller
from domain.database import engine, is_outage

DB_ROLES = {"viewer": "sangkien_viewer", "staff": "sangkien_staff", "manager": "sangkien_staff"}
READS = {"GET", "HEAD", "OPTIONS"}
MAX_BODY = 10_000_000  # bytes; Litestar's own default limit for a request body
TOO_LARGE = "Dữ liệu gửi lên quá lớn (tối đa 10 MB). Không có gì thay đổi."

# Called when the database refused a write the caller may not make; it sends
# the response, in the form the surface (admin or API) expects.
Refusal = Callable[[Send], Awaitable[None]]


def is_scoped(caller: Caller) -> bool:
    return not caller.is_admin


def fresh_requests(app: ASGIApp) -> ASGIApp:
    """Outermost: each request starts outside any transaction, whatever context
    the server started its task from; a write's body is read whole (at most
    MAX_BODY) before anything else runs, so that no transaction is open while
    the server waits for it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        engine().forget_transaction()
        if scope["type"] == "http" and scope["method"] not in READS:
            body = await read_body(receive)
            if body is None:
                answer = JSONResponse({"status_code": 413, "detail": TOO_LARGE}, 413)
                await answer(scope, receive, send)
                return
            receive = _replay(body, receive)
        await app(scope, receive, send)

    return middleware


async def read_body(receive: Receive) -> list[Message] | None:
    """The request's body messages (up to the disconnect, if the client left),
    or None when it is over MAX_BODY."""
    messages, size = [], 0
    while True:
        message = await receive()
        messages.append(message)
        size += len(message.get("body", b""))
        if size > MAX_BODY:
            return None
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


async def run_as(
    caller: Caller,
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    refuse: Refusal,
) -> None:
    db = engine()
    if not is_scoped(caller):
        await app(scope, receive, send)
        return

    holding = scope.get("method", "GET") not in READS
    held: list[Message] = []
    status = 200
    started = False

    async def forward(message: Message) -> None:
        nonlocal status, started
        if message["type"] == "http.response.start":
            status = message["status"]
        if holding:
            held.append(message)
        else:
            started = True
            await send(message)

    try:
        async with db.transaction() as transaction:
            await transaction.connection.execute(
                "SELECT set_config('sangkien.scope', $1, true),"
                " set_config('sangkien.user', $2, true),"
                " set_config('sangkien.unit', $3, true)",
                caller.scope_path,
                str(caller.user_id),
                str(caller.unit_id),
            )
            await transaction.connection.execute(f"SET LOCAL ROLE {DB_ROLES[caller.role]}")
            try:
                await app(scope, receive, forward)
            except InsufficientPrivilegeError:
                # A grant or a policy's WITH CHECK refused (the guards and the
                # surfaces' own checks normally answer first, in words).
                await transaction.rollback()
                if started:
                    raise
                await refuse(send)
                return
            if status >= 400:
                await transaction.rollback()
    except Exception as problem:
        if started and is_outage(problem):
            return  # a read, answered: its transaction ending with the connection changes nothing
        raise
    for message in held:
        await send(message)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    async def replayed() -> Message:
        return messages.pop(0) if messages else await receive()

    return replayed


async def allow_masked_reads() -> None:
    """Let this request's queries see confidential initiatives sent to the caller's
    units from outside their scope. Only code that masks their details may call it."""
    transaction = engine().current_transaction.get()
    if transaction is not None:
        await transaction.connection.execute(
            "SELECT set_config('sangkien.masked_reads', 'on', true)"
        )
