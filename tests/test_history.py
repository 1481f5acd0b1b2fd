"""The edit history of a sent initiative: recorded by the database whatever path
writes (db/history/), once per change, with who and when; nothing for drafts or
status changes; read only in scope; shown in words by the API and the admin."""

import re
from datetime import date

import pytest

from admin.scope import ADMIN_KEEPS
from domain.database import engine
from domain.history import EMPTY, NO_ACCOUNT, UNIT_OUTSIDE, shown
from domain.vocabulary import EDITED_COLUMNS, EDITED_FIELDS
from tables.initiatives import Author, Authorship, Initiative, InitiativeEdit, StatusChange
from tests.support.accounts import account, role_token, session_for, token_for
from tests.support.world import author, initiative, programme, tree

pytestmark = pytest.mark.usefixtures("empty_db")

# The initiative's columns the history leaves to others: its id and creation, and
# the workflow's own (its audit rows, status_change, record those).
NOT_EDITED = {"id", "created_at", "status", "decided_at", "decided_by"}
RAW = re.compile(r"\d{4}-\d{2}-\d{2}|None|null|benefit_vnd|submitted_on|^\d+$")


async def edits(initiative_id: int) -> list[dict]:
    return await (
        InitiativeEdit.select()
        .where(InitiativeEdit.initiative == initiative_id)
        .order_by(InitiativeEdit.id)
    )


async def world() -> dict[str, int]:
    ids = await tree()
    await programme()
    ids["sent"] = await initiative("SENT", ids["G1"], ids["D1"])
    ids["draft"] = await initiative("DRAFT", ids["G1"], ids["D1"], status="draft")
    ids["outside"] = await initiative("OUT", ids["G2"], ids["D2"])
    ids["author"] = await author("Trần Thị Bình")
    await Author.update({Author.unit: ids["G1"]}).where(Author.id == ids["author"])
    return ids


async def form_edit(client, headers, table: str, row_id: int, **changes):
    """As the admin's edit form does: the whole row back, with the changes."""
    url = f"/admin/api/tables/{table}/{row_id}/"
    row = (await client.get(url)).json()
    row.pop("id", None)
    return await client.patch(url, json={**row, **changes}, headers=headers)


def test_every_column_is_recorded_or_deliberately_not():
    """A column added to initiatives later must be put in one of the two lists."""
    columns = {column._meta.db_column_name for column in Initiative._meta.columns}
    assert set(EDITED_COLUMNS) | NOT_EDITED == columns
    assert not set(EDITED_COLUMNS) & NOT_EDITED
    assert set(EDITED_FIELDS) == {*EDITED_COLUMNS, "share"}


async def test_each_edited_column_is_recorded_once_whatever_writes_it():
    """The trigger's own list is the vocabulary's: every column changed at once by
    the owner, without a request (maintenance), is one row each, without an account."""
    ids = await world()
    changes = {
        "code": "SENT-2",
        "title": "Tên mới",
        "summary": "<p>Tóm tắt mới</p>",
        "field": "health",
        "solution_type": "management",
        "unit": ids["D1"],
        "reviewing_unit": ids["P"],
        "submitted_on": date(2022, 3, 2),
        "first_applied_on": date(2022, 2, 1),
        "benefit_vnd": 2_500_000,
        "recognition_form": "commendation_decision",
        "decision_number": "12/QĐ",
        "decision_date": date(2022, 2, 20),
        "issuing_body": "LĐLĐ huyện",
        "recognition_scope": "national",
        "confidential": True,
        "decision_note": "Ghi chú",
    }
    assert set(changes) == set(EDITED_COLUMNS)
    await Initiative.update(changes).where(Initiative.id == ids["sent"])
    rows = await edits(ids["sent"])
    assert sorted(row["field"] for row in rows) == sorted(EDITED_COLUMNS)
    by_field = {row["field"]: row for row in rows}
    assert (by_field["benefit_vnd"]["old_value"], by_field["benefit_vnd"]["new_value"]) == (
        "1000000",
        "2500000",
    )
    assert by_field["submitted_on"]["new_value"] == "2022-03-02"
    assert by_field["first_applied_on"]["old_value"] is None
    assert by_field["confidential"]["new_value"] == "true"
    assert {(row["actor"], row["actor_name"]) for row in rows} == {(None, "")}
    # The same values again change nothing.
    await Initiative.update(changes).where(Initiative.id == ids["sent"])
    assert len(await edits(ids["sent"])) == len(EDITED_COLUMNS)


async def test_a_drafts_edits_and_authors_are_not_recorded(client):
    ids = await world()
    user = await account("nhaplieu", "staff", ids["D1"])
    headers = await session_for(client, user)
    edited = await form_edit(client, headers, "initiative", ids["draft"], title="Nháp đã sửa")
    assert edited.status_code == 200, edited.text
    added = await client.post(
        "/admin/api/tables/authorship/",
        json={"initiative": ids["draft"], "author": ids["author"], "share": 100},
        headers=headers,
    )
    assert added.status_code == 201, added.text
    assert await edits(ids["draft"]) == []
    assert await InitiativeEdit.count() == 0


async def test_staff_edits_of_a_sent_initiative_are_recorded_with_who_and_when(client):
    ids = await world()
    user = await account("nhaplieu", "staff", ids["D1"])
    headers = await session_for(client, user)
    [now] = await engine().run_ddl("SELECT now() AS now")
    edited = await form_edit(
        client, headers, "initiative", ids["sent"],
        title="Tên đã sửa", benefit_vnd="99000000000", first_applied_on="2022-02-05",
    )  # fmt: skip
    assert edited.status_code == 200, edited.text
    rows = await edits(ids["sent"])
    assert [(r["field"], r["old_value"], r["new_value"]) for r in rows] == [
        ("benefit_vnd", "1000000", "99000000000"),
        ("first_applied_on", None, "2022-02-05"),
        ("title", "Sáng kiến SENT", "Tên đã sửa"),
    ]
    assert {(r["actor"], r["actor_name"]) for r in rows} == {(user, "nhaplieu")}
    assert all(r["at"] >= now["now"] for r in rows)

    # An author added, their share changed, then removed: one row each.
    added = await client.post(
        "/admin/api/tables/authorship/",
        json={"initiative": ids["sent"], "author": ids["author"], "share": 60},
        headers=headers,
    )
    assert added.status_code == 201, added.text
    link = added.json()[0]["id"]
    changed = await form_edit(client, headers, "authorship", link, share="60.5")
    assert changed.status_code == 200, changed.text
    removed = await client.delete(f"/admin/api/tables/authorship/{link}/", headers=headers)
    assert removed.status_code == 204, removed.text
    shares = [r for r in await edits(ids["sent"]) if r["field"] == "share"]
    assert [(r["author_name"], r["old_value"], r["new_value"]) for r in shares] == [
        ("Trần Thị Bình", None, "60.00"),
        ("Trần Thị Bình", "60.00", "60.50"),
        ("Trần Thị Bình", "60.50", None),
    ]
    assert {(r["author"], r["actor"]) for r in shares} == {(ids["author"], user)}
    assert await StatusChange.count() == 0  # an edit is no status change


async def test_an_administrators_edit_names_the_administrator(client):
    ids = await world()
    admin = await account("quantri", "admin")
    headers = await session_for(client, admin)
    edited = await form_edit(client, headers, "initiative", ids["outside"], title="Sửa bởi QT")
    assert edited.status_code == 200, edited.text
    [row] = await edits(ids["outside"])
    assert (row["field"], row["actor"], row["actor_name"]) == ("title", admin, "quantri")


async def test_authors_loaded_with_their_initiative_are_no_edit():
    """A data load (no request) or the request that creates the initiative writes
    its authors: nothing to record."""
    ids = await world()
    await Authorship.insert(Authorship(initiative=ids["sent"], author=ids["author"]))
    assert await edits(ids["sent"]) == []


async def test_status_changes_are_left_to_their_audit_and_a_transfer_names_the_units(client):
    ids = await world()
    headers = await role_token("manager", "D1")
    approved = await client.post(
        "/api/approvals", json={"action": "approve", "ids": [ids["sent"]]}, headers=headers
    )
    assert approved.status_code == 200, approved.text
    assert await edits(ids["sent"]) == []
    assert await StatusChange.count() == 1
    other = await initiative("OTHER", ids["G1"], ids["D1"])
    moved = await client.post(
        "/api/approvals",
        json={"action": "transfer", "ids": [other], "to_unit": "P"},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    [row] = await edits(other)
    assert (row["field"], row["old_value"], row["new_value"]) == (
        "reviewing_unit",
        str(ids["D1"]),
        str(ids["P"]),
    )
    assert row["actor_name"] == "manager"


async def test_the_api_shows_the_history_raw_and_in_words(client):
    ids = await world()
    headers = await role_token("staff", "D1")
    async with engine().transaction():  # as a request of the staff's would
        await Initiative.raw(
            "SELECT set_config('sangkien.user', id::text, true) FROM piccolo_user"
            " WHERE username = 'staff'"
        )
        await Initiative.update({Initiative.benefit_vnd: 1_234_567}).where(
            Initiative.id == ids["sent"]
        )
    moved = await client.post(
        "/api/approvals",
        json={"action": "transfer", "ids": [ids["sent"]], "to_unit": "P"},
        headers=await role_token("manager", "D1"),
    )
    assert moved.status_code == 200, moved.text
    response = await client.get(f"/api/initiatives/{ids['sent']}", headers=headers)
    assert response.status_code == 200, response.text
    history = response.json()["history"]
    benefit, reviewer = history
    assert benefit["field"] == "benefit_vnd" and benefit["label"] == "Giá trị làm lợi (đồng)"
    assert (benefit["old"], benefit["new"]) == ("1000000", "1234567")
    assert (benefit["old_shown"], benefit["new_shown"]) == ("1.000.000 đ", "1.234.567 đ")
    assert benefit["by"] == benefit["by_shown"] == "staff"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", benefit["at_shown"])
    # The province lies outside a district's account's scope: named by its name alone.
    assert reviewer["old_shown"] == "D1 – Đơn vị D1" and reviewer["new_shown"] == "Đơn vị P"
    assert (reviewer["old"], reviewer["new"], reviewer["by"]) == (
        str(ids["D1"]),
        str(ids["P"]),
        "manager",
    )
    listed = (await client.get("/api/initiatives", headers=headers)).json()["items"]
    assert all(item["history"] is None for item in listed)


async def test_the_history_is_documented_in_the_openapi_schema(client):
    headers = await role_token("admin")
    schema = (await client.get("/schema/openapi.json", headers=headers)).json()
    entry = schema["components"]["schemas"]["HistoryEntry"]
    assert set(entry["properties"]) == {
        "at", "at_shown", "field", "label", "old", "new", "old_shown", "new_shown", "by",
        "by_shown",
    }  # fmt: skip
    assert all(prop.get("description") for prop in entry["properties"].values())
    assert set(entry["properties"]["field"]["enum"]) == set(EDITED_FIELDS)


@pytest.mark.parametrize("role", ["viewer", "staff", "manager"])
async def test_the_history_is_read_only_in_scope(client, role):
    ids = await world()
    secret = await initiative("SECRET", ids["G2"], ids["D1"], confidential=True)
    for target in (ids["sent"], ids["outside"], secret):
        await Initiative.update({Initiative.title: "Đã sửa"}).where(Initiative.id == target)
    user = await account(role, role, ids["D1"])
    await session_for(client, user)
    listed = (await client.get("/admin/api/tables/initiative_edit/?__page_size=100")).json()
    assert {row["initiative"] for row in listed["rows"]} == {ids["sent"]}
    # Read with the API's masking on, a confidential initiative from outside keeps
    # its history to itself (the policy, not only the API).
    await account(f"{role}.api", role, ids["D1"])
    headers = await token_for(f"{role}.api")
    detail = (await client.get(f"/api/initiatives/{secret}", headers=headers)).json()
    assert detail["masked"] and detail["history"] is None
    async with engine().transaction() as transaction:
        connection = transaction.connection
        await connection.execute(
            "SELECT set_config('sangkien.scope', $1, true),"
            " set_config('sangkien.masked_reads', 'on', true), set_config('role', $2, true)",
            f"/{ids['ROOT']}/{ids['P']}/{ids['D1']}/",
            "sangkien_viewer",
        )
        seen = await connection.fetch("SELECT initiative FROM initiative_edit")
        assert {row["initiative"] for row in seen} == {ids["sent"]}
        # Nobody but the triggers writes it.
        await connection.execute("SELECT set_config('role', 'sangkien_staff', true)")
        with pytest.raises(Exception, match="permission denied"):
            await connection.execute(
                "INSERT INTO initiative_edit (initiative, field) VALUES ($1, 'title')", ids["sent"]
            )
        await transaction.rollback()
    if role != "viewer":
        refused = await client.delete(
            f"/admin/api/tables/initiative_edit/{listed['rows'][0]['id']}/",
            headers={"X-CSRFToken": client.cookies["csrftoken"]},
        )
        assert refused.status_code == 403 and refused.json()["detail"] == ADMIN_KEEPS


async def test_the_admin_shows_the_history_in_words_and_keeps_it(client):
    from admin.hooks import HISTORY_BY_DATABASE

    ids = await world()
    admin = await account("quantri", "admin")
    headers = await session_for(client, admin)
    edited = await form_edit(
        client, headers, "initiative", ids["sent"],
        benefit_vnd=None, first_applied_on="2022-02-05", field="health", confidential=True,
    )  # fmt: skip
    assert edited.status_code == 200, edited.text
    moved = await client.post(
        "/api/approvals",
        json={"action": "transfer", "ids": [ids["sent"]], "to_unit": "P"},
        headers=await token_for("quantri"),
    )
    assert moved.status_code == 200, moved.text
    await Initiative.update({Initiative.title: "Không qua yêu cầu"}).where(
        Initiative.id == ids["sent"]
    )
    base = "/admin/api/tables/initiative_edit/"
    listed = await client.get(f"{base}?initiative={ids['sent']}&__readable=true&__order=id")
    rows = listed.json()["rows"]
    shown_values = [(r["old_value"], r["new_value"], r["actor_name"]) for r in rows]
    assert shown_values == [
        ("1.000.000 đ", EMPTY, "quantri"),
        ("Không", "Có", "quantri"),
        ("Khác", "Y tế", "quantri"),
        (EMPTY, "05/02/2022", "quantri"),
        ("D1 – Đơn vị D1", "P – Đơn vị P", "quantri"),
        ("Sáng kiến SENT", "Không qua yêu cầu", NO_ACCOUNT),
    ]
    assert rows[0]["initiative_readable"] == "SENT – Không qua yêu cầu"
    one = (await client.get(f"{base}{rows[3]['id']}/")).json()
    assert (one["old_value"], one["new_value"]) == (EMPTY, "05/02/2022")
    # The field by its label; the columns by theirs; no raw value left.
    schema = (await client.get(f"{base}schema/")).json()
    choices = schema["properties"]["field"]["extra"]["choices"]
    assert choices["submitted_on"]["display_name"] == "Ngày gửi"
    assert schema["properties"]["old_value"]["title"] == "Giá trị cũ"
    for row in rows:
        for key in ("old_value", "new_value", "actor_name"):
            assert not RAW.search(str(row[key])), row
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row["at"])  # Vietnam time
    # An initiative's page links to its history.
    references = (await client.get("/admin/api/tables/initiative/references/")).json()
    assert {"tableName": "initiative_edit", "columnName": "initiative"} in [
        {k: ref[k] for k in ("tableName", "columnName")} for ref in references["references"]
    ]
    # Nobody edits it, not even an administrator.
    url = f"{base}{rows[0]['id']}/"
    refused = await client.patch(url, json={"new_value": "x"}, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["custom_form_error"] == HISTORY_BY_DATABASE
    refused = await client.delete(url, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["custom_form_error"] == HISTORY_BY_DATABASE


def test_values_in_words():
    assert shown("benefit_vnd", "99000000000", {}) == "99.000.000.000 đ"
    assert shown("benefit_vnd", None, {}) == EMPTY
    assert shown("decision_date", "2022-12-31", {}) == "31/12/2022"
    assert shown("share", "100.00", {}) == "100 %"
    assert shown("share", "60.50", {}) == "60,5 %"
    assert shown("recognition_scope", "national", {}) == "Cấp toàn quốc"
    assert shown("unit", "7", {7: "D1 – Đơn vị D1"}) == "D1 – Đơn vị D1"
    assert shown("unit", "8", {}) == UNIT_OUTSIDE
    assert shown("summary", "<p>Một &amp; hai</p>", {}) == "Một & hai"
    assert shown("decision_note", "", {}) == EMPTY
