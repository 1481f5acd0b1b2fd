"""Vietnamese labels and error messages for Piccolo Admin's JSON API.

Piccolo Admin titles a column after its field name and shows database errors
as "Database error: <raw message>". This ASGI middleware sits in front of the
admin and rewrites just two kinds of response:

- a table's form schema (`GET …/api/tables/<table>/schema/`): each column's
  title becomes its Vietnamese label from `domain.labels`;
- a refused write (`POST/PATCH/PUT/DELETE …/api/tables/…` answered 400, 422 or
  503, or a form `POST …/api/forms/…` answered 503): the body becomes
  `{"custom_form_error": <Vietnamese sentence>}`, which the admin shows verbatim,
  and the status 422, which is how it expects form errors.

Everything else streams through untouched.
"""

import json
import re

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from domain.labels import column_label
from domain.violations import UNKNOWN, explain

_TABLE_PATH = re.compile(r"/api/tables/(\w+)/(.*)$")
_FORM_PATH = re.compile(r"/api/forms/[\w-]+/$")
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def label_schema(table: str, schema: dict) -> dict:
    for column, prop in schema.get("properties", {}).items():
        prop["title"] = column_label(table, column)
    return schema


def error_message(body: bytes) -> str:
    """The Vietnamese sentence for a refused admin write, from its response body."""
    try:
        data = json.loads(body)
    except ValueError:
        # Plain text: a pydantic error about a field's type, or a piccolo_api refusal.
        text = body.decode(errors="replace")
        if match := re.search(r"^(\w+)\n\s+(.+?)\s\[", text, re.MULTILINE):
            return f"Giá trị của trường «{match.group(1)}» không hợp lệ: {match.group(2)}."
        return UNKNOWN
    if isinstance(data, dict):
        if "db_error" in data:
            return explain(str(data["db_error"]))
        if isinstance(data.get("detail"), str):
            # Raised by our own hooks and validators, already in Vietnamese.
            return data["detail"]
        if "custom_form_error" in data:
            return str(data["custom_form_error"])
    return UNKNOWN


class LocaliseAdmin:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _TABLE_PATH.search(scope["path"]) if scope["type"] == "http" else None
        method = scope.get("method", "")
        is_schema = bool(match) and method == "GET" and match.group(2) == "schema/"
        is_write = bool(match) and method in _WRITES
        rewritten = (400, 422, 503)
        if not match and method == "POST" and _FORM_PATH.search(scope.get("path", "")):
            # A form's own refusals are already its message; a database away is not.
            is_write, rewritten = True, (503,)
        if not (is_schema or is_write):
            await self.app(scope, receive, send)
            return

        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                if is_write and message["status"] not in rewritten:
                    await send(message)
            elif message["type"] == "http.response.body":
                if start is not None and is_write and start["status"] not in rewritten:
                    await send(message)
                    return
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await finish()
            else:
                await send(message)

        async def finish() -> None:
            assert start is not None
            body = b"".join(chunks)
            status = start["status"]
            if is_schema and status == 200:
                assert match is not None
                body = json.dumps(label_schema(match.group(1), json.loads(body))).encode()
            elif is_write:
                status = 422
                body = json.dumps({"custom_form_error": error_message(body)}).encode()
            headers = [
                (k, v)
                for k, v in start["headers"]
                if k.lower() not in (b"content-length", b"content-type")
            ]
            headers += [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)
