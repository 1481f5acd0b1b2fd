"""The managers' review queue: server-rendered pages under /review, in Vietnamese.

GET /review lists what waits for the caller's decision (filters, paging); its
form posts the ticked rows, or "all N matching", with an action and a note to
/review/confirm, which counts what would change (a dry run) and asks; «Xác nhận»
posts to /review/apply, which decides through `domain.workflow` under an
idempotency key made for that confirmation and redirects to the batch's page.
The pages are thin: the selection, the checks and the decision are the ones
the bulk API uses. Cookie sessions come from the admin's login; every form
carries the CSRF token (checked in endpoints.csrf). What the domain refuses comes
back on the page the person was on; anything else is a page of endpoints.errors.
"""

import re
import secrets
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from litestar import Request, Router, get, post
from litestar.params import Parameter
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from litestar.template.config import TemplateConfig

from admin.sidebar import page_links
from domain import review_queue as queue
from domain import typed, workflow
from domain.callers import Caller
from domain.database import serialised
from domain.errors import DomainError, Invalid
from domain.selection import LABELS, QUEUE_NAMES, Filter
from domain.shown import grouped, local_time, percent
from domain.vocabulary import (
    ACTIONS,
    DECIDING_ROLES,
    FIELDS,
    MANAGER_ACTIONS,
    STATUSES,
    either,
    lower,
    needing_a_note,
)
from endpoints.csrf import page_token
from endpoints.errors import PAGE_HANDLERS, status_of

# The filter's own names in the query string and the forms.
FILTER_FIELDS = QUEUE_NAMES
SAMPLE = 10
SHOWN_ITEMS = 200
DEFAULT_SIZE = 50
PICK_AN_ACTION = f"Hãy chọn thao tác: {either([lower(ACTIONS[a].label) for a in MANAGER_ACTIONS])}."
CHANGED = (
    "Danh sách khớp bộ lọc đã thay đổi từ lúc bạn xem trước (có sáng kiến mới gửi đến hoặc đã "
    "được người khác quyết định). Hãy xem lại số lượng dưới đây rồi xác nhận lại."
)
# Where the page lists decided initiatives (a batch's), it offers to reopen them:
# the ticked ones only, never "all matching" (the queue's filter is the pending one's).
REOPEN = "reopen"
PAGE_ACTIONS = (*MANAGER_ACTIONS, REOPEN)
NOTHING_TICKED = "Chưa chọn sáng kiến nào: hãy đánh dấu các dòng, hoặc chọn «tất cả … khớp bộ lọc»."


class FormProblem(Invalid):
    """Input a person must correct: shown on the page, nothing applied."""


# The page's names before the filter was one (links saved then): refused, since
# ignoring them would widen the selection behind the person's back.
RENAMED = {"unit": "reviewing_unit", "from": "submitted_from", "to": "submitted_to"}


def typed_filter(values) -> dict[str, str]:
    """The filter's values as typed, for the form."""
    return {name: (values.get(name) or "").strip() for name in FILTER_FIELDS}


def read_filter(values) -> tuple[Filter, dict[str, str]]:
    """The filter from query or form values; `shown` keeps them as typed, for the form."""
    if old := [name for name in RENAMED if values.get(name)]:
        raise FormProblem(
            "Đường dẫn này dùng bộ lọc cũ ("
            + ", ".join(f"«{name}» nay là «{LABELS[RENAMED[name]]}»" for name in old)
            + "): hãy chọn lại bộ lọc trên trang."
        )
    shown = typed_filter(values)
    problems: list[str] = []
    if shown["field"] and shown["field"] not in FIELDS:
        problems.append(f"Lĩnh vực «{shown['field']}» không có trong danh mục.")
    read = {
        name: _typed(reader, shown, name, problems)
        for name, reader in (
            ("submitted_from", typed.day),
            ("submitted_to", typed.day),
            ("benefit_min", typed.amount),
            ("benefit_max", typed.amount),
        )
    }
    if problems:  # every field to correct at once, not the first one
        raise FormProblem(" ".join(problems))
    spec = Filter(
        reviewing_unit=shown["reviewing_unit"] or None,
        within=shown["within"] or None,
        phase=shown["phase"] or None,
        field=shown["field"] or None,
        text=shown["text"] or None,
        **read,
    )
    return spec, shown


def _typed(reader, shown: dict[str, str], name: str, problems: list[str]):
    """A date dd/mm/yyyy (ISO too, as older links carry it) or an amount «50.000.000»
    read by domain.typed; None and a problem when it cannot be."""
    try:
        return reader(shown[name])
    except typed.Unreadable as problem:
        problems.append(f"«{LABELS[name]}»: {problem}.")
        return None


def _page_args(values) -> tuple[int, int]:
    try:
        number = max(1, int(values.get("page") or 1))
        size = int(values.get("size") or DEFAULT_SIZE)
    except ValueError:
        raise FormProblem("Số trang và số dòng mỗi trang phải là số.") from None
    return number, size if size in queue.PAGE_SIZES else DEFAULT_SIZE


def _ids(form) -> list[int]:
    try:
        return sorted({int(value) for value in form.getall("id", [])})
    except ValueError:
        raise FormProblem("Danh sách sáng kiến đã chọn không hợp lệ.") from None


def _decision(form) -> dict:
    action = form.get("action") or ""
    if action not in PAGE_ACTIONS:
        raise FormProblem(PICK_AN_ACTION)
    every = form.get("selection") == "all" and action != REOPEN
    return {
        "action": action,
        "note": (form.get("note") or "").strip(),
        "to_unit": (form.get("to_unit") or "").strip() or None,
        "selection": "all" if every else "ticked",
        "from_batch": form.get("from_batch") or "",
    }


async def _queue_page(
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
    """The queue under `spec`; with None (a filter that could not be read) no row at
    all, the filter kept as typed: never the whole queue, which «tất cả … khớp bộ
    lọc» would then decide (users' trial)."""
    caller: Caller = request.user
    token, cookies = page_token(request)
    total = await queue.count(caller, spec) if spec is not None else 0
    last, number = queue.pages(total, number, size)
    start = (number - 1) * size
    rows = await queue.page(caller, spec, start, size) if spec is not None else []
    return Template(
        "review/queue.html",
        context={
            "caller": caller,
            "can_decide": caller.role in DECIDING_ROLES,
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
            "units": await queue.reviewing_units(caller),
            "progress": await queue.unit_progress(caller, spec and spec.phase),
            "actions": {a: ACTIONS[a].label for a in MANAGER_ACTIONS},
            "note_needed": needing_a_note(MANAGER_ACTIONS),
            "decision": decision or {"action": "approve", "note": "", "to_unit": ""},
            "ticked": set(ticked or []),
            "error": error,
        },
        status_code=status,
        cookies=cookies,
    )


def _query(shown: dict[str, str], size: int) -> str:
    return urlencode({**{k: v for k, v in shown.items() if v}, "size": size})


@get("/", name="review_queue")
async def review_queue(request: Request) -> Template:
    shown = typed_filter(request.query_params)
    try:
        spec, shown = read_filter(request.query_params)
        number, size = _page_args(request.query_params)
    except FormProblem as problem:
        error = str(problem)
        return await _queue_page(request, None, shown, 1, DEFAULT_SIZE, error=error, status=400)
    try:
        return await _queue_page(request, spec, shown, number, size)
    except DomainError as problem:
        # An unknown unit or phase in the filter: no row, the filter as typed, and why.
        status = status_of(problem)
        return await _queue_page(
            request, None, shown, 1, size, error=problem.message, status=status
        )


async def _dry_run(caller: Caller, decision: dict, spec: Filter, ids: list[int]):
    by = {"spec": spec} if decision["selection"] == "all" else {"ids": ids}
    return await workflow.decide(
        caller,
        decision["action"],
        note=decision["note"],
        to_unit=decision["to_unit"],
        dry_run=True,
        **by,
    )


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
    result = await _dry_run(caller, decision, spec, ids)
    skipped = {s["id"] for s in result.skipped}
    eligible = [i for i in result.ids if i not in skipped]
    sample = await workflow.listed(eligible[:SAMPLE])
    token, cookies = page_token(request)
    return Template(
        "review/confirm.html",
        context={
            "caller": caller,
            "csrftoken": token,
            "decision": decision,
            "action_name": lower(ACTIONS[decision["action"]].label),
            # why those left alone are (the status they are in; a transfer's: already there)
            "reasons": list(dict.fromkeys(s["reason"] for s in result.skipped)),
            # the union a transfer goes to by name, to be checked before confirming
            "to_unit_name": await workflow.unit_name_of(decision["to_unit"]),
            "filter": shown,
            "query": _query(shown, size),
            "size": size,
            "ids": ids,
            "result": result,
            "sample": sample,
            "digest": queue.digest(result.ids),
            # Made once per confirmation: a second click on «Xác nhận» (or a
            # resend after a lost answer) gets the first batch, not a second one.
            "key": secrets.token_urlsafe(16),
            "notice": notice,
            "from_batch": _from_batch(request, decision),
        },
        status_code=status,
        cookies=cookies,
    )


def _from_batch(request: Request, decision: dict) -> str:
    """The batch page a reopening came from (its way back), or ""."""
    batch = decision.get("from_batch") or ""
    return batch if re.fullmatch(r"[0-9a-f]{16}", batch) else ""


@post("/confirm", status_code=200, name="review_confirm")
async def review_confirm(request: Request) -> Template:
    form = await request.form()
    try:
        spec, shown = read_filter(form)
        _, size = _page_args(form)
        ids = _ids(form)
        decision = _decision(form)
        if decision["selection"] == "ticked" and not ids:
            raise FormProblem(NOTHING_TICKED)
        workflow.check_allowed(request.user, **_checked(decision))
        return await _confirm_page(request, decision, spec, shown, ids, size)
    except DomainError as problem:
        return await _back(request, form, problem)


async def _back(request: Request, form, problem: DomainError) -> Template:
    """Where the person was: the batch page a reopening came from, else the queue."""
    if batch := _from_batch(request, {"from_batch": form.get("from_batch")}):
        try:
            return await _batch_page(
                request,
                batch,
                error=problem.message,
                status=status_of(problem),
                ticked=_ids(form),
                note=form.get("note") or "",
            )
        except DomainError:
            pass
    return await _back_to_queue(request, form, problem)


def _checked(decision: dict) -> dict:
    return {k: decision[k] for k in ("action", "note", "to_unit")}


async def _back_to_queue(request: Request, form, problem: DomainError) -> Template:
    """The queue again, as the person left it (filter, ticks, note), with what to fix."""
    status = status_of(problem)
    try:
        spec, shown = read_filter(form)
        number, size = _page_args(form)
        ticked = _ids(form)
    except FormProblem:
        spec, shown, number, size, ticked = None, typed_filter(form), 1, DEFAULT_SIZE, []
    decision = {
        "action": form.get("action") or "approve",
        "note": form.get("note") or "",
        "to_unit": form.get("to_unit") or "",
    }
    try:
        return await _queue_page(
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
    except DomainError:
        return await _queue_page(
            request, None, shown, 1, size, error=problem.message, status=status
        )


@post("/apply", status_code=200, name="review_apply")
async def review_apply(request: Request) -> Template | Redirect:
    caller: Caller = request.user
    form = await request.form()
    key = form.get("key") or ""
    try:
        spec, shown = read_filter(form)
        _, size = _page_args(form)
        decision = _decision(form)
        if not key:
            raise FormProblem("Thiếu mã xác nhận: hãy bắt đầu lại từ hàng chờ duyệt.")
        # A second click waits for the first to commit, then finds its batch (not
        # a filter that has changed since, because the first click changed it).
        async with serialised(f"sangkien.approval:{caller.user_id}:{key}"):
            if stored := await workflow.stored_result(caller, key):
                return _to_batch(stored.batch)
            if decision["selection"] == "all":
                ids = await workflow.matching_ids(caller, spec)
                if queue.digest(ids) != form.get("digest"):
                    return await _confirm_page(
                        request, decision, spec, shown, [], size, notice=CHANGED, status=409
                    )
            else:
                ids = _ids(form)
                if not ids:
                    raise FormProblem(NOTHING_TICKED)
            result = await workflow.decide(
                caller,
                decision["action"],
                ids=ids,
                note=decision["note"],
                to_unit=decision["to_unit"],
                idempotency_key=key,
            )
    except DomainError as problem:
        return await _back(request, form, problem)
    return _to_batch(result.batch)


def _to_batch(batch: str) -> Redirect:
    # 303: the browser fetches the result with GET, after the decision committed
    # (endpoints.auth holds a write's answer until then).
    return Redirect(f"/review/batches/{batch}", status_code=HTTP_303_SEE_OTHER)


@get("/batches/{batch:str}", name="review_batch")
async def review_batch(
    request: Request, batch: Annotated[str, Parameter(description="The batch id")]
) -> Template:
    return await _batch_page(request, batch)


async def _batch_page(
    request: Request,
    batch: str,
    *,
    error: str | None = None,
    status: int = 200,
    ticked: list[int] | None = None,
    note: str = "",
) -> Template:
    """A batch's page; after a mistake in reopening from it, with the reason and
    the ticks and note as they were left."""
    found = await workflow.read_batch(batch, SHOWN_ITEMS)  # unknown: a 404 page
    row, skipped = found.row, found.skipped
    # After a transfer out of the caller's scope the rows are no longer visible:
    # the page then lists what it can and says how many were changed.
    items = await workflow.listed([c["initiative"] for c in found.changes])
    shown_skips = await workflow.listed([s["id"] for s in skipped[:SHOWN_ITEMS]])
    codes = {i["id"]: i["code"] for i in shown_skips}
    token, cookies = page_token(request)
    reopenable = [] if request.user.role not in DECIDING_ROLES else ACTIONS[REOPEN].takes
    return Template(
        "review/batch.html",
        cookies=cookies,
        context={
            "caller": request.user,
            "csrftoken": token,
            "reopenable": [i["id"] for i in items if i["status"] in reopenable],
            "reopen_name": ACTIONS[REOPEN].label,
            "batch": row,
            "action_name": lower(ACTIONS[row["action"]].label),
            "items": items,
            "shown_items": SHOWN_ITEMS,
            "skipped": [{**s, "code": codes.get(s["id"], f"#{s['id']}")} for s in skipped],
            "progress": await queue.unit_progress(request.user, None),
            "error": error,
            "ticked": ticked or [],
            "note": note,
        },
        status_code=status,
    )


review_router = Router(
    path="/review",
    route_handlers=[review_queue, review_confirm, review_apply, review_batch],
    include_in_schema=False,
    # Also for what the authentication and CSRF middleware raise: these are pages.
    exception_handlers=PAGE_HANDLERS,
)


def described(shown: dict[str, str]) -> str:
    """A filter in words, for the confirm pages: what «tất cả … khớp bộ lọc» takes."""
    named = {"field": FIELDS, "status": STATUSES}
    return "; ".join(
        f"{LABELS[name]}: {named.get(name, {}).get(value, value)}"
        for name, value in shown.items()
        if value and name in LABELS
    )


def _register_filters(engine: JinjaTemplateEngine) -> None:
    # An empty value is shown empty: «None» must never reach a person.
    engine.engine.finalize = lambda value: "" if value is None else value
    engine.engine.globals["page_links"] = page_links
    engine.engine.filters.update(
        number=grouped,
        percent=percent,
        local_time=local_time,
        status=lambda value: STATUSES.get(value, value),
        described=described,
        in_sentence=lower,
    )


TEMPLATES = TemplateConfig(
    directory=Path(__file__).resolve().parent.parent / "templates",
    engine=JinjaTemplateEngine,
    engine_callback=_register_filters,
)
