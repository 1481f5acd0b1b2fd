"""Entering an initiative on one page (/initiatives/new, /initiatives/<id>/edit): its
fields, then its authors with their shares, saved in one request.

Server-rendered in Vietnamese like /send and /review, on the admin's login, CSRF on
every form; it works without JavaScript (the page's small script adds rows in
place, suggests existing authors as one types and shows the share left). A refused
form comes back as it was typed, each problem beside its field; nothing is kept
(the request's transaction rolls back). Saved, it goes to the initiative's page
(/send/<id>), which shows its details, review and history.
"""

from typing import Annotated

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import Parameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from domain import entry, typed
from domain.callers import Caller
from domain.values import ID_MAX
from domain.vocabulary import SENDING_ROLES, STATUSES
from endpoints.csrf import page_token
from endpoints.errors import PAGE_HANDLERS, page

# Beyond this many units in scope the unit is typed (with suggestions), not a list.
UNIT_LIST_MAX = 300
NOT_FOUND = "Không có sáng kiến số {id}, hoặc sáng kiến nằm ngoài phạm vi đơn vị của bạn."
VIEW_ONLY = (
    "Tài khoản của bạn chỉ xem được; việc nhập sáng kiến do cán bộ nhập liệu hoặc lãnh đạo "
    "đơn vị thực hiện."
)
PENDING_UNIT = (
    "Sáng kiến đang chờ duyệt nên không đổi được đơn vị (đơn vị duyệt đang xem xét). Muốn "
    "đổi, hãy rút lại sáng kiến rồi nhập lại, hoặc đợi kết quả duyệt."
)


def _remaining(entry_: entry.Typed) -> str:
    """The share left, as the page first shows it (its script updates it as one types)."""
    total = 0
    for row in entry_.authors:
        if row.remove:
            continue
        try:
            total += typed.share(row.share) or 0
        except typed.Unreadable:
            pass
    if total > 100:
        return f"Tổng {typed.share_shown(total)} %: vượt quá 100 %"
    return f"Đã chia {typed.share_shown(total)} %, còn lại {typed.share_shown(100 - total)} %"


async def _form(
    request: Request,
    entry_: entry.Typed,
    *,
    row: dict | None = None,
    problems: entry.Problems | None = None,
    locked: str | None = None,
    status: int = 200,
) -> Template:
    caller: Caller = request.user
    token, cookies = page_token(request)
    units = await entry.units(UNIT_LIST_MAX, row["unit_code"] if row else None)
    if not any(row_.blank for row_ in entry_.authors) and not locked:
        entry_.authors.append(entry.AuthorRow())
    return Template(
        "entry/form.html",
        status_code=status,
        cookies=cookies,
        context={
            "caller": caller,
            "csrftoken": token,
            "v": entry_.values,
            "authors": entry_.authors,
            "version": entry_.version,
            "row": row,
            "status_name": STATUSES[row["status"]] if row else STATUSES["draft"],
            "action": f"/initiatives/{row['id']}/edit" if row else "/initiatives/new",
            "problems": problems or entry.Problems(),
            "locked": locked,
            "unit_fixed": PENDING_UNIT if row and row["status"] == "pending" else None,
            "units": units[:UNIT_LIST_MAX],
            "unit_typed": len(units) > UNIT_LIST_MAX,
            "choices": entry.CHOICES,
            "label": entry.label,
            "remaining": _remaining(entry_),
        },
    )


def _refuse_viewer(caller: Caller) -> Template | None:
    if caller.role in SENDING_ROLES:
        return None
    return page(403, "Không được phép", VIEW_ONLY, back="/send", caller=caller)


@get("/new", name="entry_new")
async def new_form(request: Request) -> Template:
    return _refuse_viewer(request.user) or await _form(request, entry.blank())


@post("/new", status_code=200, name="entry_create")
async def create(request: Request) -> Template | Redirect:
    if refused := _refuse_viewer(request.user):
        return refused
    return await _submit(request, None)


async def _stored(initiative_id: int, lock: bool = False) -> dict:
    row = await entry.stored(initiative_id, lock=lock)
    if row is None:
        raise NotFoundException(NOT_FOUND.format(id=initiative_id))
    return row


@get("/{initiative_id:int}/edit", name="entry_edit")
async def edit_form(
    request: Request,
    initiative_id: Annotated[int, Parameter(description="The initiative's id", le=ID_MAX)],
) -> Template:
    row = await _stored(initiative_id)
    locked = entry.why_locked(request.user, row)
    return await _form(request, entry.as_typed(row), row=row, locked=locked)


@post("/{initiative_id:int}/edit", status_code=200, name="entry_update")
async def update(
    request: Request,
    initiative_id: Annotated[int, Parameter(description="The initiative's id", le=ID_MAX)],
) -> Template | Redirect:
    return await _submit(request, initiative_id)


async def _submit(request: Request, initiative_id: int | None) -> Template | Redirect:
    caller: Caller = request.user
    form = await request.form()
    typed_in = entry.read(form)
    # Held until the transaction ends: nobody changes it between the check and the write.
    row = await _stored(initiative_id, lock=True) if initiative_id is not None else None
    if row is not None and (locked := entry.why_locked(caller, row)):
        return await _form(request, entry.as_typed(row), row=row, locked=locked, status=409)
    if form.get("more"):  # «Thêm dòng tác giả» without the script: nothing saved
        typed_in.authors.append(entry.AuthorRow())
        return await _form(request, typed_in, row=row)
    if row is not None and entry.fingerprint(row) != typed_in.version:
        problems = entry.Problems(general=[entry.CHANGED_MEANWHILE])
        return await _form(request, typed_in, row=row, problems=problems, status=409)
    checked, problems = await entry.check(caller, typed_in, row)
    saved = None if problems else await entry.save_or_explain(checked, row, problems)
    if saved is None:
        # An error status: the request's transaction rolls back whatever was written.
        return await _form(request, typed_in, row=row, problems=problems, status=400)
    return Redirect(f"/send/{saved}?saved=1", status_code=HTTP_303_SEE_OTHER)


@get("/authors", name="entry_authors")
async def authors(request: Request) -> list[dict]:
    """Authors in the caller's scope whose name contains `q` (the page's picker)."""
    return await entry.suggest(_query(request))


@get("/units", name="entry_units")
async def units(request: Request) -> list[dict]:
    """Units in the caller's scope by code or name (the picker, in a large scope)."""
    return await entry.find_units(_query(request))


def _query(request: Request) -> str:
    # What is being typed; PostgreSQL's text holds no NUL.
    return (request.query_params.get("q") or "").replace("\x00", "")


entry_router = Router(
    path="/initiatives",
    route_handlers=[new_form, create, edit_form, update, authors, units],
    include_in_schema=False,
    exception_handlers=PAGE_HANDLERS,
)
