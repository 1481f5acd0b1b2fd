"""What every request starts from and how it ends when cut short
(endpoints.lifetime): bodies over the limit refused unread, a request cancelled
before its answer answers 503, and which errors mean the database is away."""

import asyncio
import errno
import socket

import httpx
from asyncpg.exceptions import OutdatedSchemaCacheError
from asyncpg.exceptions import _base as asyncpg_base

from domain.database import is_outage
from endpoints.lifetime import MAX_BODY, fresh_requests
from tests.support.accounts import role_token
from tests.support.database import reset_database


async def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(client):
    await reset_database()
    headers = {**await role_token("admin"), "Content-Length": str(MAX_BODY + 1)}
    refused = await client.post("/api/approvals", content=b"{}", headers=headers)
    assert refused.status_code == 413
    assert "quá lớn" in refused.json()["detail"]
    assert refused.headers["connection"] == "close"

    # Sent in chunks, without a declared size: refused once past the limit.
    async def chunks():
        for _ in range(11):
            yield b" " * 1_000_000

    headers = {"Authorization": headers["Authorization"]}
    refused = await client.post("/api/approvals", content=chunks(), headers=headers)
    assert refused.status_code == 413


async def test_a_request_without_credentials_is_refused_unread(client):
    refused = await client.post("/api/approvals", content=b"x" * (MAX_BODY + 1))
    assert refused.status_code == 401


async def test_a_request_cancelled_before_its_answer_answers_503():
    started = asyncio.Event()

    async def slow(scope, receive, send) -> None:
        started.set()
        await asyncio.sleep(60)

    app = fresh_requests(slow)
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/api/me", "headers": []}
    task = asyncio.create_task(app(scope, receive, send))
    await started.wait()
    task.cancel()  # as uvicorn's graceful shutdown does past its timeout
    await task
    assert sent[0]["status"] == 503
    assert (b"retry-after", b"5") in sent[0]["headers"]
    assert "thử lại" in httpx.Response(503, content=sent[1]["body"]).json()["detail"]


def test_what_counts_as_the_database_being_away():
    away = [
        ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed"),
        OSError(errno.EHOSTUNREACH, "No route to host"),
        socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
        FileNotFoundError(errno.ENOENT, "No such file or directory"),  # a socket's connect
        TimeoutError(),
        asyncpg_base.InterfaceError("cannot perform operation: connection is closed"),
        asyncpg_base.InterfaceError("pool is closing"),
        asyncpg_base.InternalClientError("cannot switch to state 12; another operation (2) is"),
    ]
    not_away = [
        FileNotFoundError(errno.ENOENT, "No such file or directory", "templates/x.html"),
        PermissionError(errno.EACCES, "Permission denied"),
        asyncpg_base.InterfaceError("cannot call Connection.fetch(): connection has been released"),
        asyncpg_base.InterfaceError("cannot perform operation: another operation is in progress"),
        OutdatedSchemaCacheError("cache lookup failed for type 1234"),
        asyncpg_base.DataError("invalid input for query argument $1"),
        ValueError("a bug"),
    ]
    assert [is_outage(problem) for problem in away] == [True] * len(away)
    assert [is_outage(problem) for problem in not_away] == [False] * len(not_away)
