"""Input the database cannot take as a value answers 4xx in words, never 500, and
changes nothing (issue 12, item 4: NUL bytes and integers beyond 32 bits)."""

import pytest

from domain.values import NOTE_MAX
from tables.initiatives import StatusChange
from tables.units import Unit
from tests.support.accounts import account, log_in, of_d1, role_token, session_for
from tests.support.database import reset_database
from tests.support.world import review_world, statuses

pytestmark = pytest.mark.usefixtures("empty_db")

BIG = 2**31  # one past PostgreSQL's integer


@pytest.mark.parametrize("role", ["admin", "manager"])
async def test_the_api_refuses_values_the_database_cannot_hold(client, role):
    await review_world()
    headers = await role_token(role)
    for method, path, body in (
        ("GET", "/api/initiatives?unit=D1%00", None),
        ("GET", f"/api/initiatives/{BIG}", None),
        ("GET", "/api/progress?unit=D1%00&phase=PR-1", None),
        ("POST", "/api/approvals", {"action": "approve", "ids": [BIG]}),
        ("POST", "/api/approvals", {"action": "approve", "filter": {"text": "a\x00b"}}),
        ("POST", "/api/approvals", {"action": "transfer", "ids": [1], "to_unit": "P\x00"}),
    ):
        response = await client.request(method, path, json=body, headers=headers)
        assert 400 <= response.status_code < 500, (path, body, response.text)
        assert "Internal Server Error" not in response.text
    assert await StatusChange.count() == 0
    assert (await client.get("/api/me", headers=headers)).status_code == 200


async def test_the_review_page_refuses_them_in_a_page(client):
    await review_world()
    await account("admin", "admin")
    await log_in(client, "admin")
    page = await client.get("/review", params={"text": "a\x00b"})
    assert page.status_code == 400 and "ký tự NUL" in page.text


@pytest.mark.parametrize("role", ["admin", "staff"])
async def test_the_admin_refuses_them_with_the_sentence(client, role):
    ids = await review_world()
    headers = await session_for(client, await of_d1(role, ids))
    unit = f"/admin/api/tables/unit/{ids['G1']}/"
    for method, path, body in (
        ("GET", "/admin/api/tables/initiative/?title=a%00b", None),
        ("GET", f"/admin/api/tables/unit/{2**40}/", None),
        ("PATCH", unit, {"name": "Tên\x00mới"}),
    ):
        response = await client.request(method, path, json=body, headers=headers)
        assert 400 <= response.status_code < 500, (path, response.text)
        if response.status_code == 400:
            assert response.json()["custom_form_error"].startswith("Dữ liệu gửi lên")
    assert await Unit.select(Unit.name).where(Unit.id == ids["G1"]).first() == {"name": "Đơn vị G1"}


@pytest.mark.parametrize("role", ["admin", "staff"])
async def test_the_admins_lists_refuse_wrong_filter_values_in_words(client, role):
    """A filter's value of the wrong type was pydantic's English 422, and a decimal
    of over 18 digits or with places an uncaught 500 (the user trial); an amount
    beyond its bound (a BIGINT since issue 14) reached PostgreSQL."""
    ids = await review_world()
    await session_for(client, await of_d1(role, ids))
    base = "/admin/api/tables/initiative/"
    for query, status, words in (
        ("?benefit_vnd=12345678901234567890", 422, "(đồng)»: «12345678901234567890»: số tiền quá"),
        ("?benefit_vnd=1.5", 422, "«1.5»: tiền đồng không có phần lẻ"),
        ("?submitted_on=abc", 422, "«Ngày gửi»: «abc» không phải ngày"),
        ("?confidential=maybe", 422, "«Bảo mật» phải là «Có» hoặc «Không»"),
        ("?__page_size=100000000000", 403, "«__page_size»"),
        ("?status__operator=foo", 400, "«foo»"),
        ("abc/", 400, "Mã số bản ghi không hợp lệ"),
    ):  # fmt: skip
        response = await client.get(base + query)
        assert response.status_code == status, (query, response.text)
        assert words in response.json()["detail"], (query, response.text)
    share = await client.get("/admin/api/tables/authorship/?share=1e999")
    assert share.status_code == 422 and "«Tỷ lệ đóng góp (%)»" in share.json()["detail"]
    assert (await client.get(base)).status_code == 200  # and the list itself still answers


async def test_the_last_day_there_is_and_the_admins_own_parameters(client):
    ids = await review_world()
    headers = await role_token("admin")
    last = await client.get(
        "/api/progress", params={"unit": "D1", "phase": "PR-1", "as_of": "9999-12-31"},
        headers=headers,
    )  # fmt: skip
    assert last.status_code == 200, last.text
    assert last.json()["pending"] == 6
    admin = await session_for(client, await account("quantri", "admin"))
    base = "/admin/api/tables/initiative/"
    for order in ("nonexistent", "unit.code"):  # a join is not a column of the table
        unknown = await client.get(f"{base}?__order={order}")
        assert unknown.status_code == 400 and f"«{order}»" in unknown.json()["detail"]
    for order in ("-id", "code,-submitted_on"):
        assert (await client.get(f"{base}?__order={order}")).status_code == 200, order
    empty = await client.patch(f"/admin/api/tables/unit/{ids['G1']}/", json={}, headers=admin)
    assert empty.status_code == 422 and "Không có thay đổi" in empty.json()["custom_form_error"]


async def test_a_note_over_2000_characters_is_refused_in_words(client):
    await reset_database()
    ids = await review_world()
    headers = await role_token("admin")
    for action in ("approve", "return"):
        body = {"action": action, "ids": [ids["I0"]], "note": "x" * (NOTE_MAX + 1)}
        refused = await client.post("/api/approvals", json=body, headers=headers)
        assert refused.status_code == 400, refused.text
        assert "note" in refused.json()["detail"]
    assert await statuses(ids["I0"]) == ["pending"]
    body = {"action": "return", "ids": [ids["I0"]], "note": "x" * NOTE_MAX}
    assert (await client.post("/api/approvals", json=body, headers=headers)).status_code == 200
