"""Run a request as its caller, so that PostgreSQL's row-level security applies.

Administrators run as the app's own role (the tables' owner, which policies do
not bind). Everyone else runs in one transaction that switches to
`sangkien_viewer` or `sangkien_staff` and sets the caller's scope; the policies
(db/policies/) then filter every query, whichever code path sent it.

An administrator's write runs in one transaction too, as the owner, with
`sangkien.user` set: the database's write rules (db/rules/, see
db/functions/writes.sql) then bind it as they bind a unit's account, and the
edit history (db/history/) names its writer, while the owner's writes outside
any request (the commands, the tests' fixtures) stay maintenance.

The response to a write is held back until the transaction has committed, so a
client never sees success for something that was rolled back; a response with
an error status rolls the transaction back, so a refused request changes
nothing even when the code that refused it had already written.

A write's body has been read before the transaction opens
(endpoints.lifetime.fresh_requests, which also starts each request outside any
transaction).
"""

from collections.abc import Awaitable, Callable

from asyncpg.exceptions import InsufficientPrivilegeError
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from domain.callers import Caller
from domain.database import engine, is_outage

DB_ROLES = {"viewer": "sangkien_viewer", "staff": "sangkien_staff", "manager": "sangkien_staff"}
READS = {"GET", "HEAD", "OPTIONS"}
# A read runs as the read-only role whatever the caller's: it sees the same rows
# (the policies do not name roles, db/grants.sql grants both the same reads), a
# bug in a read can write nothing but the caller's own session, and PostgreSQL
# keeps a statement's plan under row security only while the role that planned
# it runs it: with viewers and staff alternating on a pooled connection, every
# read was planned again (0.5 ms of every `/api/progress`).
READ_ROLE = DB_ROLES["viewer"]

# The caller's scope and role for the rest of the transaction, in one round trip:
# set_config('role', …, true) is SET LOCAL ROLE (the same membership check).
SET_CALLER = (
    "SELECT set_config('sangkien.scope', $1, true), set_config('sangkien.user', $2, true),"
    " set_config('sangkien.unit', $3, true), set_config('role', $4, true)"
)


# An administrator's write: only who writes (the owner's role, no scope).
SET_ADMIN = "SELECT set_config('sangkien.user', $1, true)"


def caller_settings(caller: Caller, method: str) -> tuple[str | None, str, str, str]:
    role = READ_ROLE if method in READS else DB_ROLES[caller.role]
    return caller.scope_path, str(caller.user_id), str(caller.unit_id), role


# Called when the database refused a write the caller may not make; it sends
# the response, in the form the surface (admin or API) expects.
Refusal = Callable[[Send], Awaitable[None]]


def is_scoped(caller: Caller) -> bool:
    return not caller.is_admin


async def run_as(
    caller: Caller,
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    refuse: Refusal,
) -> None:
    db = engine()
    method = scope.get("method", "GET")
    if not is_scoped(caller) and method in READS:
        await app(scope, receive, send)
        return

    holding = method not in READS
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
            if is_scoped(caller):
                await transaction.connection.execute(SET_CALLER, *caller_settings(caller, method))
            else:
                await transaction.connection.execute(SET_ADMIN, str(caller.user_id))
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


async def allow_masked_reads() -> None:
    """Let this request's queries see confidential initiatives sent to the caller's
    units from outside their scope. Only code that masks their details may call it."""
    transaction = engine().current_transaction.get()
    if transaction is not None:
        await transaction.connection.execute(
            "SELECT set_config('sangkien.masked_reads', 'on', true)"
        )
