"""The admin forms «Duyệt hàng loạt» and «Gửi hàng loạt»: a filter, an action and a note.

Sent without «Xác nhận», one only counts what the filter matches and shows a
sample; sent again with it, it applies the action through `domain.workflow`
(one transaction, one audit row each) and reports the batch. The managers' form
decides what is sent to their units (and reopens decided ones); the senders'
form sends, resends or withdraws their units' own.
"""

from typing import Any, Literal

from pydantic import BaseModel, Field, create_model
from starlette.requests import Request

from admin.caller import admin_caller
from admin.choices import choice_field
from domain import workflow
from domain.errors import DomainError
from domain.selection import LABELS, QUEUE_NAMES, TYPES, Filter
from domain.vocabulary import (
    ACTIONS,
    FIELDS,
    MANAGER_ACTIONS,
    SENDING_ACTIONS,
    lower,
    needing_a_note,
)
from endpoints.errors import form_error
from tables.initiatives import Initiative

SAMPLE = 5
# How to fill in a field where its label does not say (the form's inputs are text).
HINTS = {"reviewing_unit": "mã đơn vị, để trống: tất cả", "phase": "để trống: mọi giai đoạn"}
SHOWN = QUEUE_NAMES
# A choice is picked by its Vietnamese label (a code or a label typed through the
# form's API works too).
BY_LABEL = {"field": FIELDS}
NONE_MATCH = "Không có sáng kiến nào khớp bộ lọc để thực hiện; chưa thay đổi gì."
CONFIRM_TITLE = "Thực hiện hay chỉ xem trước"
CONFIRM = {False: "Chỉ xem trước (đếm và xem mẫu, chưa thay đổi gì)", True: "Thực hiện"}


def _filter_field(name: str) -> tuple[Any, Any]:
    if name in BY_LABEL:
        labels = {"": "(tất cả)", **BY_LABEL[name]}
        return str, choice_field(labels, title=LABELS[name], default="")
    title = f"{LABELS[name]} — {HINTS[name]}" if name in HINTS else LABELS[name]
    return TYPES[name], Field(default=getattr(Filter(), name), title=title)


def _code(name: str, typed: str) -> str:
    choices = BY_LABEL[name]
    wanted = typed.strip().casefold()
    for code, label in choices.items():
        if wanted in (code, label.casefold()):
            return code
    raise ValueError(f"«{LABELS[name]}»: «{typed.strip()}» không có trong danh mục.")


def bulk_model(name: str, actions: tuple[str, ...], *, to_unit: bool) -> type[BaseModel]:
    """The filter's fields but the status (`tests/test_vocabulary.py` checks the form
    has them: without one, the filter takes the statuses the action takes), between
    the action and what the action needs."""
    extra = {}
    if to_unit:
        extra["to_unit"] = (
            str | None,
            Field(default=None, title="Chuyển đến đơn vị (mã, chỉ khi chuyển)"),
        )
    return create_model(
        name,
        action=(
            Literal[actions],
            choice_field(
                {a: ACTIONS[a].label for a in actions}, title="Thao tác", default=actions[0]
            ),
        ),
        **{field: _filter_field(field) for field in SHOWN},
        note=(str, Field(default="", title=f"Ý kiến (bắt buộc khi {needing_a_note(actions)})")),
        **extra,
        confirm=(
            bool,
            choice_field(CONFIRM, title=CONFIRM_TITLE, default=False),
        ),
    )


BulkDecision = bulk_model("BulkDecision", (*MANAGER_ACTIONS, "reopen"), to_unit=True)
BulkSend = bulk_model("BulkSend", SENDING_ACTIONS, to_unit=False)


async def bulk_decision_form(request: Request, data: BaseModel) -> str:
    """Either form: the actions each offers are checked again by the workflow."""
    caller = admin_caller(request)
    if caller is None:
        raise ValueError("Tài khoản chưa được phân quyền.")
    # An emptied text input may arrive as "" rather than null.
    given = {name: getattr(data, name) for name in SHOWN if getattr(data, name) not in ("", None)}
    for name in BY_LABEL.keys() & given.keys():
        given[name] = _code(name, given[name])
    spec = Filter(**given)
    action = data.action
    try:
        to_unit = getattr(data, "to_unit", None) or None
        workflow.check_allowed(caller, action, data.note, to_unit)  # its words first
        where = await workflow.selection(caller, spec, action)
        if data.confirm and not await Initiative.exists().where(*where):
            # Nothing to do: no empty batch on record (a second «Thực hiện», say).
            raise ValueError(NONE_MATCH)
        result = await workflow.decide(
            caller,
            action,
            spec=spec,
            note=data.note,
            to_unit=to_unit,
            dry_run=not data.confirm,
        )
    except DomainError as problem:
        raise form_error(problem) from None
    name = lower(ACTIONS[action].label)
    if not data.confirm:
        sample = await _sample(result.ids[:SAMPLE])
        return (
            f"Xem trước: {result.requested} sáng kiến khớp bộ lọc, {result.applied} sẽ được "
            f"{name}. Ví dụ: {sample}. Chọn «Thực hiện» ở ô «{CONFIRM_TITLE}» rồi gửi lại để "
            "thực hiện."
        )
    skipped = f"; bỏ qua {len(result.skipped)}" if result.skipped else ""
    return (
        f"Đã {name} {result.applied} trong {result.requested} sáng kiến{skipped}. "
        f"Mã lượt: {result.batch} (xem ở «Lượt duyệt hàng loạt»)."
    )


async def _sample(ids: list[int]) -> str:
    if not ids:
        return "không có"
    rows = await (
        Initiative.select(Initiative.code, Initiative.title)
        .where(Initiative.id.is_in(ids))
        .order_by(Initiative.id)
    )
    return "; ".join(f"{r['code']} – {r['title']}" for r in rows)
