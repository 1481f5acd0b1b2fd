"""Admin forms for what the generic table forms must not do: the workflow (sending,
withdrawing and deciding initiatives, whose status the generic forms lock) and
issuing API tokens.

A token is shown once, in the form's answer, and stored only as its SHA-256;
so tokens are created here, never by typing a row into the API token table.
"""

from piccolo_admin.endpoints import FormConfig
from pydantic import BaseModel, Field
from starlette.requests import Request

from admin.account_form import NewAccount, create_account_form
from admin.bulk_form import BulkDecision, BulkSend, bulk_decision_form
from admin.send_form import SendInitiatives, send_form
from domain.tokens import issue_token, revoke_token
from domain.vocabulary import DECIDING_ROLES, SENDING_ROLES

ADMINS_ONLY = "Chỉ quản trị hệ thống được cấp hoặc thu hồi mã truy cập."
# Who sees each form in the sidebar (admin.scope hides the others): only those
# whom it serves; the form itself still checks.
FORM_ROLES: dict[str, tuple[str, ...]] = {
    "send-initiatives": SENDING_ROLES,
    "bulk-send": SENDING_ROLES,
    "bulk-decision": DECIDING_ROLES,
    "create-account": ("admin",),
    "issue-token": ("admin",),
    "revoke-token": ("admin",),
}


class IssueToken(BaseModel):
    username: str = Field(title="Tên đăng nhập của tài khoản dùng mã")
    name: str = Field(title="Dùng cho việc gì (tên gợi nhớ)", min_length=1, max_length=100)
    days: int | None = Field(
        default=None, title="Hết hạn sau bao nhiêu ngày (để trống: không hết hạn)", ge=1, le=3650
    )


class RevokeToken(BaseModel):
    token_id: int = Field(title="Mã số của mã truy cập (cột «Mã số» trong «Mã truy cập API»)")


def _require_admin(request: Request) -> None:
    if not request.user.user.superuser:
        raise ValueError(ADMINS_ONLY)


async def issue_token_form(request: Request, data: IssueToken) -> str:
    _require_admin(request)
    try:
        token = await issue_token(data.username.strip(), data.name.strip(), data.days)
    except ValueError:
        raise ValueError(f"Không có tài khoản nào tên «{data.username}».") from None
    return f"Mã truy cập (chỉ hiện một lần này, hãy sao chép và cất giữ ngay): {token}"


async def revoke_token_form(request: Request, data: RevokeToken) -> str:
    _require_admin(request)
    if not await revoke_token(data.token_id):
        raise ValueError(f"Không có mã truy cập số {data.token_id} đang còn hiệu lực.")
    return f"Đã thu hồi mã truy cập số {data.token_id}; mã này không dùng được nữa."


def _form(name: str, slug: str, group: str = "Tài khoản", **kwargs) -> FormConfig:
    form = FormConfig(name=name, form_group=group, **kwargs)
    form.slug = slug  # an ASCII URL for a Vietnamese name
    return form


FORMS = [
    _form(
        "Gửi, gửi lại hoặc rút sáng kiến",
        "send-initiatives",
        "Sáng kiến",
        pydantic_model=SendInitiatives,
        endpoint=send_form,
        description="Gửi sáng kiến nháp của đơn vị mình đến công đoàn cấp trên trực tiếp, gửi "
        "lại sáng kiến đã bổ sung theo yêu cầu, hoặc rút lại sáng kiến (ghi lý do). Nhập mã "
        "của một hoặc nhiều sáng kiến.",
    ),
    _form(
        "Gửi hàng loạt",
        "bulk-send",
        "Sáng kiến",
        pydantic_model=BulkSend,
        endpoint=bulk_decision_form,
        description="Gửi, gửi lại hoặc rút lại nhiều sáng kiến của các đơn vị mình cùng lúc "
        "(mọi sáng kiến khớp bộ lọc). Gửi lần đầu để xem trước số lượng, rồi xác nhận để "
        "thực hiện.",
    ),
    _form(
        "Duyệt hàng loạt",
        "bulk-decision",
        "Sáng kiến",
        pydantic_model=BulkDecision,
        endpoint=bulk_decision_form,
        description="Công nhận, không công nhận, trả lại hoặc chuyển nhiều sáng kiến chờ duyệt "
        "cùng lúc, hoặc mở lại sáng kiến đã duyệt để đơn vị bổ sung (ghi lý do). Gửi lần đầu "
        "để xem trước số lượng, rồi xác nhận để thực hiện.",
    ),
    _form(
        "Tạo tài khoản",
        "create-account",
        pydantic_model=NewAccount,
        endpoint=create_account_form,
        description="Tài khoản mới cùng đơn vị và vai trò của nó, trong một bước. Đơn vị: nhập "
        "mã (ví dụ TN-DH) hoặc tên (không cần dấu). Tài khoản đăng nhập được ngay.",
    ),
    _form(
        "Cấp mã truy cập API",
        "issue-token",
        pydantic_model=IssueToken,
        endpoint=issue_token_form,
        description="Cấp mã cho chương trình, kịch bản lấy số liệu qua API "
        "(header «Authorization: Bearer <mã>»).",
    ),
    _form(
        "Thu hồi mã truy cập API",
        "revoke-token",
        pydantic_model=RevokeToken,
        endpoint=revoke_token_form,
        description="Mã bị thu hồi ngừng hoạt động ngay lập tức.",
    ),
]
