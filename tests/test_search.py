"""Search without diacritics (issue 14, item 6): «lo hoi» finds «Lò hơi» in the
admin's lists, the review queue, the sending page and the API's filter."""

import re
import unicodedata

import pytest
from piccolo.apps.user.tables import BaseUser

from domain.database import engine
from tables.initiatives import Initiative
from tables.units import Unit
from tests.support.accounts import account, log_in, role_token
from tests.support.world import author, initiative, programme, tree

pytestmark = pytest.mark.usefixtures("empty_db")

BOILER = "Cải tiến lò hơi đốt than"
DECOMPOSED = unicodedata.normalize("NFD", "Lò Hơi số 2")  # as a Mac may send it
ROAD = "Đường ống dẫn hơi"


@pytest.fixture
async def world() -> dict[str, int]:
    ids = await tree()
    await programme()
    await Unit.update({Unit.name: "LĐLĐ huyện Đồng Hỷ"}).where(Unit.id == ids["D1"])
    for code, title in (("SK-1", BOILER), ("SK-2", DECOMPOSED), ("SK-ĐH-3", ROAD)):
        ids[code] = await initiative(code, ids["G1"], ids["D1"], title=title)
    ids["OTHER"] = await initiative("SK-4", ids["G1"], ids["D1"], title="Quy trình khác")
    return ids


async def admin_list(client, table: str, **filters: str) -> list[int]:
    params = {**filters, **{f"{k}__match": "contains" for k in filters}}
    response = await client.get(f"/admin/api/tables/{table}/", params=params)
    assert response.status_code == 200, response.text
    return sorted(row["id"] for row in response.json()["rows"])


@pytest.mark.parametrize("role", ["admin", "staff"])
async def test_admin_list_filters_ignore_diacritics_case_and_form(world, client, role):
    await account("nguoidung", role, None if role == "admin" else world["D1"])
    await log_in(client, "nguoidung")
    both = sorted([world["SK-1"], world["SK-2"]])
    for typed in ("lo hoi", "LÒ HƠI", "lò hơi", unicodedata.normalize("NFD", "lò hơi")):
        assert await admin_list(client, "initiative", title=typed) == both, typed
    assert await admin_list(client, "initiative", title="duong ong") == [world["SK-ĐH-3"]]
    assert await admin_list(client, "initiative", code="sk-dh") == [world["SK-ĐH-3"]]
    assert await admin_list(client, "unit", name="dong hy") == [world["D1"]]
    contains = {"title": "lo hoi", "title__match": "contains"}
    count = await client.get("/admin/api/tables/initiative/count/", params=contains)
    assert count.json()["count"] == 2
    starts = {"title": "cai tien", "title__match": "starts"}
    listed = (await client.get("/admin/api/tables/initiative/", params=starts)).json()["rows"]
    assert [row["id"] for row in listed] == [world["SK-1"]]


async def test_authors_are_found_without_diacritics(world, client):
    found = await author("Nguyễn Thị Hằng")
    await author("Trần Văn Bình")
    await account("quantri", "admin")
    await log_in(client, "quantri")
    assert await admin_list(client, "author", name="nguyen thi hang") == [found]


async def test_review_queue_and_sending_page_ignore_diacritics(world, client):
    await account("lanhdao", "manager", world["D1"])
    await log_in(client, "lanhdao")
    page = await client.get("/review", params={"text": "lo hoi"})
    assert page.status_code == 200
    shown = set(re.findall(r"SK-[\wĐ-]+", page.text))
    assert {"SK-1", "SK-2"} <= shown and "SK-4" not in shown
    await Initiative.update({Initiative.status: "draft", Initiative.submitted_on: None}).where(
        Initiative.id == world["SK-ĐH-3"]
    )
    sending = await client.get("/send", params={"text": "DUONG"})
    assert sending.status_code == 200 and "SK-ĐH-3" in sending.text
    assert "SK-4" not in sending.text


async def test_the_api_filter_ignores_diacritics(world, client):
    headers = await role_token("admin")
    cases = (("lo hoi", 2), ("sk-dh", 1), ("Đường", 1), ("duong", 1), ("%", 0), ("％", 0))
    # «％» (fullwidth) folds to «%»: escaped after folding, it is no wildcard.
    for text, expected in cases:
        body = (
            await client.post(
                "/api/approvals",
                json={"action": "approve", "filter": {"text": text}, "dry_run": True},
                headers=headers,
            )
        ).json()
        assert body["requested"] == expected, (text, body)


async def test_search_text_is_what_the_indexes_hold(world):
    [row] = await engine().run_ddl(
        "SELECT search_text('ĐỒNG HỶ Lò Hơi') AS composed,"
        f" search_text('{DECOMPOSED}') AS decomposed"
    )
    assert dict(row) == {"composed": "dong hy lo hoi", "decomposed": "lo hoi so 2"}
    async with engine().transaction() as transaction:
        connection = transaction.connection
        await connection.execute("SET LOCAL enable_seqscan = off")
        plan = await connection.fetch(
            "EXPLAIN SELECT id FROM initiative WHERE search_text(title) LIKE search_text($1)",
            "%lo hoi%",
        )
    assert "initiative_title_search" in "\n".join(r[0] for r in plan)


async def test_a_choice_filter_is_that_choice_not_every_code_containing_it(world, client):
    """«là Công đoàn ngành» picked in the admin's filter: that kind only, not also
    «central_sector_union», which contains its code (the users' trial)."""
    await Unit.insert(
        Unit(code="NG", name="Ngành", kind="sector_union", parent=world["P"]),
        Unit(code="NGTW", name="Ngành TW", kind="central_sector_union", parent=world["ROOT"]),
    )
    await account("quantri", "admin")
    await log_in(client, "quantri")
    response = await client.get("/admin/api/tables/unit/", params={"kind": "sector_union"})
    assert [row["code"] for row in response.json()["rows"]] == ["NG"]


@pytest.mark.parametrize("role", ["admin", "staff"])
async def test_the_admins_row_picker_ignores_diacritics_within_scope(world, client, role):
    """The foreign-key picker (`…/ids/?search=`) compared with piccolo_api's ILIKE:
    «dong hy» found nothing. It searches as the filters do, and offers only rows
    the account may read."""
    await Unit.update({Unit.name: "Công đoàn huyện Đồng Hỷ 2"}).where(Unit.id == world["D2"])
    await account("nguoidung", role, None if role == "admin" else world["D1"])
    await log_in(client, "nguoidung")
    picked = await client.get("/admin/api/tables/unit/ids/", params={"search": "DONG HY"})
    assert picked.status_code == 200, picked.text
    expected = {world["D1"], world["D2"]} if role == "admin" else {world["D1"]}
    assert {int(k) for k in picked.json()} == expected
    assert all("Đồng Hỷ" in name for name in picked.json().values())
    one = await client.get("/admin/api/tables/unit/ids/", params={"search": "hy", "limit": "1"})
    assert len(one.json()) == 1
    wild = await client.get("/admin/api/tables/unit/ids/", params={"search": "%"})
    assert wild.json() == {}  # typed, not a wildcard
    # Only behind Piccolo's session check: signed in, with admin access.
    await BaseUser.update({BaseUser.admin: False}).where(BaseUser.username == "nguoidung")
    assert (await client.get("/admin/api/tables/unit/ids/?search=a")).status_code == 401
    client.cookies.clear()
    assert (await client.get("/admin/api/tables/unit/ids/?search=a")).status_code == 401
