"""The admin form «Tạo tài khoản»: an account with its unit and role, in one step.

Before, an administrator made a user in «Người dùng» (its password typed in
clear, «Đang hoạt động» and «Được vào trang quản trị» off, so it could not log
in) and then its unit and role in «Phân quyền». Here it is one form, through
`domain.accounts.create_account` (the same rules as `manage.py create-account`),
each refusal naming its field. Every field is text or a choice with a default,
so pydantic refuses nothing: the messages are ours. The two passwords are
`SecretStr` (JSON schema format "password"), which admin.page_fixes masks.
"""

from pydantic import BaseModel, Field, SecretStr
from starlette.requests import Request

from admin.choices import choice_field
from domain.accounts import PASSWORD_MIN, AccountError, create_account
from domain.vocabulary import ROLES

ADMINS_ONLY = "Chỉ quản trị hệ thống được tạo tài khoản."
YES_NO = {True: "Có", False: "Không"}


class NewAccount(BaseModel):
    username: str = Field(
        default="", title="Tên đăng nhập (chữ không dấu, số, dấu chấm; ví dụ donghy.nhaplieu)"
    )
    full_name: str = Field(default="", title="Họ và tên")
    unit: str = Field(default="", title="Đơn vị (mã hoặc tên; để trống nếu là quản trị hệ thống)")
    role: str = choice_field({"": "(chọn vai trò)", **ROLES}, title="Vai trò", default="")
    password: SecretStr = Field(
        default=SecretStr(""), title=f"Mật khẩu (ít nhất {PASSWORD_MIN} ký tự)"
    )
    password_again: SecretStr = Field(default=SecretStr(""), title="Nhập lại mật khẩu")
    active: bool = choice_field(YES_NO, title="Đang hoạt động (được đăng nhập)", default=True)
    admin_access: bool = choice_field(YES_NO, title="Được vào trang quản trị", default=True)
    email: str = Field(default="", title="Thư điện tử (không bắt buộc)")


async def create_account_form(request: Request, data: NewAccount) -> str:
    if not request.user.user.superuser:
        raise ValueError(ADMINS_ONLY)
    try:
        user = await create_account(
            data.username,
            data.password.get_secret_value(),
            data.role,
            data.unit,
            data.email,
            full_name=data.full_name,
            password_again=data.password_again.get_secret_value(),
            active=data.active,
            admin_access=data.admin_access,
        )
    except AccountError as refusal:
        raise ValueError(f"{refusal} Chưa tạo tài khoản.") from None
    state = "" if data.active else " (đang khoá: bật «Đang hoạt động» để đăng nhập được)"
    return f"Đã tạo tài khoản «{user.username}»{state}."
