"""The admin's row picker finds «Lò hơi» by «lo hoi», as its list filters do.

Piccolo Admin's foreign-key picker asks `GET …/api/tables/<table>/ids/?search=…`;
piccolo_api compares the rows' readable text with a hard-coded `ILIKE`, so a unit
or an author could be found only with every diacritic typed. This answers that
request itself, in piccolo_api's shape ({id: readable}), comparing through
`search_text()` as every other search does (domain.search), column by column. It runs inside
admin.scope's transaction, so row security still decides which rows are offered.
"""

import re

from litestar.types import ASGIApp, Receive, Scope, Send
from piccolo.table import Table
from starlette.requests import Request
from starlette.responses import JSONResponse

from admin.caller import scope_caller
from domain.search import contains

_IDS = re.compile(r"/api/tables/(\w+)/ids/?$")


async def search_ids(table: type[Table], term: str, limit: int | None, offset: int) -> dict:
    """piccolo_api's answer, {id: readable}, for the rows whose readable's columns
    ("code – name", an author's name and workplace) contain `term`: each column
    compared on its own, so the trigram indexes on codes and names serve it."""
    key = table._meta.primary_key
    readable = table.get_readable()
    query = (
        table.select(key, readable)
        .where(contains(term, *readable.columns))
        .order_by(*readable.columns)
        .offset(offset)
    )
    rows = await (query.limit(limit) if limit is not None else query)
    return {str(row[key._meta.name]): row["readable"] for row in rows}


def unaccented_picker(app: ASGIApp, tables: list[type[Table]]) -> ASGIApp:
    by_name = {table._meta.tablename: table for table in tables}

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        match = _IDS.search(scope.get("path", "")) if scope["type"] == "http" else None
        table = by_name.get(match.group(1)) if match and scope["method"] == "GET" else None
        params = Request(scope).query_params if table else {}
        term, limit, offset = params.get("search"), params.get("limit"), params.get("offset", "0")
        numbers = all(v is None or re.fullmatch(r"\d{1,9}", v) for v in (limit, offset))
        if table is None or term is None or not numbers or scope_caller(scope) is None:
            # piccolo_api's own answer: its refusals, and its login check (admin.scope
            # keeps a caller only for a valid session).
            await app(scope, receive, send)
            return
        found = await search_ids(table, term, int(limit) if limit else None, int(offset or 0))
        await JSONResponse(found)(scope, receive, send)

    return middleware
