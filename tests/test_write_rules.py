"""Issue 13's database rules on every path that writes: the admin's forms (its
API, with a staff member's, a manager's or an administrator's session), the
API's workflow (`POST /api/approvals`), and SQL sent straight as a unit
account's role. Each refusal carries its Vietnamese sentence.

Routing: an initiative goes to its unit's parent, set by the database; only the
workflow's transfer sends it elsewhere. Decided (approved, rejected) records are
locked; sent ones are kept (withdrawn, not deleted); drafts are deleted.
The role × table matrix (test_scope_matrix) covers the locks for every role.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.database import engine
from domain.scope import SET_CALLER
from domain.violations import MESSAGES, explain
from tables.initiatives import Author, Authorship, Initiative
from tests.support.accounts import of_d1, role_token, session_for
from tests.support.rules import refusing_to_send
from tests.support.world import author, initiative, programme, tree

pytestmark = pytest.mark.usefixtures("empty_db")

WRITERS = ["staff", "manager", "admin"]
DECIDED_AT = datetime(2022, 3, 10, 8, 0, tzinfo=UTC)


async def world() -> dict[str, int]:
    """The tree and a programme; initiatives of G1 (sent to D1) in each status,
    the approved one with an author."""
    ids = await tree()
    await programme()
    ids["pending"] = await initiative("PEN", ids["G1"], ids["D1"])
    ids["draft"] = await initiative("DRA", ids["G1"], ids["D1"], status="draft", submitted_on=None)
    ids["returned"] = await initiative("RET", ids["G1"], ids["D1"], status="returned")
    for status in ("approved", "rejected"):
        ids[status] = await initiative(
            status[:3].upper(), ids["G1"], ids["D1"], status=status, decided_at=DECIDED_AT
        )
    ids["author"] = await author("Tác giả đã được công nhận")
    ids["author_in"] = await author("Tác giả khác của G1")
    await Author.update({Author.unit: ids["G1"]}).where(
        Author.id.is_in([ids["author"], ids["author_in"]])
    )
    [row] = await Authorship.insert(Authorship(initiative=ids["approved"], author=ids["author"]))
    ids["authorship"] = row["id"]
    return ids


async def signed_in(client, role: str, ids: dict[str, int]) -> dict[str, str]:
    """An account of D1 (an administrator's has none) signed in to the admin."""
    return await session_for(client, await of_d1(role, ids))


async def as_unit_account(ids: dict[str, int], statement: str, *args) -> str | None:
    """`statement` run as a D1 staff account runs it (its role, scope and user),
    then rolled back; the sentence of its refusal, or None if accepted."""
    path = f"/{ids['ROOT']}/{ids['P']}/{ids['D1']}/"
    async with engine().transaction() as transaction:
        connection = transaction.connection
        await connection.execute(SET_CALLER, path, "1", str(ids["D1"]), "sangkien_staff")
        try:
            await connection.execute(statement, *args)
            message = None
        except Exception as problem:
            message = explain(problem)
        await transaction.rollback()
    return message


async def row(initiative_id: int) -> dict:
    return await Initiative.select().where(Initiative.id == initiative_id).first()


def refusal_of(response) -> str:
    assert response.status_code == 422, response.text
    return response.json()["custom_form_error"]


async def create(client, headers, **values):
    defaults = (await client.get("/admin/api/tables/initiative/new/")).json()
    return await client.post(
        "/admin/api/tables/initiative/", json={**defaults, **values}, headers=headers
    )


# -- routing


@pytest.mark.parametrize("role", WRITERS)
async def test_the_database_sends_a_new_initiative_to_its_units_parent(client, role):
    ids = await world()
    headers = await signed_in(client, role, ids)
    new = {"title": "Sáng kiến mới", "status": "draft", "reviewing_unit": None}
    of_g1 = await create(client, headers, code="G1-NEW", unit=ids["G1"], **new)
    assert of_g1.status_code == 201, of_g1.text
    # A district's own initiative goes to the province.
    of_d1 = await create(client, headers, code="D1-NEW", unit=ids["D1"], **new)
    assert of_d1.status_code == 201, of_d1.text
    sent = {
        r["code"]: r["reviewing_unit"]
        for r in await Initiative.select().where(Initiative.code.is_in(["G1-NEW", "D1-NEW"]))
    }
    assert sent == {"G1-NEW": ids["D1"], "D1-NEW": ids["P"]}


@pytest.mark.parametrize("role", WRITERS)
async def test_rerouting_through_the_forms_is_refused(client, role):
    ids = await world()
    headers = await signed_in(client, role, ids)
    url = f"/admin/api/tables/initiative/{ids['pending']}/"
    # The request: a pending initiative sent to another unit of the scope.
    for elsewhere in (ids["P"], ids["G1"]):
        response = await client.patch(url, json={"reviewing_unit": elsewhere}, headers=headers)
        assert refusal_of(response) == MESSAGES["initiative_sent_to_parent"]
    # A new one naming a reviewer that is not its unit's parent: a sibling, itself.
    for reviewer in (ids["D2"], ids["G1"]):
        response = await create(
            client, headers, code="X", title="X", status="draft", unit=ids["G1"],
            reviewing_unit=reviewer,
        )  # fmt: skip
        assert refusal_of(response) == MESSAGES["initiative_sent_to_parent"]
    assert (await row(ids["pending"]))["reviewing_unit"] == ids["D1"]
    assert await Initiative.count() == 5


async def test_a_changed_unit_takes_its_parent_as_reviewer(client):
    """Of a returned one (corrected before it is sent again); a pending one's unit
    stays while its reviewer decides (test_the_reviews_findings_each_refused_in_words)."""
    ids = await world()
    headers = await signed_in(client, "staff", ids)
    url = f"/admin/api/tables/initiative/{ids['returned']}/"
    response = await client.patch(url, json={"unit": ids["D1"]}, headers=headers)
    assert response.status_code == 200, response.text
    assert (await row(ids["returned"]))["reviewing_unit"] == ids["P"]
    # The edit form sends the reviewing unit back unchanged with the new unit.
    whole = {"unit": ids["G1"], "reviewing_unit": ids["P"], "title": "Đã sửa"}
    response = await client.patch(url, json=whole, headers=headers)
    assert response.status_code == 200, response.text
    assert (await row(ids["returned"]))["reviewing_unit"] == ids["D1"]
    pending = f"/admin/api/tables/initiative/{ids['pending']}/"
    moved = await client.patch(pending, json={"unit": ids["D1"]}, headers=headers)
    assert refusal_of(moved) == MESSAGES["initiative_pending_unit_fixed"]


async def test_rerouting_in_sql_as_a_unit_account_is_refused():
    ids = await world()
    update = "UPDATE initiative SET reviewing_unit = $1 WHERE id = $2"
    assert (
        await as_unit_account(ids, update, ids["P"], ids["pending"])
        == MESSAGES["initiative_sent_to_parent"]
    )
    insert = (
        "INSERT INTO initiative (code, title, unit, reviewing_unit, status)"
        " VALUES ('X', 'X', $1, $2, 'draft')"
    )
    assert (
        await as_unit_account(ids, insert, ids["G1"], ids["P"])
        == MESSAGES["initiative_sent_to_parent"]
    )
    assert await as_unit_account(ids, insert, ids["G1"], ids["D1"]) is None


async def test_the_workflows_transfer_still_reroutes(client):
    ids = await world()
    headers = await role_token("manager")
    body = {"action": "transfer", "ids": [ids["pending"]], "to_unit": "D2"}
    response = await client.post("/api/approvals", json=body, headers=headers)
    assert response.status_code == 200 and response.json()["applied"] == 1, response.text
    assert (await row(ids["pending"]))["reviewing_unit"] == ids["D2"]


async def test_maintenance_writes_may_route_anywhere():
    """The tests' fixtures, load-demo and generate write as the owner with no
    request: a cross-routed initiative stays possible (I_cross of the matrix)."""
    ids = await tree()
    crossed = await initiative("CROSS", ids["G2"], ids["D1"])
    assert (await row(crossed))["reviewing_unit"] == ids["D1"]
    await Initiative.update({Initiative.benefit_vnd: 5}).where(Initiative.id == crossed)


# -- decided records locked; sent ones kept; drafts deleted


@pytest.mark.parametrize("role", WRITERS)
@pytest.mark.parametrize("status", ["approved", "rejected"])
async def test_a_decided_initiative_is_neither_edited_nor_deleted(client, role, status):
    ids = await world()
    headers = await signed_in(client, role, ids)
    url = f"/admin/api/tables/initiative/{ids[status]}/"
    before = await row(ids[status])
    # The silent edit: 1.000.000 đ of benefit made 99.000.000.000 đ.
    for response in (
        await client.patch(url, json={"benefit_vnd": "99000000000"}, headers=headers),
        await client.delete(url, headers=headers),
    ):
        assert refusal_of(response) == MESSAGES["initiative_decided_locked"]
    assert await row(ids[status]) == before


@pytest.mark.parametrize("role", WRITERS)
async def test_a_decided_initiatives_authors_and_shares_are_locked(client, role):
    ids = await world()
    headers = await signed_in(client, role, ids)
    authorship = f"/admin/api/tables/authorship/{ids['authorship']}/"
    for response in (
        await client.patch(authorship, json={"share": 50}, headers=headers),
        await client.delete(authorship, headers=headers),
        await client.post(
            "/admin/api/tables/authorship/",
            json={"initiative": ids["approved"], "author": ids["author_in"], "share": 10},
            headers=headers,
        ),
    ):
        assert refusal_of(response) == MESSAGES["authorship_decided_locked"]
    person = f"/admin/api/tables/author/{ids['author']}/"
    response = await client.patch(person, json={"name": "Tên khác"}, headers=headers)
    assert refusal_of(response) == MESSAGES["author_decided_locked"]


async def test_decided_records_are_locked_in_sql_as_a_unit_account():
    ids = await world()
    locked = MESSAGES["initiative_decided_locked"]
    for statement in (
        "UPDATE initiative SET benefit_vnd = 99000000000 WHERE id = $1",
        "DELETE FROM initiative WHERE id = $1",
    ):
        assert await as_unit_account(ids, statement, ids["approved"]) == locked
    assert (
        await as_unit_account(
            ids, "UPDATE authorship SET share = 50 WHERE id = $1", ids["authorship"]
        )
        == MESSAGES["authorship_decided_locked"]
    )
    assert (
        await as_unit_account(ids, "UPDATE author SET name = 'Khác' WHERE id = $1", ids["author"])
        == MESSAGES["author_decided_locked"]
    )


@pytest.mark.parametrize("role", WRITERS)
async def test_pending_is_edited_not_deleted_and_a_draft_is_deleted(client, role):
    ids = await world()
    headers = await signed_in(client, role, ids)
    base = "/admin/api/tables/initiative"
    for status in ("pending", "returned", "draft"):
        response = await client.patch(
            f"{base}/{ids[status]}/", json={"title": f"Sửa {status}"}, headers=headers
        )
        assert response.status_code == 200, response.text
    for status in ("pending", "returned"):
        response = await client.delete(f"{base}/{ids[status]}/", headers=headers)
        assert refusal_of(response) == MESSAGES["initiative_sent_not_deleted"]
    response = await client.delete(f"{base}/{ids['draft']}/", headers=headers)
    assert response.status_code == 204, response.text
    assert await Initiative.count() == 4


async def test_status_is_the_workflows_in_sql_too():
    ids = await world()
    for statement in (
        "UPDATE initiative SET status = 'approved' WHERE id = $1",
        "UPDATE initiative SET decided_at = now() WHERE id = $1",
        "UPDATE initiative SET decision_note = 'Tự duyệt' WHERE id = $1",
    ):
        assert (
            await as_unit_account(ids, statement, ids["pending"])
            == MESSAGES["initiative_status_by_workflow"]
        )
    assert (
        await as_unit_account(ids, "DELETE FROM initiative WHERE id = $1", ids["pending"])
        == MESSAGES["initiative_sent_not_deleted"]
    )
    assert await as_unit_account(ids, "DELETE FROM initiative WHERE id = $1", ids["draft"]) is None
    created = (
        "INSERT INTO initiative (code, title, unit, status, submitted_on)"
        " VALUES ('X', 'X', $1, 'approved', '2022-03-01')"
    )
    assert (
        await as_unit_account(ids, created, ids["G1"]) == MESSAGES["initiative_created_undecided"]
    )
    # Nor pending: a request creates drafts, which the workflow sends (and audits).
    pending = created.replace("'approved'", "'pending'")
    assert (
        await as_unit_account(ids, pending, ids["G1"]) == MESSAGES["initiative_created_undecided"]
    )


async def test_the_workflow_decides_and_the_decision_then_locks(client):
    """Through the API: a manager approves (the workflow's mark lets the status
    change), the staff can no longer edit it, an administrator's revoke (a
    workflow action on a decided one) still applies."""
    ids = await world()
    manager = await role_token("manager")
    body = {"action": "approve", "ids": [ids["pending"]]}
    response = await client.post("/api/approvals", json=body, headers=manager)
    assert response.status_code == 200 and response.json()["applied"] == 1, response.text
    headers = await signed_in(client, "staff", ids)
    url = f"/admin/api/tables/initiative/{ids['pending']}/"
    response = await client.patch(url, json={"title": "Sửa sau khi duyệt"}, headers=headers)
    assert refusal_of(response) == MESSAGES["initiative_decided_locked"]
    admin = await role_token("admin")
    body = {"action": "revoke", "ids": [ids["pending"]], "note": "Duyệt nhầm"}
    response = await client.post("/api/approvals", json=body, headers=admin)
    assert response.status_code == 200 and response.json()["applied"] == 1, response.text
    assert (await row(ids["pending"]))["status"] == "pending"


# -- sound values


async def as_maintenance(statement: str, *args) -> str | None:
    """`statement` run as a data load runs it (no caller), then rolled back; the
    sentence of its refusal, or None if accepted."""
    async with engine().transaction() as transaction:
        try:
            await transaction.connection.execute(statement, *args)
            message = None
        except Exception as problem:
            message = explain(problem)
        await transaction.rollback()
    return message


async def test_sound_values_through_the_forms(client):
    ids = await world()
    headers = await signed_in(client, "staff", ids)
    new = {"title": "Mới", "unit": ids["G1"], "reviewing_unit": None, "status": "draft"}
    cases = {
        "initiative_code_any_case": {"code": "pen "},
        "initiative_title_not_blank": {"code": "Z1", "title": "\u200b\u200b\u200b"},
    }  # fmt: skip
    for rule, values in cases.items():
        response = await create(client, headers, **{**new, **values})
        assert refusal_of(response) == MESSAGES[rule], rule


async def test_dates_are_sound_whoever_writes_them():
    """The dates a data load carries (requests write no date sent: the next test)."""
    ids = await world()
    today = (datetime.now(UTC) + timedelta(hours=7)).date()
    insert = (
        "INSERT INTO initiative (code, title, unit, reviewing_unit, status, submitted_on,"
        " first_applied_on, decision_date) VALUES ('Z', 'Mới', $1, $2, 'pending', $3, $4, $5)"
    )
    march = date(2022, 3, 1)
    cases = {
        "initiative_submitted_in_future": (today + timedelta(days=1), None, None),
        "initiative_submitted_since_2000": (date(1999, 12, 31), None, None),
        "initiative_applied_before_submitted": (march, date(2022, 3, 2), None),
        "initiative_decision_before_submitted": (march, None, date(2022, 3, 2)),
    }
    for rule, dates in cases.items():
        refused = await as_maintenance(insert, ids["G1"], ids["D1"], *dates)
        assert refused == MESSAGES[rule], rule
    assert await as_maintenance(insert, ids["G1"], ids["D1"], today, None, None) is None


async def test_the_date_sent_is_the_workflows_on_every_path(client):
    """domain.md: an initiative counts in the phase of the day it was sent through
    the system, which `submit` writes. No request types it: not on a new draft
    (back-dated into a closed phase), nor on a sent one (moved between phases)."""
    ids = await world()
    headers = await signed_in(client, "staff", ids)
    earlier = date(2022, 1, 10)
    new = {"title": "Mới", "unit": ids["G1"], "reviewing_unit": None, "status": "draft"}
    created = await create(client, headers, **new, code="Z", submitted_on=str(earlier))
    assert refusal_of(created) == MESSAGES["initiative_submitted_by_sending"]
    for status in ("draft", "pending", "returned"):
        url = f"/admin/api/tables/initiative/{ids[status]}/"
        moved = await client.patch(url, json={"submitted_on": str(earlier)}, headers=headers)
        assert refusal_of(moved) == MESSAGES["initiative_submitted_by_sending"], status
    in_sql = await as_unit_account(
        ids, "UPDATE initiative SET submitted_on = $1 WHERE id = $2", earlier, ids["pending"]
    )
    assert in_sql == MESSAGES["initiative_submitted_by_sending"]
    # Sent, it is dated today in Vietnam.
    body = {"action": "submit", "ids": [ids["draft"]]}
    sent = await client.post("/api/approvals", json=body, headers=await role_token("manager"))
    assert sent.status_code == 200 and sent.json()["applied"] == 1, sent.text
    today = (datetime.now(UTC) + timedelta(hours=7)).date()
    assert (await row(ids["draft"]))["submitted_on"] == today


async def test_a_unit_code_beside_the_same_in_another_case_or_with_a_space(client):
    ids = await world()
    headers = await signed_in(client, "admin", ids)
    defaults = (await client.get("/admin/api/tables/unit/new/")).json()
    base = {**defaults, "name": "Đơn vị", "kind": "other", "parent": ids["D1"]}
    for code in ("g1", "G1 ", "\u200bG1"):
        response = await client.post(
            "/admin/api/tables/unit/", json={**base, "code": code}, headers=headers
        )
        assert refusal_of(response) in (MESSAGES["unit_code_any_case"], MESSAGES["unit_code_key"])
    response = await client.post(
        "/admin/api/tables/unit/", json={**base, "code": " G3 "}, headers=headers
    )
    assert response.status_code == 201, response.text
    stored = await engine().run_ddl("SELECT code FROM unit WHERE lower(code) = 'g3'")
    assert [r["code"] for r in stored] == ["G3"]


async def test_an_empty_code_is_generated_unique():
    ids = await tree()
    made = [
        await initiative("", ids["G1"], ids["D1"], submitted_on=date(2022, 3, 1)) for _ in range(3)
    ]
    made.append(await initiative("  ", ids["D1"], ids["P"], status="draft", submitted_on=None))
    codes = [r["code"] for r in await Initiative.select().order_by(Initiative.id)]
    assert len(set(codes)) == 4 and all(c.startswith("SK-G1-2022-") for c in codes[:3])
    this_year = (datetime.now(UTC) + timedelta(hours=7)).year
    assert codes[3].startswith(f"SK-D1-{this_year}-")
    assert len(made) == 4


async def test_today_is_vietnams():
    [today] = await engine().run_ddl("SELECT sangkien_today() AS day")
    assert today["day"] == (datetime.now(UTC) + timedelta(hours=7)).date()


async def test_the_root_has_no_upper_union_to_send_to(client):
    ids = await world()
    headers = await signed_in(client, "admin", ids)
    response = await create(
        client, headers, code="R1", title="X", status="draft", unit=ids["ROOT"], reviewing_unit=None
    )
    assert refusal_of(response) == MESSAGES["initiative_no_upper_union"]


async def test_the_workflows_mark_changes_a_decided_ones_status_not_its_content():
    """With `sangkien.workflow` on (the workflow's own transaction) a decided
    initiative's status columns may change, its content still may not."""
    ids = await world()
    async with engine().transaction() as transaction:
        connection = transaction.connection
        await connection.execute(
            "SELECT set_config('sangkien.user', '1', true),"
            " set_config('sangkien.workflow', 'on', true)"
        )
        await connection.execute(
            "UPDATE initiative SET status = 'returned', decision_note = 'Mở lại' WHERE id = $1",
            ids["approved"],
        )
        try:
            await connection.execute(
                "UPDATE initiative SET benefit_vnd = 1 WHERE id = $1", ids["rejected"]
            )
            message = None
        except Exception as problem:
            message = explain(problem)
        await transaction.rollback()
    assert message == MESSAGES["initiative_decided_locked"]


async def test_the_reviews_findings_each_refused_in_words(client):
    """A maintainer's review of issue 13 (each failed before its fix): a pending
    initiative's unit, a new one carrying a decision note, dates of a draft
    after today, a 7-digit serial, and who may call the rules' functions."""
    ids = await world()
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date()
    pending_moved = await as_unit_account(
        ids, "UPDATE initiative SET unit = $1 WHERE id = $2", ids["D1"], ids["pending"]
    )
    assert pending_moved == MESSAGES["initiative_pending_unit_fixed"]
    assert await as_unit_account(  # a draft's may change: it is sent to the new parent
        ids, "UPDATE initiative SET unit = $1 WHERE id = $2", ids["D1"], ids["draft"]
    ) is None  # fmt: skip
    noted = await as_unit_account(
        ids,
        "INSERT INTO initiative (code, title, unit, status, decision_note)"
        " VALUES ('N', 'Có ý kiến', $1, 'draft', 'Đã duyệt')",
        ids["G1"],
    )
    assert noted == MESSAGES["initiative_created_undecided"]
    for column, rule in (
        ("first_applied_on", "initiative_applied_in_future"),
        ("decision_date", "initiative_decision_in_future"),
    ):
        refused = await as_unit_account(
            ids, f"UPDATE initiative SET {column} = $1 WHERE id = $2", tomorrow, ids["draft"]
        )
        assert refused == MESSAGES[rule], column
    await engine().run_ddl("SELECT setval('initiative_code_serial', 999999)")
    codes = []
    for _ in range(2):
        [made] = await engine().run_ddl(
            "INSERT INTO initiative (code, title, unit, reviewing_unit, status)"
            f" VALUES ('', 'Mã tự sinh', {ids['G1']}, {ids['D1']}, 'draft') RETURNING code"
        )
        codes.append(made["code"])
    assert [code.rsplit("-", 1)[1] for code in codes] == ["1000000", "1000001"]
    for role, may in (("sangkien_viewer", False), ("sangkien_staff", True)):
        [grant] = await engine().run_ddl(
            f"SELECT has_function_privilege('{role}', 'unit_parent(integer)', 'EXECUTE') AS ok"
        )
        assert grant["ok"] is may, role


async def test_a_rule_refusing_inside_a_batch_is_a_400_and_changes_nothing(client):
    """Whatever rule refuses one initiative of a batch as it is written (here a
    trigger this test adds, as a future rule would), the batch answers 400 in
    words and nothing is sent, not even the audit rows (it was a 500)."""
    from tables.initiatives import StatusChange

    ids = await world()
    second = await initiative("DRB", ids["G1"], ids["D1"], status="draft", submitted_on=None)
    async with refusing_to_send("DRB", "initiative_applied_before_submitted"):
        headers = await role_token("staff")
        response = await client.post(
            "/api/approvals",
            json={"action": "submit", "ids": [ids["draft"], second]},
            headers=headers,
        )
    assert response.status_code == 400, response.text
    assert MESSAGES["initiative_applied_before_submitted"] in response.json()["detail"]
    assert (await row(ids["draft"]))["status"] == "draft"
    assert await StatusChange.count() == 0


async def test_the_admins_create_form_leaves_the_reviewer_to_the_database(client):
    """The form sends an emptied select as "": it was refused before the database
    could set the unit's parent (the users' trial)."""
    ids = await world()
    headers = await signed_in(client, "staff", ids)
    new = await client.get("/admin/api/tables/initiative/new/", headers=headers)
    body = {**new.json(), "code": "MOI", "title": "Sáng kiến mới", "summary": "Tóm tắt",
            "unit": ids["G1"], "reviewing_unit": "", "status": "draft"}  # fmt: skip
    body = {k: v for k, v in body.items() if v is not None and k != "id"}
    body["reviewing_unit"] = ""
    response = await client.post("/admin/api/tables/initiative/", json=body, headers=headers)
    assert response.status_code == 201, response.text
    made = await Initiative.select().where(Initiative.code == "MOI").first()
    assert made["reviewing_unit"] == ids["D1"]


async def test_an_amount_typed_the_vietnamese_way_in_the_admins_form(client):
    """The admin's whole-number boxes are text (admin.bundle): «150.000.000» is read
    as whole đồng, a mistake refused naming the field (the browser's number box had
    sent «150.000.000» as 150, without a word: users' trial of issue 14)."""
    ids = await world()
    headers = await signed_in(client, "staff", ids)
    new = {"title": "Tiền", "unit": ids["G1"], "reviewing_unit": None, "status": "draft"}
    made = await create(client, headers, **new, code="T1", benefit_vnd="150.000.000")
    assert made.status_code == 201, made.text
    row = await Initiative.select().where(Initiative.code == "T1").first()
    assert row["benefit_vnd"] == 150_000_000
    refused = await create(client, headers, **new, code="T2", benefit_vnd="1,6")
    assert refused.status_code == 422
    assert refused.json()["custom_form_error"].startswith("«Giá trị làm lợi (đồng)»: «1,6»")
    assert not await Initiative.exists().where(Initiative.code == "T2")
    url = f"/admin/api/tables/initiative/{row['id']}/"
    edited = await client.patch(url, json={"benefit_vnd": "2 500 000"}, headers=headers)
    assert edited.status_code == 200, edited.text
    assert (await Initiative.select().where(Initiative.id == row["id"]).first())[
        "benefit_vnd"
    ] == 2_500_000


async def test_dates_and_shares_typed_the_vietnamese_way_in_the_admin(client):
    """The admin's date and decimal boxes are text (admin.bundle): «15/07/2022» and
    «40,5» are read in a create, an edit and a list's filter (the browser's date box
    showed mm/dd/yyyy in an English browser, and «40,5» was refused: users' trial)."""
    ids = await world()
    headers = await signed_in(client, "staff", ids)
    new = {"title": "Ngày", "unit": ids["G1"], "reviewing_unit": None, "status": "draft"}
    made = await create(client, headers, **new, code="D1", first_applied_on="1/3/2022")
    assert made.status_code == 201, made.text
    row = await Initiative.select().where(Initiative.code == "D1").first()
    assert row["first_applied_on"] == date(2022, 3, 1)
    refused = await create(client, headers, **new, code="D2", first_applied_on="30/02/2022")
    assert refused.status_code == 422
    sentence = refused.json()["custom_form_error"]
    assert "«Ngày áp dụng lần đầu»" in sentence and "không có ngày 30/02/2022" in sentence

    [author] = await Author.insert(Author(name="Lý Thị Chia", unit=ids["G1"]))
    share = {"initiative": row["id"], "author": author["id"], "share": "40,5"}
    shared = await client.post("/admin/api/tables/authorship/", json=share, headers=headers)
    assert shared.status_code == 201, shared.text
    mine = await Authorship.select().where(Authorship.author == author["id"]).first()
    assert mine["share"] == Decimal("40.5")
    listed = await client.get("/admin/api/tables/authorship/", params={"share": "40,5"})
    assert [r["author"] for r in listed.json()["rows"]] == [author["id"]]
    # What the reader refuses is refused, not passed on: pydantic read «1.000» as 1.
    refused = await client.get("/admin/api/tables/authorship/", params={"share": "1.000"})
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("Chưa lọc được: «Tỷ lệ đóng góp (%)»: «1.000»")
    since = {"first_applied_on": "01/03/2022", "first_applied_on__operator": "gte"}
    found = await client.get("/admin/api/tables/initiative/", params=since)
    assert [r["code"] for r in found.json()["rows"]] == ["D1"]
    count = await client.get("/admin/api/tables/initiative/count/", params=since)
    assert count.json()["count"] == 1


async def test_a_target_typed_with_grouping_is_that_many(client):
    """«5.000» typed in the admin's whole-number box was read by pydantic as 5: a
    target a thousand times too small, saved without a word (users' trial)."""
    from tables.programmes import Target

    ids = await world()
    _, phase = await programme("PR2")
    headers = await signed_in(client, "staff", ids)
    body = {"unit": ids["G1"], "phase": phase, "programme": None, "quota": "5.000"}
    made = await client.post("/admin/api/tables/target/", json=body, headers=headers)
    assert made.status_code == 201, made.text
    row = await Target.select().where(Target.unit == ids["G1"]).first()
    assert row["quota"] == 5000
    url = f"/admin/api/tables/target/{row['id']}/"
    for typed, quota in (("12 500", 12_500), ("7,000", 7_000)):
        edited = await client.patch(url, json={"quota": typed}, headers=headers)
        assert edited.status_code == 200, edited.text
        assert (await Target.select().where(Target.id == row["id"]).first())["quota"] == quota
    refused = await client.patch(url, json={"quota": "1,5"}, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["custom_form_error"].startswith("«Chỉ tiêu")
    assert "không có phần lẻ" in refused.json()["custom_form_error"]
