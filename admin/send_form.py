"""The admin form «Gửi, gửi lại hoặc rút sáng kiến»: the initiatives named by code.

What a staff member does with one initiative (or a few they know by code) from
their unit: sent through `domain.workflow` at once, as by ids on the API; many
at once by a filter is «Gửi hàng loạt» (admin.bulk_form). The workflow checks
the role, the scope (the initiatives' own unit) and each one's status.
"""

import re
from typing import Literal

from piccolo.columns.combination import WhereRaw
from pydantic import BaseModel, Field
from starlette.requests import Request

from admin.caller import admin_caller
from admin.choices import choice_field
from domain import workflow
from domain.errors import DomainError, NotDecidable
from domain.vocabulary import ACTIONS, SENDING_ACTIONS, lower, needing_a_note
from endpoints.errors import form_error
from tables.initiatives import Initiative

MOST = 200  # codes in one sending; more: «Gửi hàng loạt»
NO_CODES = "Hãy nhập mã sáng kiến (một hoặc nhiều, cách nhau bằng dấu phẩy hoặc dấu cách)."
TOO_MANY = f"Mỗi lần gửi tối đa {MOST} mã; nhiều hơn, hãy dùng «Gửi hàng loạt» với bộ lọc."
UNKNOWN = "Không có sáng kiến mã {codes} trong phạm vi của bạn. Chưa thay đổi gì."
NOT_YOURS = (
    "Các sáng kiến {codes} không thuộc đơn vị trong phạm vi của bạn (chỉ gửi, rút được sáng "
    "kiến của đơn vị mình). Chưa thay đổi gì."
)


class SendInitiatives(BaseModel):
    action: Literal[SENDING_ACTIONS] = choice_field(
        {a: ACTIONS[a].label for a in SENDING_ACTIONS}, title="Thao tác", default=SENDING_ACTIONS[0]
    )
    codes: str = Field(title="Mã sáng kiến (một hoặc nhiều, cách nhau bằng dấu phẩy hoặc dấu cách)")
    note: str = Field(
        default="",
        title=f"Ý kiến (bắt buộc khi {needing_a_note(SENDING_ACTIONS)}; khi gửi lại: "
        "đã bổ sung, sửa những gì)",
    )


def _codes(typed: str) -> list[str]:
    codes = list(dict.fromkeys(code for code in re.split(r"[\s,;]+", typed) if code))
    if not codes:
        raise ValueError(NO_CODES)
    if len(codes) > MOST:
        raise ValueError(TOO_MANY)
    return codes


def _quoted(codes: list[str]) -> str:
    return ", ".join(f"«{code}»" for code in codes)


async def send_form(request: Request, data: SendInitiatives) -> str:
    caller = admin_caller(request)
    if caller is None:
        raise ValueError("Tài khoản chưa được phân quyền.")
    codes = _codes(data.codes)
    # What the caller's account sees (the database's scope): theirs, and those
    # sent to their units, which the workflow then tells apart.
    # Codes are unique in any case (db/rules/codes.sql): typed in any case, found.
    rows = await Initiative.select(Initiative.id, Initiative.code).where(
        WhereRaw("lower(code) = ANY({})", [code.lower() for code in codes])
    )
    by_id = {row["id"]: row["code"] for row in rows}
    found = {code.lower() for code in by_id.values()}
    if unknown := [code for code in codes if code.lower() not in found]:
        raise ValueError(UNKNOWN.format(codes=_quoted(unknown)))
    try:
        result = await workflow.decide(caller, data.action, ids=list(by_id), note=data.note)
    except NotDecidable as problem:
        raise ValueError(NOT_YOURS.format(codes=_quoted([by_id[i] for i in problem.ids]))) from None
    except DomainError as problem:
        raise form_error(problem) from None
    skipped = "; ".join(f"«{by_id[s['id']]}»: {s['reason']}" for s in result.skipped)
    if not result.applied:
        raise ValueError(f"Chưa thay đổi gì. {skipped}")
    done = (
        f"Đã {lower(ACTIONS[data.action].label)} {result.applied} trong {result.requested} "
        f"sáng kiến. Mã lượt: {result.batch} (xem ở «Lượt duyệt hàng loạt»)."
    )
    return f"{done} Bỏ qua: {skipped}" if skipped else done
