"""The admin form «Duyệt hàng loạt»: a filter, an action and a note.

Sent without «Xác nhận», it only counts what the filter matches and shows a
sample; sent again with it, it applies the action through `domain.workflow`
(one transaction, one audit row each) and reports the batch.
"""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field
from starlette.requests import Request

from admin.caller import admin_caller
from domain import workflow
from domain.errors import DomainError
from endpoints.errors import form_error
from tables.initiatives import Initiative


class Action(StrEnum):
    approve = "approve"
    reject = "reject"
    return_ = "return"
    transfer = "transfer"


SAMPLE = 5


class BulkDecision(BaseModel):
    action: Action = Field(title="Thao tác (approve: hợp lệ, reject, return: trả lại, transfer)")
    reviewing_unit: str | None = Field(default=None, title="Gửi đến đơn vị (mã), để trống: tất cả")
    within: str | None = Field(default=None, title="Hoặc gửi đến đơn vị thuộc nhánh (mã)")
    phase: str | None = Field(default=None, title="Giai đoạn (mã), để trống: mọi giai đoạn")
    submitted_from: date | None = Field(default=None, title="Gửi từ ngày")
    submitted_to: date | None = Field(default=None, title="Gửi đến ngày")
    benefit_min: Decimal | None = Field(default=None, title="Giá trị làm lợi từ (đồng)")
    text: str | None = Field(default=None, title="Tên hoặc mã sáng kiến có chứa")
    note: str = Field(default="", title="Ý kiến (bắt buộc khi không công nhận, trả lại)")
    to_unit: str | None = Field(default=None, title="Chuyển đến đơn vị (mã, chỉ khi chuyển)")
    confirm: bool = Field(default=False, title="Xác nhận thực hiện (để trống: chỉ xem trước)")


async def bulk_decision_form(request: Request, data: BulkDecision) -> str:
    caller = admin_caller(request)
    if caller is None:
        raise ValueError("Tài khoản chưa được phân quyền.")
    spec = workflow.Filter(
        reviewing_unit=data.reviewing_unit or None,
        within=data.within or None,
        phase=data.phase or None,
        submitted_from=data.submitted_from,
        submitted_to=data.submitted_to,
        benefit_min=data.benefit_min,
        text=data.text or None,
    )
    action = data.action.value
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
    name = workflow.ACTION_NAMES[action]
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
