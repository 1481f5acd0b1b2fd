"""The admin form «Duyệt hàng loạt»: a filter, an action and a note.

Sent without «Xác nhận», it only counts what the filter matches and shows a
sample; sent again with it, it applies the action through `domain.workflow`
(one transaction, one audit row each) and reports the batch.
"""

from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field, create_model
from starlette.requests import Request

from admin.caller import admin_caller
from domain import workflow
from domain.errors import DomainError
from domain.selection import LABELS, NAMES, TYPES, Filter
from domain.vocabulary import ACTIONS, MANAGER_ACTIONS, lower, needing_a_note
from endpoints.errors import form_error
from tables.initiatives import Initiative

SAMPLE = 5
# How to fill in a field where its label does not say (the form's inputs are text).
HINTS = {"reviewing_unit": "mã đơn vị, để trống: tất cả", "phase": "để trống: mọi giai đoạn"}


def _codes(hint: Any) -> tuple[str, ...]:
    """The values a Literal type (or an optional one) allows; () for other types."""
    for part in (hint, *get_args(hint)):
        if get_origin(part) is Literal:
            return get_args(part)
    return ()


def _filter_field(name: str) -> tuple[Any, Any]:
    codes = _codes(TYPES[name])
    hint = HINTS.get(name) or (f"một trong: {', '.join(codes)}" if codes else "")
    title = f"{LABELS[name]} — {hint}" if hint else LABELS[name]
    return TYPES[name], Field(default=getattr(Filter(), name), title=title)


# The filter's fields as they are (`tests/test_vocabulary.py` checks the form has
# them all), between the action and what the action needs.
BulkDecision: type[BaseModel] = create_model(
    "BulkDecision",
    action=(
        Literal[MANAGER_ACTIONS],
        Field(
            title="Thao tác ("
            + ", ".join(f"{a}: {lower(ACTIONS[a].label)}" for a in MANAGER_ACTIONS)
            + ")"
        ),
    ),
    **{name: _filter_field(name) for name in NAMES},
    note=(str, Field(default="", title=f"Ý kiến (bắt buộc khi {needing_a_note(MANAGER_ACTIONS)})")),
    to_unit=(str | None, Field(default=None, title="Chuyển đến đơn vị (mã, chỉ khi chuyển)")),
    confirm=(bool, Field(default=False, title="Xác nhận thực hiện (để trống: chỉ xem trước)")),
)


async def bulk_decision_form(request: Request, data: BulkDecision) -> str:
    caller = admin_caller(request)
    if caller is None:
        raise ValueError("Tài khoản chưa được phân quyền.")
    # An emptied text input may arrive as "" rather than null.
    spec = Filter(**{name: getattr(data, name) for name in NAMES if getattr(data, name) != ""})
    action = data.action
    try:
        result = await workflow.decide(
            caller,
            action,
            spec=spec,
            note=data.note,
            to_unit=data.to_unit or None,
            dry_run=not data.confirm,
        )
    except DomainError as problem:
        raise form_error(problem) from None
    name = lower(ACTIONS[action].label)
    if not data.confirm:
        sample = await _sample(result.ids[:SAMPLE])
        return (
            f"Xem trước: {result.requested} sáng kiến khớp bộ lọc, {result.applied} sẽ được "
            f"{name}. Ví dụ: {sample}. Đánh dấu «Xác nhận thực hiện» và gửi lại để thực hiện."
        )
    skipped = f"; bỏ qua {len(result.skipped)}" if result.skipped else ""
    return (
        f"Đã {name} {result.applied} trong {result.requested} sáng kiến{skipped}. "
        f"Mã lượt duyệt: {result.batch} (xem ở «Lượt duyệt hàng loạt»)."
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
