"""The initiatives' spreadsheet from a page (`/initiatives/export`): the filter's
fields, the count, and the file (domain.initiative_sheet, as the API's
`GET /api/initiatives/export`). A scope too large for one sheet (an
administrator's whole country) is told so on the page, where the filter is, not
as the API's JSON.
"""

import os

import msgspec
from litestar import Request, Router, get
from litestar.background_tasks import BackgroundTask
from litestar.response import File, Template

from domain.callers import Caller
from domain.errors import DomainError
from domain.initiative_sheet import ROW_LIMIT, count, write_sheet
from domain.selection import LABELS
from domain.vocabulary import FIELDS, STATUSES
from endpoints.errors import PAGE_HANDLERS, status_of
from endpoints.review import FormProblem, read_filter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: Request, shown: dict, status: str, *, total=None, error=None, code=200):
    return Template(
        "sheet/export.html",
        context={
            "caller": request.user,
            "labels": LABELS,
            "filter": shown,
            "status": status,
            "statuses": STATUSES,
            "fields": FIELDS,
            "limit": ROW_LIMIT,
            "total": total,
            "error": error,
        },
        status_code=code,
    )


@get("/", name="sheet_page")
async def sheet_page(request: Request[Caller, str, object]) -> Template | File:
    query = request.query_params
    status = query.get("status") or ""
    shown = {name: (query.get(name) or "").strip() for name in LABELS}
    try:
        if status and status not in STATUSES:
            raise FormProblem(f"Trạng thái «{status}» không có trong danh mục.")
        spec, shown = read_filter(query)
        spec = msgspec.structs.replace(spec, status=status or None)
        if not query.get("download"):
            return _page(request, shown, status, total=await count(spec))
        sheet = await write_sheet(request.user, spec)
    except DomainError as problem:
        return _page(request, shown, status, error=problem.message, code=status_of(problem))
    return File(
        path=sheet.path,
        filename=sheet.file_name,
        media_type=XLSX,
        background=BackgroundTask(os.unlink, sheet.path),
    )


sheet_router = Router(
    path="/initiatives/export",
    route_handlers=[sheet_page],
    include_in_schema=False,
    exception_handlers=PAGE_HANDLERS,
)
