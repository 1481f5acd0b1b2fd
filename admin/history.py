"""The edit history in the admin, in words.

Piccolo Admin shows a row's values as stored; the edit history (InitiativeEdit)
stores them as PostgreSQL prints them (ISO dates, amounts in đồng, unit ids,
choice codes). This ASGI middleware rewrites the admin API's answers for that
table — its list (which the CSV export reads too) and a row's page — with the
values in words from `domain.history` (and the list's times in Vietnam time), so
that no raw value reaches a person.
It runs inside admin.scope, as the caller: a unit outside their scope is named
as such. The field is a choice column (its label shows), the account its
username as it was.

An initiative's page links to its history: «Hiện các bảng liên quan» lists
«Lịch sử sửa đổi», filtered by that initiative.
"""

import re

from litestar.types import ASGIApp, Receive, Scope, Send

from admin.scope import rewrite_json
from domain.history import words

_PATH = re.compile(r"/api/tables/initiative_edit/(\d+/)?$")


class HistoryInWords:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope.get("method") == "GET"
            and _PATH.search(scope.get("path", ""))
        ):
            await rewrite_json(self.app, in_words)(scope, receive, send)
        else:
            await self.app(scope, receive, send)


async def in_words(data: object) -> object:
    """A list answer ({"rows": [...]}) or one row, with its values in words."""
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        return {**data, "rows": await words(data["rows"])}
    if isinstance(data, dict):
        [row] = await words([data], times=False)
        return row
    return data
