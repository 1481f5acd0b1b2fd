"""Accounts: a Piccolo BaseUser plus its unit and role, created together.

One set of rules for every door (the admin's form «Tạo tài khoản»,
`manage.py create-account`, `create-admin`, the demo): each refusal names the
field, in Vietnamese, and says what to do.
"""

import re

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import Column
from piccolo.querystring import QueryString

from domain.search import contains, typed
from domain.vocabulary import ROLES
from tables.accounts import AccountProfile
from tables.units import Unit

LABELS = {
    "username": "Tên đăng nhập",
    "full_name": "Họ và tên",
    "unit": "Đơn vị",
    "role": "Vai trò",
    "password": "Mật khẩu",
    "password_again": "Nhập lại mật khẩu",
    "email": "Thư điện tử",
}
PASSWORD_MIN = 8
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,99}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AccountError(ValueError):
    """A refusal naming its field («Mật khẩu»: …)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"«{LABELS[field]}»: {message}")
        self.field, self.message = field, message


def check_password(password: str, username: str, again: str | None = None) -> None:
    if again is not None and password != again:
        raise AccountError("password_again", "không khớp với «Mật khẩu»; hãy gõ lại cả hai.")
    if not password:
        raise AccountError("password", "chưa được nhập; hãy gõ mật khẩu.")
    if len(password) < PASSWORD_MIN:
        raise AccountError("password", f"quá ngắn: cần ít nhất {PASSWORD_MIN} ký tự.")
    if len(password) > BaseUser._max_password_length:
        raise AccountError("password", f"dài quá {BaseUser._max_password_length} ký tự.")
    if username and username.casefold() in password.casefold():
        raise AccountError("password", "không được chứa tên đăng nhập; hãy chọn mật khẩu khác.")
    if password.strip() == "" or len(set(password)) < 4 or password.startswith("pbkdf2_sha256"):
        raise AccountError("password", "quá dễ đoán: hãy dùng nhiều ký tự khác nhau.")


def role_of(typed_role: str) -> str:
    """A role by its code or its Vietnamese label, without case."""
    wanted = typed_role.strip().casefold()
    for code, label in ROLES.items():
        if wanted in (code, label.casefold()):
            return code
    named = ", ".join(f"«{label}»" for label in ROLES.values())
    raise AccountError("role", f"hãy chọn một trong: {named}.")


async def unit_of(text: str) -> int:
    """A unit by its code (any case), its exact name, or the one unit whose name or
    code contains `text`; names without diacritics («ldld huyen dong hy»)."""
    text = typed(text)
    row = await Unit.select(Unit.id).where(_same(Unit.code, text)).first()
    if row is None:
        found = await (
            Unit.select(Unit.id, Unit.code, Unit.name)
            .where(contains(text, Unit.name, Unit.code))
            .order_by(Unit.path)
            .limit(6)
        )
        exact = [r for r in found if _plain(r["name"]) == _plain(text)]
        if len(exact) == 1 or len(found) == 1:
            return (exact or found)[0]["id"]
        if not found:
            raise AccountError("unit", f"không có đơn vị nào có mã hoặc tên «{text}».")
        some = "; ".join(f"{r['code']} – {r['name']}" for r in found[:5])
        raise AccountError(
            "unit",
            f"«{text}» khớp nhiều đơn vị ({some}…): hãy nhập đủ mã của đơn vị cần chọn, "
            f"ví dụ {found[0]['code']}.",
        )
    return row["id"]


def _same(column: Column, text: str) -> QueryString:
    """Equal without case (what the *_any_case unique indexes compare)."""
    return QueryString("lower({}) = lower({})", column, text)


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _split_name(full_name: str) -> tuple[str, str]:
    """A Vietnamese full name as BaseUser keeps it: the given name (the last word)
    as first_name, family and middle names as last_name."""
    words = typed(full_name).split()
    return (words[-1], " ".join(words[:-1])) if words else ("", "")


async def create_account(
    username: str,
    password: str,
    role: str,
    unit_code: str | None = None,
    email: str = "",
    *,
    full_name: str = "",
    password_again: str | None = None,
    active: bool = True,
    admin_access: bool = True,
) -> BaseUser:
    """Create a user with its profile in one transaction; admins need no unit.
    `unit_code`: a unit's code, or its name (see unit_of)."""
    username = username.strip()
    if not _USERNAME.fullmatch(username):
        raise AccountError(
            "username",
            "từ 3 đến 100 ký tự: chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới; "
            "bắt đầu bằng chữ cái hoặc chữ số (ví dụ: donghy.nhaplieu).",
        )
    if await BaseUser.exists().where(_same(BaseUser.username, username)):
        raise AccountError("username", f"«{username}» đã có người dùng; hãy chọn tên khác.")
    role = role_of(role)
    unit_id = await unit_of(unit_code) if unit_code and unit_code.strip() else None
    if unit_id is None and role != "admin":
        raise AccountError(
            "unit", f"tài khoản vai trò «{ROLES[role]}» phải thuộc một đơn vị: nhập mã hoặc tên."
        )
    check_password(password, username, password_again)
    email = email.strip()
    if email and not _EMAIL.fullmatch(email):
        raise AccountError("email", f"«{email}» không phải địa chỉ thư; để trống nếu không có.")
    # BaseUser's email is unique and required: an account without one gets a
    # placeholder of its own (two empty ones would clash).
    email = email or f"{username}@example.invalid"
    if await BaseUser.exists().where(_same(BaseUser.email, email)):
        raise AccountError("email", f"«{email}» đã dùng cho tài khoản khác.")
    first_name, last_name = _split_name(full_name)

    async with BaseUser._meta.db.transaction():
        user = await BaseUser.create_user(
            username=username,
            password=password,
            email=email,
            first_name=first_name,
            last_name=last_name,
            active=active,
            # Every account opens the admin; admin.scope and the database's
            # policies show a unit's account only its own part of the tree.
            admin=admin_access,
            superuser=role == "admin",
        )
        await AccountProfile(user=user.id, unit=unit_id, role=role).save()
    return user
