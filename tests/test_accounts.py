"""Accounts in one form (issue 14, item 7): an administrator creates an account with
its unit and role, which logs in at once; each refusal names its field; each
role's sidebar shows only what it can use."""

import pytest

from admin.hooks import ACCOUNTS_BY_FORM
from demo.thai_nguyen import ensure_admin
from tables.accounts import AccountProfile
from tables.units import Unit
from tests.support.accounts import PASSWORD, account, log_in, session_for
from tests.support.http import http_client
from tests.support.world import tree

pytestmark = pytest.mark.usefixtures("empty_db")

FORM = "/admin/api/forms/create-account/"
NEW = {
    "username": "donghy.nhaplieu",
    "full_name": "Nguyễn Thị Hằng",
    "unit": "ldld huyen dong hy",  # by name, without diacritics
    "role": "Cán bộ nhập liệu",
    "password": "Mùa-xuân-2026",
    "password_again": "Mùa-xuân-2026",
    "active": True,
    "admin_access": True,
    "email": "",
}


@pytest.fixture
async def world() -> dict[str, int]:
    ids = await tree()
    await Unit.update({Unit.name: "LĐLĐ huyện Đồng Hỷ"}).where(Unit.id == ids["D1"])
    return ids


async def as_admin(client) -> dict[str, str]:
    await ensure_admin("quantri", PASSWORD)
    return await log_in(client, "quantri")


async def test_an_administrator_creates_a_staff_account_that_logs_in(world, client):
    headers = await as_admin(client)
    schema = (await client.get(f"{FORM}schema/")).json()["properties"]
    assert schema["password"]["format"] == "password"
    assert schema["active"]["default"] is True and schema["admin_access"]["default"] is True
    done = await client.post(FORM, json=NEW, headers=headers)
    assert done.status_code == 200, done.text
    assert done.json()["custom_form_success"] == "Đã tạo tài khoản «donghy.nhaplieu»."
    profile = await (
        AccountProfile.select(
            AccountProfile.unit, AccountProfile.role, AccountProfile.user.last_name
        )
        .where(AccountProfile.user.username == "donghy.nhaplieu")
        .first()
    )
    assert profile == {"unit": world["D1"], "role": "staff", "user.last_name": "Nguyễn Thị"}

    # A second account without an email is no clash.
    other = {**NEW, "username": "donghy.hai", "unit": "D1", "role": "staff"}
    assert (await client.post(FORM, json=other, headers=headers)).status_code == 200

    async with http_client() as staff:
        await log_in(staff, "donghy.nhaplieu", "Mùa-xuân-2026")
        tables = (await staff.get("/admin/api/tables/")).json()
        assert "initiative" in tables and "piccolo_user" not in tables


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"username": "quantri"}, "Tên đăng nhập", "đã có người dùng"),
        ({"username": "QUANTRI"}, "Tên đăng nhập", "đã có người dùng"),
        ({"username": "đồng hỷ"}, "Tên đăng nhập", "chữ cái không dấu"),
        ({"password_again": "Mùa-xuân-2027"}, "Nhập lại mật khẩu", "không khớp"),
        ({"password": "abc12", "password_again": "abc12"}, "Mật khẩu", "ít nhất 8"),
        ({"password": "aaaaaaaaaa", "password_again": "aaaaaaaaaa"}, "Mật khẩu", "dễ đoán"),
        (
            {"password": "donghy.nhaplieu1", "password_again": "donghy.nhaplieu1"},
            "Mật khẩu",
            "tên đăng nhập",
        ),
        ({"unit": "huyện Không Có"}, "Đơn vị", "không có đơn vị nào"),
        ({"unit": "don vi"}, "Đơn vị", "khớp nhiều đơn vị (ROOT – Đơn vị ROOT; P – "),
        ({"unit": "don vi"}, "Đơn vị", "hãy nhập đủ mã của đơn vị cần chọn, ví dụ ROOT."),
        ({"unit": ""}, "Đơn vị", "phải thuộc một đơn vị"),
        ({"role": "giám đốc"}, "Vai trò", "«Xem», «Cán bộ nhập liệu», «Lãnh đạo duyệt»"),
        ({"email": "thư"}, "Thư điện tử", "không phải địa chỉ thư"),
    ],
)
async def test_each_refusal_names_its_field(world, client, change, field, says):
    headers = await as_admin(client)
    refused = await client.post(FORM, json={**NEW, **change}, headers=headers)
    assert refused.status_code == 422
    message = refused.json()["custom_form_error"]
    assert message.startswith(f"«{field}»: ") and says in message, message
    assert message.endswith("Chưa tạo tài khoản.")
    assert await AccountProfile.count() == 1  # the administrator's


async def test_only_administrators_create_accounts(world, client):
    headers = await session_for(client, await account("lanhdao", "manager", world["D1"]))
    refused = await client.post(FORM, json=NEW, headers=headers)
    assert refused.status_code == 422
    assert "Chỉ quản trị hệ thống" in refused.json()["custom_form_error"]


async def test_a_bare_user_row_is_refused_pointing_to_the_form(world, client):
    headers = await as_admin(client)
    row = {"username": "tre", "password": "Mùa-xuân-2026", "email": "a@b.vn"}
    refused = await client.post("/admin/api/tables/piccolo_user/", json=row, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["custom_form_error"] == ACCOUNTS_BY_FORM


async def test_the_page_masks_passwords_and_hides_the_mfa_link(client):
    page = (await client.get("/admin/")).text
    assert '["password", "password_again"]' in page
    assert 'li:has(> a[href="./api/mfa-setup/"]) { display: none !important; }' in page


EXCEL = "Xuất Excel danh sách sáng kiến"  # every role: its own scope
SIDEBAR = {
    "viewer": ({EXCEL}, set()),
    "staff": ({"Gửi sáng kiến", "Nhập sáng kiến", EXCEL}, {"send-initiatives", "bulk-send"}),
    "manager": (
        {"Hàng chờ duyệt", "Gửi sáng kiến", "Nhập sáng kiến", EXCEL},
        {"send-initiatives", "bulk-send", "bulk-decision"},
    ),
    "admin": (
        {
            "Hàng chờ duyệt",
            "Gửi sáng kiến",
            "Nhập sáng kiến",
            "Tình trạng hệ thống",
            "Tài liệu API",
            EXCEL,
        },
        {
            "send-initiatives",
            "bulk-send",
            "bulk-decision",
            "create-account",
            "issue-token",
            "revoke-token",
        },
    ),
}


@pytest.mark.parametrize("role", SIDEBAR)
async def test_each_role_sees_only_what_it_can_use(world, client, role):
    await session_for(client, await account(role, role, None if role == "admin" else world["D1"]))
    links, forms = SIDEBAR[role]
    assert set((await client.get("/admin/api/links/")).json()) == links
    assert {f["slug"] for f in (await client.get("/admin/api/forms/")).json()} == forms
    grouped = (await client.get("/admin/api/forms/grouped/")).json()
    listed = {f["slug"] for group in grouped["grouped"].values() for f in group}
    assert listed | {f["slug"] for f in grouped["ungrouped"]} == forms


@pytest.mark.usefixtures("empty_db")
async def test_changing_ones_password_follows_the_rules_in_words(client):
    """«Đổi mật khẩu»: piccolo_api took any 6 characters and answered in English
    (the review of issue 14); the rules of «Tạo tài khoản», in Vietnamese."""
    await account("doimk", "admin")
    headers = await log_in(client, "doimk")
    url = "/admin/api/change-password/"

    async def change(new: str, again: str | None = None, current: str = PASSWORD):
        body = {"current_password": current, "new_password": new}
        body["confirm_new_password"] = new if again is None else again
        return await client.post(url, json=body, headers=headers)

    short = await change("abc123")
    assert short.status_code == 422
    assert short.json()["detail"].startswith("«Mật khẩu mới»: quá ngắn: cần ít nhất 8 ký tự")
    empty = await change("")
    assert empty.json()["detail"] == "«Mật khẩu mới»: chưa được nhập; hãy gõ mật khẩu."
    named = await change("doimk-2026-xyz")
    assert "không được chứa tên đăng nhập" in named.json()["detail"]
    differ = await change("Dai-va-kho-doan-1", "Dai-va-kho-doan-2")
    assert differ.json()["detail"] == (
        "«Nhập lại mật khẩu mới»: không khớp với «Mật khẩu mới»; hãy gõ lại cả hai."
    )
    wrong = await change("Dai-va-kho-doan-1", current="sai-mat-khau")
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "«Mật khẩu hiện tại» không đúng; hãy gõ lại."
    done = await change("Dai-va-kho-doan-1")
    assert done.status_code in (200, 303), done.text
