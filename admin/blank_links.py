"""An emptied link in the admin's forms means no row: null, not "".

Piccolo Admin sends a foreign-key select left empty as `""`, which its pydantic
model refuses for an integer before any hook runs: the form then said only that
something was invalid. `reviewing_unit` is left empty on purpose (the database
sets it to the unit's parent, db/rules/initiative_routing.sql). This middleware
turns `""` into `null` for the foreign keys of a table's JSON create or edit, and
reads an amount typed in its text box («150.000.000») into whole đồng.
"""

import json
import re

from litestar.types import ASGIApp, Receive, Scope, Send
from piccolo.table import Table
from starlette.responses import JSONResponse

from domain.labels import column_label
from domain.typed import Unreadable, amount
from endpoints.lifetime import read_body, replay

_TABLE_WRITE = re.compile(r"/api/tables/(\w+)/(\d+/)?$")


def foreign_keys(tables: list[type[Table]]) -> dict[str, set[str]]:
    return {
        table._meta.tablename: {column._meta.name for column in table._meta.foreign_key_columns}
        for table in tables
    }


# Amounts as an office types them («150.000.000»), now that the admin's whole-number
# boxes are text (admin.bundle): read here, or refused naming the field.
AMOUNTS = {"initiative": ("benefit_vnd",)}


def read_amount(value: str) -> int | None:
    try:
        return amount(value)
    except Unreadable as problem:
        label = column_label("initiative", "benefit_vnd")
        raise Unreadable(f"«{label}»: {problem}. Chưa lưu.") from None


def blank_links_to_null(app: ASGIApp, tables: list[type[Table]]) -> ASGIApp:
    links = foreign_keys(tables)

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        match = _TABLE_WRITE.search(scope.get("path", "")) if scope["type"] == "http" else None
        if not match or scope.get("method") not in ("POST", "PATCH") or match.group(1) not in links:
            await app(scope, receive, send)
            return
        messages = await read_body(receive)
        if messages is None:  # over the size limit: endpoints.lifetime answers it
            await app(scope, receive, send)
            return
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        try:
            data = json.loads(body) if body else None
        except ValueError:
            data = None
        if isinstance(data, dict):
            blank = [k for k in links[match.group(1)] if data.get(k) == ""]
            typed_in = {k: data[k] for k in AMOUNTS.get(match.group(1), ()) if k in data}
            try:
                amounts = {k: read_amount(v) for k, v in typed_in.items() if isinstance(v, str)}
            except Unreadable as problem:
                body = {"custom_form_error": str(problem), "detail": str(problem)}
                await JSONResponse(body, 422)(scope, replay(messages, receive), send)
                return
            if blank or amounts:
                data.update(dict.fromkeys(blank))
                data.update(amounts)
                body = json.dumps(data).encode()
                headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                scope = {**scope, "headers": headers}
                messages = [{"type": "http.request", "body": body, "more_body": False}]
        await app(scope, replay(messages, receive), send)

    return middleware
