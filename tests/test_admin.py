"""The admin, mounted in the real Litestar app, driven over HTTP as the browser does."""

import re

import httpx
import pytest

from admin.hooks import NO_PUT, STATUS_LOCKED, STATUS_ON_CREATE
from admin.translation import VIETNAMESE
from demo.thai_nguyen import ensure_admin
from domain.violations import MESSAGES
from tables.initiatives import Initiative
from tables.programmes import Target
from tables.units import Unit
from tests.support.accounts import PASSWORD, account, log_in
from tests.support.http import http_client
from tests.support.world import initiative, programme, tree

pytestmark = pytest.mark.usefixtures("empty_db")


async def login(client: httpx.AsyncClient) -> dict[str, str]:
    """The demo's way to the first administrator, then the login form."""
    await ensure_admin("quantri", PASSWORD)
    return await log_in(client, "quantri")


async def test_bare_admin_redirects_to_the_slash(client):
    response = await client.get("/admin", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/admin/"


async def test_admin_page_and_its_assets_are_served_under_the_mount(client):
    page = await client.get("/admin/")
    assert page.status_code == 200 and '<div id="app">' in page.text.replace("'", '"')
    for asset in ("assets/" + part.split('"')[0] for part in page.text.split("/assets/")[1:]):
        response = await client.get(f"/admin/{asset}")
        assert response.status_code == 200, asset
    meta = await client.get("/admin/public/meta/")
    assert meta.json()["site_name"] == "Sáng kiến Công đoàn"


async def test_login_needs_the_csrf_token(client):
    await ensure_admin("quantri", PASSWORD)
    await client.get("/admin/")
    response = await client.post(
        "/admin/public/login/", json={"username": "quantri", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert (await client.get("/admin/api/tables/")).status_code == 401


async def test_wrong_password_is_refused(client):
    await ensure_admin("quantri", PASSWORD)
    page = await client.get("/admin/")
    response = await client.post(
        "/admin/public/login/",
        json={"username": "quantri", "password": "sai"},
        headers={"X-CSRFToken": page.cookies["csrftoken"]},
    )
    assert response.status_code == 401


async def test_vietnamese_is_the_default_and_complete(client):
    listing = (await client.get("/admin/public/translations/")).json()
    assert listing["default_language_code"] == "vi"
    assert {t["language_code"] for t in listing["translations"]} == {"vi", "en"}
    vi = (await client.get("/admin/public/translations/vi/")).json()["translations"]
    english = (await client.get("/admin/public/translations/en/")).json()["translations"]
    assert set(english) <= set(vi)
    assert all(vi[key] for key in english)
    assert vi == VIETNAMESE.translations


async def test_tables_are_listed_and_columns_labelled_in_vietnamese(client):
    await login(client)
    grouped = (await client.get("/admin/api/tables/grouped/")).json()["grouped"]
    assert "initiative" in grouped["3. Sáng kiến"]
    schema = (await client.get("/admin/api/tables/initiative/schema/")).json()
    titles = {name: prop["title"] for name, prop in schema["properties"].items()}
    assert titles["benefit_vnd"] == "Giá trị làm lợi (đồng)"
    assert titles["reviewing_unit"] == "Công đoàn cấp trên trực tiếp (nơi duyệt)"
    status_choices = schema["properties"]["status"]["extra"]["choices"]
    assert status_choices["approved"]["display_name"] == "Hợp lệ"
    assert schema["properties"]["field"]["extra"]["choices"]["it"]["display_name"].startswith(
        "Công nghệ thông tin"
    )


async def test_list_create_and_edit_a_unit(client):
    headers = await login(client)
    ids = await tree()
    created = await post_new(
        client,
        "unit",
        headers,
        code="D3",
        name="LĐLĐ huyện mới",
        kind="district_federation",
        parent=ids["P"],
        active=True,
        path="/rubbish/",
        depth=99,
    )
    assert created.status_code == 201, created.text
    new_id = created.json()[0]["id"]
    row = await Unit.select().where(Unit.id == new_id).first()
    assert row["path"] == f"/{ids['ROOT']}/{ids['P']}/{new_id}/" and row["depth"] == 2

    listing = await client.get("/admin/api/tables/unit/?__readable=true&__page_size=50")
    codes = [r["code"] for r in listing.json()["rows"]]
    assert "D3" in codes and len(codes) == 7
    readable = {r["code"]: r["parent_readable"] for r in listing.json()["rows"]}
    assert readable["D3"] == "P – Đơn vị P"

    edited = await client.patch(
        f"/admin/api/tables/unit/{new_id}/",
        json={"name": "LĐLĐ thị xã mới", "parent": ids["D1"], "path": "/x/"},
        headers=headers,
    )
    assert edited.status_code == 200, edited.text
    row = await Unit.select().where(Unit.id == new_id).first()
    assert row["name"] == "LĐLĐ thị xã mới"
    assert row["path"] == f"/{ids['ROOT']}/{ids['P']}/{ids['D1']}/{new_id}/"


async def test_ids_are_not_written_through_the_admin(client):
    """Issue 12, item 3: a PATCH setting `id` renumbered the unit (children followed,
    stored paths did not) and answered 500."""
    headers = await login(client)
    ids = await tree()
    url = f"/admin/api/tables/unit/{ids['D1']}/"
    moved = await client.patch(url, json={"id": 5003, "name": "Đổi số"}, headers=headers)
    assert "số hiệu (id)" in await refused(moved)
    assert await Unit.exists().where(Unit.id == ids["D1"]) and not await Unit.exists().where(
        Unit.id == 5003
    )
    same = await client.patch(url, json={"id": ids["D1"], "name": "Giữ số"}, headers=headers)
    assert same.status_code == 200, same.text
    created = await post_new(
        client, "unit", headers, id=9999, code="D9", name="Mới", kind="other", parent=ids["P"]
    )
    assert "số hiệu (id)" in await refused(created)
    assert not await Unit.exists().where(Unit.code == "D9")
    from domain.progress import drift

    assert await drift() == []


async def post_new(client, table: str, headers: dict, **values):
    """Create a row as the admin's form does: its defaults, then what was typed."""
    defaults = (await client.get(f"/admin/api/tables/{table}/new/")).json()
    return await client.post(
        f"/admin/api/tables/{table}/", json={**defaults, **values}, headers=headers
    )


async def refused(response) -> str:
    assert response.status_code == 422, response.text
    return response.json()["custom_form_error"]


async def test_bad_data_gets_a_vietnamese_message_and_stores_nothing(client):
    headers = await login(client)
    ids = await tree()
    programme_id, phase_id = await programme()
    units_before = await Unit.count()

    duplicate = await post_new(
        client, "unit", headers, code="D1", name="Trùng mã", kind="other", parent=ids["P"]
    )
    assert await refused(duplicate) == MESSAGES["unit_code_key"]

    bad_choice = await post_new(
        client, "unit", headers, code="D9", name="Sai loại", kind="planet", parent=ids["P"]
    )
    assert await refused(bad_choice) == MESSAGES["unit_kind_check"]

    cycle = await client.patch(
        f"/admin/api/tables/unit/{ids['P']}/", json={"parent": ids["G1"]}, headers=headers
    )
    assert await refused(cycle) == MESSAGES["unit_no_cycle"]
    assert await Unit.count() == units_before

    overlap = await post_new(
        client,
        "phase",
        headers,
        programme=programme_id,
        code="PR-2",
        name="Trùng",
        start_date="2022-05-01",
        end_date="2022-09-01",
    )
    assert await refused(overlap) == MESSAGES["phase_overlap"]

    negative_target = await post_new(
        client, "target", headers, unit=ids["P"], phase=phase_id, programme=None, quota=-5
    )
    assert await refused(negative_target) == MESSAGES["target_quota_non_negative"]
    assert await Target.count() == 0

    negative_value = await post_new(
        client,
        "initiative",
        headers,
        code="SK-9",
        title="Âm",
        unit=ids["G1"],
        reviewing_unit=ids["D1"],
        benefit_vnd=-1,
    )
    assert await refused(negative_value) == MESSAGES["initiative_benefit_non_negative"]

    deleting = await client.delete(f"/admin/api/tables/unit/{ids['D1']}/", headers=headers)
    assert await refused(deleting) == MESSAGES["unit_has_children"]
    assert await Unit.count() == units_before and await Initiative.count() == 0


async def test_status_is_locked_in_the_generic_forms(client):
    headers = await login(client)
    ids = await tree()
    initiative_id = await initiative("SK-1", ids["G1"], ids["D1"])
    url = f"/admin/api/tables/initiative/{initiative_id}/"

    response = await client.patch(url, json={"status": "approved"}, headers=headers)
    assert await refused(response) == STATUS_LOCKED
    response = await client.patch(
        url, json={"decided_at": "2022-07-15T09:00:00+00:00"}, headers=headers
    )
    assert await refused(response) == STATUS_LOCKED

    # The edit form sends every field back: an unchanged status is fine.
    response = await client.patch(
        url, json={"title": "Tên mới", "status": "pending"}, headers=headers
    )
    assert response.status_code == 200, response.text

    whole = (await client.get(url)).json()
    response = await client.put(url, json={**whole, "status": "approved"}, headers=headers)
    assert response.status_code == 405 and response.json()["detail"] == NO_PUT

    created = await post_new(
        client,
        "initiative",
        headers,
        code="SK-2",
        title="Duyệt sẵn",
        unit=ids["G1"],
        reviewing_unit=ids["D1"],
        status="approved",
    )
    assert await refused(created) == STATUS_ON_CREATE
    # Nor sent at once: a new one is a draft, sent through the workflow.
    created = await post_new(
        client, "initiative", headers, code="SK-3", title="Gửi luôn", unit=ids["G1"],
        status="pending",
    )  # fmt: skip
    assert await refused(created) == STATUS_ON_CREATE and "«Nháp»" in STATUS_ON_CREATE

    row = await Initiative.select().where(Initiative.id == initiative_id).first()
    assert row["status"] == "pending" and row["title"] == "Tên mới" and row["decided_at"] is None
    assert await Initiative.count() == 1


async def test_health_answers_without_login(client):
    response = await client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_under_a_root_path_the_redirect_keeps_the_prefix():
    # As when served behind a proxy with `uvicorn --root-path /sangkien`.
    from app import app

    transport = httpx.ASGITransport(app=app, root_path="/sangkien")
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/admin", follow_redirects=False)
        assert response.status_code == 308
        assert response.headers["location"] == "/sangkien/admin/"
        page = await client.get("/admin/")
        assert page.status_code == 200
        # The admin's own URLs are relative, so they resolve under the prefix.
        assert 'src="./assets/' in page.text


async def test_the_admin_page_names_tables_in_vietnamese(client):
    page = (await client.get("/admin/")).text
    assert '"status change": "Lịch sử trạng thái"' in page
    assert '"initiative": "Sáng kiến"' in page
    assert page.index("piccoloAdminDefaultLanguage") < page.index("</head>")


async def test_health_says_when_the_database_does_not_answer(client):
    from domain.engine import Engine

    unreachable = Engine(config={"dsn": "postgres://nobody@127.0.0.1:1/nothing"})
    real, Unit._meta.db = Unit._meta.db, unreachable
    try:
        response = await client.get("/api/health")
    finally:
        Unit._meta.db = real
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "unreachable"}


async def test_a_returned_initiative_is_edited_through_the_whole_form(client):
    """The form sends every field back, its times in whole seconds: a returned
    initiative (which has a decision time) is corrected all the same; an
    approved one is locked, for an administrator too (issue 13)."""
    from datetime import UTC, datetime

    headers = await login(client)
    ids = await tree()
    decided_at = datetime(2022, 7, 15, 9, 30, 12, 345678, tzinfo=UTC)
    returned, approved = [
        await initiative(code, ids["G1"], ids["D1"], status=status, decided_at=decided_at)
        for code, status in (("SK-1", "returned"), ("SK-2", "approved"))
    ]
    for initiative_id in (returned, approved):
        url = f"/admin/api/tables/initiative/{initiative_id}/"
        row = (await client.get(url)).json()
        row.pop("id", None)
        # The form's date-time widget sends whole seconds.
        row["decided_at"] = "2022-07-15T09:30:12+00:00"
        response = await client.patch(url, json={**row, "title": "Tên đã sửa"}, headers=headers)
        if initiative_id == returned:
            assert response.status_code == 200, response.text
        else:
            assert await refused(response) == MESSAGES["initiative_decided_locked"]
    stored = {
        row["id"]: row
        for row in await Initiative.select().where(Initiative.id.is_in([returned, approved]))
    }
    assert stored[returned]["title"] == "Tên đã sửa" and stored[returned]["status"] == "returned"
    assert stored[returned]["decided_at"] == decided_at  # not rewritten to the second
    assert stored[approved]["title"] == "Sáng kiến SK-2"


async def test_tokens_are_issued_and_revoked_in_the_admin(client):
    from admin.hooks import TOKENS_BY_FORM
    from domain.accounts import create_account

    headers = await login(client)
    await create_account("kichban", PASSWORD, "admin")
    forms = (await client.get("/admin/api/forms/")).json()
    assert {"issue-token", "revoke-token"} <= {f["slug"] for f in forms}

    issued = await client.post(
        "/admin/api/forms/issue-token/",
        json={"username": "kichban", "name": "báo cáo tuần", "days": 30},
        headers=headers,
    )
    assert issued.status_code == 200, issued.text
    token = issued.json()["custom_form_success"].rsplit(" ", 1)[-1]
    assert token.startswith("sk_")
    async with http_client() as script:
        me = await script.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200 and me.json()["username"] == "kichban"

        listing = await client.get("/admin/api/tables/api_token/?__readable=true")
        [row] = listing.json()["rows"]
        # Only the hash is stored: the clear token appears nowhere but in the form's answer.
        assert token not in str(row) and row["name"] == "báo cáo tuần"
        assert row["prefix"] == token[:10]
        revoked = await client.post(
            "/admin/api/forms/revoke-token/", json={"token_id": row["id"]}, headers=headers
        )
        assert revoked.status_code == 200, revoked.text
        me = await script.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 401

    unknown = await client.post(
        "/admin/api/forms/issue-token/", json={"username": "ai-đó", "name": "x"}, headers=headers
    )
    assert unknown.status_code == 422 and "ai-đó" in unknown.json()["custom_form_error"]
    typed = await post_new(client, "api_token", headers, user=1, name="gõ tay", prefix="sk_x")
    assert await refused(typed) == TOKENS_BY_FORM


async def test_production_session_cookies_are_secure_and_httponly(monkeypatch):
    from admin.config import build_admin

    monkeypatch.setenv("SANGKIEN_PRODUCTION", "1")
    monkeypatch.setenv("SANGKIEN_ALLOWED_HOSTS", "sangkien.example")
    await ensure_admin("quantri", PASSWORD)
    transport = httpx.ASGITransport(app=build_admin())
    base = "https://sangkien.example"
    async with httpx.AsyncClient(transport=transport, base_url=base) as client:
        await client.get("/")
        response = await client.post(
            "/public/login/",
            json={"username": "quantri", "password": PASSWORD},
            headers={"X-CSRFToken": client.cookies["csrftoken"], "Referer": base + "/"},
        )
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie


async def test_the_login_page_shows_our_refusals_in_words(client):
    page = (await client.get("/admin/")).text
    bundle = re.search(r'src="\./(assets/index-[\w-]+\.js)"', page).group(1)
    script = await client.get(f"/admin/{bundle}")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "Problem logging in" not in script.text
    assert "r.response.data.detail" in script.text and "Sai tên đăng nhập" in script.text
    again = await client.get(f"/admin/{bundle}", headers={"If-None-Match": script.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.usefixtures("empty_db")
async def test_choices_come_in_the_vocabularys_order(client):
    """The schema listed choices by code, so the admin's lists read «Hành chính…, Nông,
    lâm…, Xây dựng…» (users' trial): they come as the entry page lists them."""
    from domain.vocabulary import FIELDS, STATUSES

    await account("quantri", "admin")
    await log_in(client, "quantri")
    schema = (await client.get("/admin/api/tables/initiative/schema/")).json()
    fields = schema["properties"]["field"]["extra"]["choices"]
    assert [c["display_name"] for c in fields.values()] == list(FIELDS.values())
    statuses = schema["properties"]["status"]["extra"]["choices"]
    assert list(statuses) == list(STATUSES)
