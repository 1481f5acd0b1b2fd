"""The staff's sending pages under /send, in Vietnamese (the review queue's sibling).

GET /send lists the drafts and returned initiatives of the units in the caller's
scope (filters, paging). Its form posts the ticked rows, or "all N matching", with
«Gửi» or «Rút lại» and a note to /send/confirm, which counts what would change (a
dry run) and asks; «Xác nhận» posts to /send/apply, which sends through
`domain.workflow` — the drafts submitted and the returned ones resubmitted, in the
request's one transaction — and redirects to the result's page.
GET /send/{id} shows one initiative, its details and its whole history (status
changes and edits, by time); from it the initiative is sent, resent or withdrawn
at once. The checks and the writes are the workflow's, as on the API; what the
domain refuses comes back on the page the person was on.
"""

import secrets
from typing import Annotated
from urllib.parse import urlencode

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import Parameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from domain import history as edits
from domain import review_queue as queue
from domain import sending, typed, workflow
from domain.callers import Caller
from domain.database import serialised
from domain.entry import EDITABLE
from domain.errors import DomainError
from domain.selection import LABELS, Filter
from domain.values import ID_MAX
from domain.vocabulary import (
    ACTIONS,
    FIELDS,
    RECOGNITION_FORMS,
    SENDING_ROLES,
    SOLUTION_TYPES,
    STATUSES,
    lower,
)
from endpoints.csrf import page_token
from endpoints.errors import PAGE_HANDLERS, status_of
from endpoints.review import (
    DEFAULT_SIZE,
    NOTHING_TICKED,
    SAMPLE,
    FormProblem,
    _ids,
    _page_args,
    _typed,
)
from tables.initiatives import Authorship, Initiative

FILTER_FIELDS = ("status", "field", "benefit_min", "benefit_max", "text")
AMOUNTS = ("benefit_min", "benefit_max")
PICK_AN_ACTION = "Hãy chọn thao tác: gửi hoặc rút lại."
NOT_FOUND = "Không có sáng kiến số {id}, hoặc sáng kiến nằm ngoài phạm vi đơn vị của bạn."
SEND_CHANGED = (
    "Danh sách khớp bộ lọc đã thay đổi từ lúc bạn xem trước (có sáng kiến vừa được thêm, gửi, rút "
    "hoặc trả lại). Hãy xem lại số lượng dưới đây rồi xác nhận lại."
)
NO_KEY = "Thiếu mã xác nhận: hãy bắt đầu lại từ trang gửi sáng kiến."
VIEW_ONLY = (
    "Tài khoản của bạn chỉ xem được; việc gửi, gửi lại hoặc rút sáng kiến do cán bộ nhập liệu "
    "hoặc lãnh đạo đơn vị thực hiện."
)
NOT_THE_SENDER = (
    "Sáng kiến này không thuộc đơn vị trong phạm vi của bạn: việc gửi hoặc rút do đơn vị của "
    "sáng kiến thực hiện."
)


def read_filter(values) -> tuple[Filter, dict[str, str]]:
    """The page's filter from query or form values; `shown` keeps them as typed."""
    shown = {name: (values.get(name) or "").strip() for name in FILTER_FIELDS}
    problems: list[str] = []
    if shown["status"] and shown["status"] not in sending.WAITING:
        problems.append(f"Trạng thái «{shown['status']}» không có trên trang này.")
    if shown["field"] and shown["field"] not in FIELDS:
        problems.append(f"Lĩnh vực «{shown['field']}» không có trong danh mục.")
    read = {name: _typed(typed.amount, shown, name, problems) for name in AMOUNTS}
    if problems:  # every field to correct at once, not the first one
        raise FormProblem(" ".join(problems))
    spec = Filter(
        status=shown["status"] or None,
        field=shown["field"] or None,
        text=shown["text"] or None,
        **read,
    )
    return spec, shown


def _query(shown: dict[str, str], size: int) -> str:
    return urlencode({**{k: v for k, v in shown.items() if v}, "size": size})


def _decision(form) -> dict:
    action = form.get("action") or ""
    if action not in sending.PAGE_ACTIONS:
        raise FormProblem(PICK_AN_ACTION)
    return {
        "action": action,
        "note": (form.get("note") or "").strip(),
        "selection": "all" if form.get("selection") == "all" else "ticked",
    }


def _check(caller: Caller, decision: dict) -> None:
    """The workflow's own checks (role, note) before anything is counted."""
    action = "submit" if decision["action"] == sending.SEND else "withdraw"
    workflow.check_allowed(caller, action, decision["note"], None)


async def _plan(caller: Caller, decision: dict, spec: Filter, ids: list[int]) -> list:
    """(workflow action, ids) for each part of the decision that has any."""
    if decision["selection"] == "all":
        groups = await sending.matching(caller, spec)
    else:
        groups = await sending.by_status(ids)
    if decision["action"] == sending.WITHDRAW:
        plan = [("withdraw", sorted(groups["draft"] + groups["returned"]))]
    else:
        plan = [(sending.SENDS[status], groups[status]) for status in sending.WAITING]
    return [(action, chosen) for action, chosen in plan if chosen]


async def _list_page(
    request: Request,
    spec: Filter | None,
    shown: dict[str, str],
    number: int,
    size: int,
    *,
    error: str | None = None,
    status: int = 200,
    decision: dict | None = None,
    ticked: list[int] | None = None,
) -> Template:
    """The list under `spec`; with None (a filter that could not be read) no row, the
    filter kept as typed: never everything, which «tất cả … khớp bộ lọc» would send."""
    caller: Caller = request.user
    token, cookies = page_token(request)
    total = await sending.count(caller, spec) if spec is not None else 0
    last, number = queue.pages(total, number, size)
    start = (number - 1) * size
    rows = await sending.page(caller, spec, start, size) if spec is not None else []
    return Template(
        "send/list.html",
        context={
            "caller": caller,
            "can_send": caller.role in SENDING_ROLES,
            "view_only": VIEW_ONLY,
            "csrftoken": token,
            "filter": shown,
            "query": _query(shown, size),
            "total": total,
            "rows": rows,
            "page": number,
            "last": last,
            "size": size,
            "sizes": queue.PAGE_SIZES,
            "fields": FIELDS,
            "labels": LABELS,
            "waiting": {s: STATUSES[s] for s in sending.WAITING},
            "actions": sending.PAGE_ACTIONS,
            "decision": decision or {"action": sending.SEND, "note": ""},
            "ticked": set(ticked or []),
            "error": error,
        },
        status_code=status,
        cookies=cookies,
    )


@get("/", name="send_list")
async def send_list(request: Request) -> Template:
    shown = {name: (request.query_params.get(name) or "").strip() for name in FILTER_FIELDS}
    try:
        spec, shown = read_filter(request.query_params)
        number, size = _page_args(request.query_params)
    except FormProblem as problem:
        error = str(problem)
        return await _list_page(request, None, shown, 1, DEFAULT_SIZE, error=error, status=400)
    return await _list_page(request, spec, shown, number, size)


async def _confirm_page(
    request: Request,
    decision: dict,
    spec: Filter,
    shown: dict[str, str],
    ids: list[int],
    size: int,
    *,
    notice: str | None = None,
    status: int = 200,
) -> Template:
    caller: Caller = request.user
    parts, chosen, eligible = [], [], []
    for action, part in await _plan(caller, decision, spec, ids):
        result = await workflow.decide(
            caller, action, ids=part, note=decision["note"], dry_run=True
        )
        skipped = {s["id"] for s in result.skipped}
        eligible += [i for i in result.ids if i not in skipped]
        chosen += result.ids
        parts.append({"name": lower(ACTIONS[action].label), "result": result})
    token, cookies = page_token(request)
    return Template(
        "send/confirm.html",
        context={
            "caller": caller,
            "csrftoken": token,
            "decision": decision,
            "action_name": lower(sending.PAGE_ACTIONS[decision["action"]]),
            "parts": parts,
            "applied": len(eligible),
            "requested": len(chosen),
            "sample": await workflow.listed(sorted(eligible)[:SAMPLE]),
            "filter": shown,
            "query": _query(shown, size),
            "size": size,
            "ids": ids,
            "digest": queue.digest(chosen),
            "key": secrets.token_urlsafe(16),
            "notice": notice,
        },
        status_code=status,
        cookies=cookies,
    )


@post("/confirm", status_code=200, name="send_confirm")
async def send_confirm(request: Request) -> Template:
    form = await request.form()
    try:
        spec, shown = read_filter(form)
        _, size = _page_args(form)
        ids = _ids(form)
        decision = _decision(form)
        if decision["selection"] == "ticked" and not ids:
            raise FormProblem(NOTHING_TICKED)
        _check(request.user, decision)
        return await _confirm_page(request, decision, spec, shown, ids, size)
    except DomainError as problem:
        return await _back(request, form, problem)


async def _back(request: Request, form, problem: DomainError) -> Template:
    """The page the form came from (the list, as left, or the initiative's), with what
    to fix; nothing changed."""
    status = status_of(problem)
    if form.get("back") == "item":
        try:
            [initiative_id] = _ids(form)
        except (FormProblem, ValueError):
            pass
        else:
            note = form.get("note") or ""
            return await _item_page(
                request, initiative_id, error=problem.message, status=status, note=note
            )
    try:
        spec, shown = read_filter(form)
        number, size = _page_args(form)
        ticked = _ids(form)
    except FormProblem:
        shown = {name: (form.get(name) or "").strip() for name in FILTER_FIELDS}
        spec, number, size, ticked = None, 1, DEFAULT_SIZE, []
    decision = {"action": form.get("action") or sending.SEND, "note": form.get("note") or ""}
    return await _list_page(
        request,
        spec,
        shown,
        number,
        size,
        error=problem.message,
        status=status,
        decision=decision,
        ticked=ticked,
    )


@post("/apply", status_code=200, name="send_apply")
async def send_apply(request: Request) -> Template | Redirect:
    caller: Caller = request.user
    form = await request.form()
    key = form.get("key") or ""
    try:
        spec, shown = read_filter(form)
        _, size = _page_args(form)
        decision = _decision(form)
        ids = _ids(form)
        if not key:
            raise FormProblem(NO_KEY)
        _check(caller, decision)
        # A second click waits for the first to commit, then finds its batches.
        async with serialised(f"sangkien.approval:{caller.user_id}:{key}"):
            # Each part has its own key, made from the confirmation's: a second click
            # finds the batches the first made.
            done = [
                stored.batch
                for action in ("submit", "resubmit", "withdraw")
                if (stored := await workflow.stored_result(caller, f"{key}-{action}"))
            ]
            if done:
                return _to_result(form, ids, done)
            if decision["selection"] == "ticked" and not ids:
                raise FormProblem(NOTHING_TICKED)
            plan = await _plan(caller, decision, spec, ids)
            if decision["selection"] == "all":
                counted = [i for _, part in plan for i in part]
                if queue.digest(counted) != form.get("digest"):
                    return await _confirm_page(
                        request, decision, spec, shown, [], size, notice=SEND_CHANGED, status=409
                    )
            batches = []
            for action, part in plan:
                part_key = f"{key}-{action}"
                result = await workflow.decide(
                    caller, action, ids=part, note=decision["note"], idempotency_key=part_key
                )
                batches.append(result.batch)
            if not batches:
                raise FormProblem("Không có sáng kiến nào để gửi hoặc rút: chưa thay đổi gì.")
    except DomainError as problem:
        return await _back(request, form, problem)
    return _to_result(form, ids, batches)


def _to_result(form, ids: list[int], batches: list[str]) -> Redirect:
    # 303: fetched with GET once the request's transaction committed.
    if form.get("back") == "item" and len(ids) == 1:
        where = f"/send/{ids[0]}?" + urlencode({"batch": batches}, doseq=True)
    else:
        where = f"/send/batches/{','.join(batches)}"
    return Redirect(where, status_code=HTTP_303_SEE_OTHER)


async def _results(keys: list[str]) -> list[dict]:
    """Each batch, with what it changed and what it skipped (read as the caller)."""
    shown = []
    for key in keys:
        found = await workflow.read_batch(key, 200)  # unknown: a 404 page
        items = await workflow.listed([c["initiative"] for c in found.changes])
        skips = await workflow.listed([s["id"] for s in found.skipped[:200]])
        codes = {i["id"]: i["code"] for i in skips}
        shown.append(
            {
                "batch": found.row,
                "action_name": lower(ACTIONS[found.row["action"]].label),
                "changed": items,
                "skipped": [
                    {**s, "code": codes.get(s["id"], f"#{s['id']}")} for s in found.skipped
                ],
            }
        )
    return shown


@get("/batches/{keys:str}", name="send_result")
async def send_result(
    request: Request, keys: Annotated[str, Parameter(description="The batches' ids")]
) -> Template:
    token, cookies = page_token(request)
    return Template(
        "send/result.html",
        cookies=cookies,
        context={
            "caller": request.user,
            "csrftoken": token,
            "results": await _results(keys.split(",")[:3]),
        },
    )


DETAIL = (
    Initiative.id,
    Initiative.code,
    Initiative.title,
    Initiative.summary,
    Initiative.status,
    Initiative.field,
    Initiative.solution_type,
    Initiative.submitted_on,
    Initiative.first_applied_on,
    Initiative.benefit_vnd,
    Initiative.recognition_form,
    Initiative.decision_number,
    Initiative.decision_date,
    Initiative.decision_note,
    Initiative.unit.code.as_alias("unit_code"),
    Initiative.unit.name.as_alias("unit_name"),
    Initiative.reviewing_unit.code.as_alias("reviewing_code"),
    workflow.reviewing_name(),
)


async def _item_page(
    request: Request,
    initiative_id: int,
    *,
    error: str | None = None,
    status: int = 200,
    note: str = "",
    batches: list[str] | None = None,
    saved: bool = False,
) -> Template:
    caller: Caller = request.user
    # Read as the caller: the database shows only what is in scope (a confidential
    # initiative from a unit outside it is not shown here at all, as in the admin).
    row = await Initiative.select(*DETAIL).where(Initiative.id == initiative_id).first()
    if row is None:
        raise NotFoundException(NOT_FOUND.format(id=initiative_id))
    # The unit is visible exactly when it is in the caller's scope.
    row["unit_in_scope"] = row["unit_code"] is not None
    authors = await (
        Authorship.select(Authorship.author.name.as_alias("name"), Authorship.share)
        .where(Authorship.initiative == initiative_id)
        .order_by(Authorship.id)
    )
    offered = await sending.applicable(caller, row)
    if caller.role not in SENDING_ROLES:
        why_not = VIEW_ONLY
    elif not row["unit_in_scope"]:
        why_not = NOT_THE_SENDER
    else:
        why_not = None
    token, cookies = page_token(request)
    return Template(
        "send/item.html",
        cookies=cookies,
        status_code=status,
        context={
            "caller": caller,
            "csrftoken": token,
            "i": row,
            "status_name": STATUSES[row["status"]],
            "field_name": FIELDS.get(row["field"], row["field"]),
            "solution_name": SOLUTION_TYPES.get(row["solution_type"], row["solution_type"]),
            "recognition_name": RECOGNITION_FORMS.get(
                row["recognition_form"], row["recognition_form"]
            ),
            "summary": edits.shown("summary", row["summary"], {}),
            "benefit": (edits.money(row["benefit_vnd"]) if row["benefit_vnd"] is not None else "—"),
            "authors": [
                {"name": a["name"], "share": edits.shown("share", str(a["share"]), {})}
                for a in authors
            ],
            "steps": await sending.timeline(caller, initiative_id),
            "offered": offered,
            "note_needed": {a for a in offered if ACTIONS[a].note},
            "why_not": why_not,
            "key": secrets.token_urlsafe(16),
            "note": note,
            "error": error,
            "results": await _results(batches) if batches else [],
            "saved": saved,
            # The entry page edits what the sender side may (drafts, pending, returned).
            "can_edit": why_not is None and row["status"] in EDITABLE,
        },
    )


@get("/{initiative_id:int}", name="send_item")
async def send_item(
    request: Request,
    initiative_id: Annotated[int, Parameter(description="The initiative's id", le=ID_MAX)],
) -> Template:
    batches = [b for b in request.query_params.getall("batch", []) if b][:3]
    saved = request.query_params.get("saved") == "1"
    return await _item_page(request, initiative_id, batches=batches, saved=saved)


send_router = Router(
    path="/send",
    route_handlers=[send_list, send_confirm, send_apply, send_result, send_item],
    include_in_schema=False,
    exception_handlers=PAGE_HANDLERS,
)
