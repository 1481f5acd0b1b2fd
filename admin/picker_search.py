"""The admin's row picker finds «Lò hơi» by «lo hoi», as its list filters do.

Piccolo Admin's foreign-key picker asks `GET …/api/tables/<table>/ids/?search=…`;
piccolo_api compares the rows' readable text with a hard-coded `ILIKE`, so a unit
or an author could be found only with every diacritic typed. This answers that
request itself, in piccolo_api's shape ({id: readable}), comparing through
`search_text()` as every other search does (domain.search), on the columns the
trigram indexes hold. It sits inside the admin's API, behind Piccolo's session
check (signed in, with admin access), and inside admin.scope's transaction, so
row security still decides which rows are offered.
"""

import re

from litestar.types import ASGIApp, Receive, Scope, Send
from piccolo.columns import Column
from piccolo.table import Table
from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.search import contains
from tables.initiatives import Author

_IDS = re.compile(r"/tables/(\w+)/ids/?$")


def searched(table: type[Table]) -> list[Column]:
    """The columns a picker's search compares: the readable's ("code – name"), but
    an author's workplace, which no index holds (300,000 authors scanned)."""
    if table is Author:
        return [Author.name]
    return list(table.get_readable().columns)


async def search_ids(table: type[Table], term: str, limit: int | None, offset: int) -> dict:
    """piccolo_api's answer, {id: readable}, for the rows whose searched columns
    contain `term`, each column on its own so that its trigram index serves it.
    (The browser lists the answer by id, whatever its order: ours only decides
    which rows make a page.)"""
    key = table._meta.primary_key
    query = (
        table.select(key, table.get_readable())
        .where(contains(term, *searched(table)))
        .order_by(key)
        .offset(offset)
    )
    rows = await (query.limit(limit) if limit is not None else query)
    return {str(row[key._meta.name]): row["readable"] for row in rows}


def unaccented_picker(app: ASGIApp, tables: list[type[Table]]) -> ASGIApp:
    """`app`, the admin's API behind its session check, with the pickers' search."""
    by_name = {table._meta.tablename: table for table in tables}

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        match = _IDS.search(scope.get("path", "")) if scope["type"] == "http" else None
        table = by_name.get(match.group(1)) if match and scope["method"] == "GET" else None
        params = Request(scope).query_params if table else {}
        term, limit, offset = params.get("search"), params.get("limit"), params.get("offset", "0")
        numbers = all(v is None or re.fullmatch(r"\d{1,9}", v) for v in (limit, offset))
        if table is None or term is None or not numbers:
            await app(scope, receive, send)  # piccolo_api's own answer (and refusals)
            return
        found = await search_ids(table, term, int(limit) if limit else None, int(offset or 0))
        await JSONResponse(found)(scope, receive, send)

    return middleware
