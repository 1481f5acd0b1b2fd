"""What is typed in the admin's forms and filters, read as an office types it.

- An emptied link means no row: Piccolo Admin sends a foreign-key select left
  empty as `""`, which its pydantic model refuses for an integer before any hook
  runs (the form then said only that something was invalid): `null` instead.
- Dates, whole numbers, shares and amounts are typed in text boxes (admin.bundle:
  the browser's date and number boxes follow its language, mm/dd/yyyy in an
  English one, and read «150.000.000» as 150; pydantic read «5.000» as 5):
  «15/07/2022», «5.000», «40,5», «150.000.000» are read here by domain.typed, in a
  create or edit (JSON body) and in a list's filter (query string), or refused
  naming the field, a filter's value too (passed on as typed, pydantic read «1.000»
  as 1 without a word).
"""

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

from litestar.types import ASGIApp, Receive, Scope, Send
from piccolo.columns import Column, Date, Integer
from piccolo.table import Table
from starlette.responses import JSONResponse

from domain import typed
from domain.labels import column_label
from endpoints.lifetime import json_of, read_body, replay

_TABLE = re.compile(r"/api/tables/(\w+)/(count/|\d+/)?$")
Reader = Callable[[str], int | Decimal | date | None]

# Columns typed the Vietnamese way beyond dates: amounts in whole đồng, shares.
TYPED: dict[str, dict[str, Reader]] = {
    "initiative": {"benefit_vnd": typed.amount},
    "authorship": {"share": typed.share},
}


def _reader(column: Column) -> Reader | None:
    if isinstance(column, Date):
        return typed.day
    if isinstance(column, Integer) and not column._meta.primary_key:
        return typed.whole  # a target «5.000»: pydantic read it as 5
    return None


def readers(tables: list[type[Table]]) -> dict[str, dict[str, Reader]]:
    """Per table, the columns read from what was typed, and how: dates, whole
    numbers (not keys: a link is picked, not typed), amounts and shares."""
    found: dict[str, dict[str, Reader]] = {}
    for table in tables:
        name = table._meta.tablename
        read = {c._meta.name: _reader(c) for c in table._meta.columns}
        found[name] = {k: r for k, r in read.items() if r} | TYPED.get(name, {})
    return found


def foreign_keys(tables: list[type[Table]]) -> dict[str, set[str]]:
    return {
        table._meta.tablename: {column._meta.name for column in table._meta.foreign_key_columns}
        for table in tables
    }


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def read_body_values(table: str, data: dict, columns: dict[str, Reader]) -> dict:
    """The typed values of a create or edit, read; Unreadable naming the field."""
    read = {}
    for name, reader in columns.items():
        value = data.get(name)
        if not isinstance(value, str):
            continue
        try:
            found = reader(value)
        except typed.Unreadable as problem:
            raise typed.Unreadable(f"«{column_label(table, name)}»: {problem}. Chưa lưu.") from None
        read[name] = str(found) if isinstance(found, Decimal) else _json(found)
    return read


def read_query(table: str, query: bytes, columns: dict[str, Reader]) -> bytes:
    """A list's filter with its typed values read (ISO dates, plain numbers);
    Unreadable naming the field: passed on as typed, pydantic would read «1.000»
    as 1 without a word."""
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    out = []
    for name, value in pairs:
        if name in columns and value:
            try:
                found = columns[name](value)
            except typed.Unreadable as problem:
                label = column_label(table, name)
                raise typed.Unreadable(f"Chưa lọc được: «{label}»: {problem}.") from None
            value = "" if found is None else str(_json(found))
        out.append((name, value))
    return urlencode(out).encode()


def read_typed_input(app: ASGIApp, tables: list[type[Table]]) -> ASGIApp:
    links = foreign_keys(tables)
    typed_columns = readers(tables)

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        match = _TABLE.search(scope.get("path", "")) if scope["type"] == "http" else None
        table = match.group(1) if match else ""
        method = scope.get("method")
        if table in typed_columns and method == "GET" and match.group(2) in (None, "count/"):
            try:
                query = read_query(table, scope.get("query_string", b""), typed_columns[table])
            except typed.Unreadable as problem:
                await JSONResponse({"detail": str(problem)}, 422)(scope, receive, send)
                return
            await app({**scope, "query_string": query}, receive, send)
            return
        if table not in links or method not in ("POST", "PATCH") or match.group(2) == "count/":
            await app(scope, receive, send)
            return
        messages = await read_body(receive)
        if messages is None:  # over the size limit: endpoints.lifetime answers it
            await app(scope, receive, send)
            return
        data = json_of(messages)
        if isinstance(data, dict):
            blank = [k for k in links[table] if data.get(k) == ""]
            try:
                values = read_body_values(table, data, typed_columns[table])
            except typed.Unreadable as problem:
                body = {"custom_form_error": str(problem), "detail": str(problem)}
                await JSONResponse(body, 422)(scope, replay(messages, receive), send)
                return
            if blank or values:
                data.update(dict.fromkeys(blank))
                data.update(values)
                body = json.dumps(data).encode()
                headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                scope = {**scope, "headers": headers}
                messages = [{"type": "http.request", "body": body, "more_body": False}]
        await app(scope, replay(messages, receive), send)

    return middleware
