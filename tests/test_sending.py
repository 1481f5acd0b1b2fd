"""Sending, resending, withdrawing and reopening (issue 13): the same workflow as the
decisions, by ids and by filter, for each role. Every test ends with the kept
figures exact."""

from datetime import date, datetime

import pytest

from admin.bulk_form import NONE_MATCH
from admin.hooks import STATUS_LOCKED
from domain.progress import VIETNAM, drift
from tables.approvals import ApprovalBatch
from tables.initiatives import Initiative, StatusChange
from tests.support.accounts import of_d1, role_token, session_for
from tests.support.world import initiative, review_world, statuses

pytestmark = pytest.mark.usefixtures("empty_db")

WITHDRAWABLE = "«Nháp», «Chờ duyệt» hoặc «Trả lại, yêu cầu bổ sung»"


@pytest.fixture
async def world():
    """review_world (I0–I5 pending from G1 to D1, OUT pending from G2 to D2) and, in
    each of G1 (sent to D1) and G2 (sent to D2): a draft, a returned, an approved
    and a rejected one (DRAFT1, RET1, OK1, NO1; DRAFT2, …); D1's own draft OWN."""
    ids = await review_world()
    for n, (unit, reviewer) in enumerate((("G1", "D1"), ("G2", "D2")), start=1):
        for name, status in (("DRAFT", "draft"), ("RET", "returned"), ("OK", "approved")):
            ids[f"{name}{n}"] = await _one(f"{name}{n}", ids[unit], ids[reviewer], status)
        ids[f"NO{n}"] = await _one(f"NO{n}", ids[unit], ids[reviewer], "rejected")
    ids["OWN"] = await _one("OWN", ids["D1"], ids["D1"], "draft")
    yield ids
    assert await drift() == []


async def _one(code: str, unit: int, reviewer: int, status: str) -> int:
    dated = {"submitted_on": None} if status == "draft" else {}
    return await initiative(code, unit, reviewer, status=status, **dated)


async def post(client, headers, **body):
    return await client.post("/api/approvals", json=body, headers=headers)


def today() -> date:
    return datetime.now(VIETNAM).date()


# action, note, (ids sent by a D1 account, what they change) and what the filter {}
# changes for a D1 account and for an administrator
MATRIX = {
    "submit": ("", ["DRAFT1"], ["DRAFT1", "OWN"], ["DRAFT1", "DRAFT2", "OWN"]),
    "resubmit": ("Đã bổ sung", ["RET1"], ["RET1"], ["RET1", "RET2"]),
    "withdraw": (
        "Trùng với sáng kiến khác",
        ["DRAFT1", "RET1", "I0"],
        ["DRAFT1", "RET1", "OWN"] + [f"I{n}" for n in range(6)],
        ["DRAFT1", "RET1", "OWN", "DRAFT2", "RET2", "OUT"] + [f"I{n}" for n in range(6)],
    ),
    "reopen": (
        "Cần sửa giá trị làm lợi",
        ["OK1", "NO1"],
        ["OK1", "NO1"],
        ["OK1", "NO1", "OK2", "NO2"],
    ),
}
# Who may: the senders' actions, staff, managers and administrators; reopening,
# managers and administrators.
ALLOWED = {
    "submit": {"staff", "manager", "admin"},
    "resubmit": {"staff", "manager", "admin"},
    "withdraw": {"staff", "manager", "admin"},
    "reopen": {"manager", "admin"},
}
LEAVES = {"submit": "pending", "resubmit": "pending", "withdraw": "withdrawn", "reopen": "returned"}


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ["viewer", "staff", "manager", "admin"])
@pytest.mark.parametrize("by", ["ids", "filter"])
async def test_each_action_for_each_role(world, client, action, role, by):
    note, named, in_d1, everywhere = MATRIX[action]
    headers = await role_token(role)
    selection = {"ids": [world[n] for n in named]} if by == "ids" else {"filter": {}}
    response = await post(client, headers, action=action, note=note, **selection)
    if role not in ALLOWED[action]:
        assert response.status_code == 403, response.text
        assert await StatusChange.count() == 0 and await ApprovalBatch.count() == 0
        return
    assert response.status_code == 200, response.text
    body = response.json()
    expected = named if by == "ids" else everywhere if role == "admin" else in_d1
    assert body["applied"] == len(expected) and body["skipped"] == [], body
    assert set(await statuses(*(world[n] for n in expected))) == {LEAVES[action]}
    # One audit row per transition, from the status each one was in.
    audit = await StatusChange.select().where(StatusChange.batch == body["batch"])
    assert sorted(a["initiative"] for a in audit) == sorted(world[n] for n in expected)
    assert {a["to_status"] for a in audit} == {LEAVES[action]}
    assert await StatusChange.count() == len(expected)  # nothing else moved


async def test_what_a_viewer_and_staff_are_told(world, client):
    viewer = await post(client, await role_token("viewer"), action="submit", ids=[world["DRAFT1"]])
    assert viewer.status_code == 403
    assert viewer.json()["detail"].startswith("Tài khoản chỉ có quyền xem: không gửi")
    staff = await role_token("staff")
    approve = await post(client, staff, action="approve", ids=[world["I0"]])
    assert approve.status_code == 403
    assert approve.json()["detail"] == (
        "Tài khoản này không có quyền duyệt sáng kiến (công nhận hợp lệ): việc này do lãnh đạo"
        " công đoàn được gửi đến thực hiện. Cán bộ nhập liệu được gửi duyệt, gửi lại hoặc rút"
        " lại sáng kiến của đơn vị mình."
    )
    reopen = await post(client, staff, action="reopen", ids=[world["OK1"]], note="Sửa")
    assert reopen.status_code == 403 and "(mở lại để bổ sung)" in reopen.json()["detail"]


async def test_sending_is_by_the_initiatives_unit_not_its_reviewer(world, client):
    """A draft of G2 sent to D1 is D1's to decide, not D1's staff's to send; OUT (G2's,
    sent to D2) is neither."""
    cross = await _one("CROSS", world["G2"], world["D1"], "draft")
    for role in ("staff", "manager"):
        headers = await role_token(role)
        refused = await post(client, headers, action="submit", ids=[cross, world["DRAFT1"]])
        assert refused.status_code == 422 and refused.json()["extra"]["ids"] == [cross]
        assert "không thuộc đơn vị trong phạm vi của bạn" in refused.json()["detail"]
        withdraw = await post(client, headers, action="withdraw", ids=[world["OUT"]], note="x")
        assert withdraw.status_code == 422 and withdraw.json()["extra"]["ids"] == [world["OUT"]]
    assert await StatusChange.count() == 0
    assert await statuses(cross, world["DRAFT1"], world["OUT"]) == ["draft", "draft", "pending"]


async def test_a_manager_reopens_only_what_was_sent_to_their_units(world, client):
    headers = await role_token("manager")
    refused = await post(client, headers, action="reopen", ids=[world["OK2"]], note="Sửa")
    assert refused.status_code == 422 and refused.json()["extra"]["ids"] == [world["OK2"]]
    assert "không được gửi đến đơn vị thuộc quyền duyệt của bạn" in refused.json()["detail"]
    assert await statuses(world["OK2"]) == ["approved"]
    # Revoking stays the administrators'.
    revoke = await post(client, headers, action="revoke", ids=[world["OK1"]], note="Nhầm")
    assert revoke.status_code == 403


async def test_submitting_routes_to_the_upper_union_and_dates_it_today(world, client):
    """DRAFT1 (of G1) was written as sent to D1, OWN (of D1) to D1 itself: sent, they
    go to their unit's direct upper-level union, dated today in Vietnam."""
    await Initiative.update({Initiative.reviewing_unit: world["D2"]}).where(
        Initiative.id == world["DRAFT1"]
    )
    dated = await _one("DATED", world["G1"], world["D1"], "draft")
    await Initiative.update({Initiative.submitted_on: date(2022, 3, 9)}).where(
        Initiative.id == dated
    )
    headers = await role_token("staff")
    ids = [world["DRAFT1"], world["OWN"], dated]
    body = (await post(client, headers, action="submit", ids=ids)).json()
    assert body["applied"] == 3
    rows = await (
        Initiative.select(Initiative.reviewing_unit, Initiative.submitted_on, Initiative.status)
        .where(Initiative.id.is_in(ids))
        .order_by(Initiative.id)
    )
    assert rows == [
        {"reviewing_unit": world["D1"], "submitted_on": today(), "status": "pending"},
        {"reviewing_unit": world["P"], "submitted_on": today(), "status": "pending"},
        # A date a data load wrote on a draft is not the day it was sent: replaced.
        {"reviewing_unit": world["D1"], "submitted_on": today(), "status": "pending"},
    ]


async def test_the_roots_own_initiative_has_nowhere_to_go(world, client):
    root_draft = await _one("ROOTS", world["ROOT"], world["ROOT"], "draft")
    body = (await post(client, await role_token("admin"), action="submit", ids=[root_draft])).json()
    assert body["applied"] == 0
    assert body["skipped"] == [
        {
            "id": root_draft,
            "reason": "Đơn vị của sáng kiến không có công đoàn cấp trên trực tiếp để gửi đến. "
            "Hãy kiểm tra đơn vị của sáng kiến.",
        }
    ]
    assert await statuses(root_draft) == ["draft"] and await StatusChange.count() == 0


async def test_what_an_action_cannot_take_is_skipped_with_the_reason(world, client):
    headers = await role_token("staff")
    body = (
        await post(
            client,
            headers,
            action="withdraw",
            ids=[world["OK1"], world["NO1"], world["DRAFT1"]],
            note="Không theo đuổi nữa",
        )
    ).json()
    assert body["applied"] == 1
    assert body["skipped"] == [
        {
            "id": world["OK1"],
            "reason": "Sáng kiến đang ở trạng thái hợp lệ: chỉ rút lại được sáng kiến ở trạng "
            f"thái {WITHDRAWABLE}.",
        },
        {
            "id": world["NO1"],
            "reason": "Sáng kiến đang ở trạng thái không hợp lệ: chỉ rút lại được sáng kiến ở "
            f"trạng thái {WITHDRAWABLE}.",
        },
    ]
    submit = (await post(client, headers, action="submit", ids=[world["RET1"]])).json()
    assert submit["applied"] == 0
    assert "chỉ gửi duyệt được sáng kiến ở trạng thái «Nháp»" in submit["skipped"][0]["reason"]
    assert await statuses(world["OK1"], world["DRAFT1"]) == ["approved", "withdrawn"]


@pytest.mark.parametrize("action", ["withdraw", "reopen"])
async def test_withdrawing_and_reopening_need_a_note(world, client, action):
    headers = await role_token("admin")
    for note in ({}, {"note": "  "}):
        response = await post(client, headers, action=action, ids=[world["OK1"]], **note)
        assert response.status_code == 400 and "«note»" in response.json()["detail"]
    assert await StatusChange.count() == 0


async def test_a_dry_run_changes_nothing(world, client):
    headers = await role_token("staff")
    body = (
        await post(client, headers, action="withdraw", filter={}, note="x", dry_run=True)
    ).json()
    assert (body["requested"], body["applied"], body["dry_run"]) == (9, 9, True)
    assert await StatusChange.count() == 0 and await ApprovalBatch.count() == 0
    assert await statuses(world["DRAFT1"], world["I0"]) == ["draft", "pending"]


async def test_a_filter_with_a_status_narrows_a_withdrawal(world, client):
    headers = await role_token("staff")
    body = (
        await post(client, headers, action="withdraw", filter={"status": "draft"}, note="x")
    ).json()
    assert body["applied"] == 2  # DRAFT1 and OWN
    assert await statuses(world["I0"], world["RET1"]) == ["pending", "returned"]


async def test_the_same_key_answers_the_first_time_and_another_request_is_refused(world, client):
    headers = {**await role_token("staff"), "Idempotency-Key": "gui-1"}
    first = await post(client, headers, action="submit", ids=[world["DRAFT1"]])
    again = await post(client, headers, action="submit", ids=[world["DRAFT1"]])
    assert first.status_code == again.status_code == 200 and again.json() == first.json()
    other = await post(client, headers, action="submit", ids=[world["OWN"]])
    assert other.status_code == 422 and "«gui-1» đã dùng cho một yêu cầu khác" in other.text
    assert await StatusChange.count() == 1 and await statuses(world["OWN"]) == ["draft"]


async def test_a_returned_one_resent_then_approved_counts_once(world, client):
    """Its whole life on the API: sent, returned, corrected and sent again (keeping
    its date, so its phase), approved; reopened, it no longer counts."""
    staff, manager = await role_token("staff"), await role_token("manager")
    draft = await _one("LIFE", world["G1"], world["D1"], "draft")

    async def valid() -> int:
        progress = await client.get(
            "/api/progress", params={"unit": "D1", "phase": "PR-1"}, headers=manager
        )
        return progress.json()["valid"]

    before = await valid()  # OK1
    steps = [
        (staff, {"action": "submit"}, "pending"),
        (manager, {"action": "return", "note": "Bổ sung giá trị làm lợi"}, "returned"),
        (staff, {"action": "resubmit", "note": "Đã bổ sung giá trị làm lợi"}, "pending"),
        (manager, {"action": "approve"}, "approved"),
    ]
    for headers, body, status in steps:
        response = await post(client, headers, ids=[draft], **body)
        assert response.json()["applied"] == 1, response.text
        assert await statuses(draft) == [status]
        if body["action"] == "submit":  # dated today; as if sent in the phase (2022):
            assert (await Initiative.select().where(Initiative.id == draft).first())[
                "submitted_on"
            ] == today()
            await Initiative.update({Initiative.submitted_on: date(2022, 4, 2)}).where(
                Initiative.id == draft
            )
    assert await valid() == before + 1
    row = await Initiative.select().where(Initiative.id == draft).first()
    assert row["submitted_on"] == date(2022, 4, 2) and row["decided_at"] is not None
    reopened = await post(client, manager, action="reopen", ids=[draft], note="Sai số liệu")
    assert reopened.json()["applied"] == 1 and await valid() == before
    row = await Initiative.select().where(Initiative.id == draft).first()
    assert (row["status"], row["decision_note"]) == ("returned", "Sai số liệu")
    audit = await (
        StatusChange.select(StatusChange.from_status, StatusChange.to_status, StatusChange.note)
        .where(StatusChange.initiative == draft)
        .order_by(StatusChange.id)
    )
    assert [(a["from_status"], a["to_status"]) for a in audit] == [
        ("draft", "pending"),
        ("pending", "returned"),
        ("returned", "pending"),
        ("pending", "approved"),
        ("approved", "returned"),
    ]
    assert audit[2]["note"] == "Đã bổ sung giá trị làm lợi"


async def test_a_resubmission_goes_back_to_the_union_that_returned_it(world, client):
    """Transferred to D2, which returned it: corrected, it goes to D2 again."""
    admin = await role_token("admin")
    moved = await post(client, admin, action="transfer", ids=[world["I0"]], to_unit="D2")
    assert moved.json()["applied"] == 1
    back = await post(client, admin, action="return", ids=[world["I0"]], note="Thiếu hồ sơ")
    assert back.json()["applied"] == 1
    staff = await role_token("staff")
    again = await post(client, staff, action="resubmit", ids=[world["I0"]])
    assert again.json()["applied"] == 1
    row = (
        await Initiative.select(Initiative.reviewing_unit, Initiative.status)
        .where(Initiative.id == world["I0"])
        .first()
    )
    assert row == {"reviewing_unit": world["D2"], "status": "pending"}


# The admin's forms (a staff member's and a manager's session).


async def send(client, headers, form: str, **data):
    return await client.post(f"/admin/api/forms/{form}/", json=data, headers=headers)


async def test_staff_send_one_initiative_by_its_code_in_the_admin(world, client):
    headers = await session_for(client, await of_d1("staff", world))
    sent = await send(client, headers, "send-initiatives", action="submit", codes=" draft1 ")
    assert sent.status_code == 200, sent.text
    assert sent.json()["custom_form_success"].startswith("Đã gửi duyệt 1 trong 1 sáng kiến.")
    assert await statuses(world["DRAFT1"]) == ["pending"] and await StatusChange.count() == 1
    several = await send(
        client, headers, "send-initiatives", action="withdraw", codes="OWN, RET1", note="Trùng"
    )
    assert "Đã rút lại 2 trong 2 sáng kiến." in several.json()["custom_form_success"]
    assert await statuses(world["OWN"], world["RET1"]) == ["withdrawn", "withdrawn"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "submit", "codes": "KHONG-CO"}, "Không có sáng kiến mã «KHONG-CO»"),
        ({"action": "submit", "codes": " , "}, "Hãy nhập mã sáng kiến"),
        # Sent to D1 from G2: D1's to decide, not its staff's to send.
        ({"action": "submit", "codes": "CROSS"}, "Các sáng kiến «CROSS» không thuộc đơn vị"),
        ({"action": "withdraw", "codes": "DRAFT1"}, "Cần ghi ý kiến (lý do) khi rút lại."),
        (
            {"action": "resubmit", "codes": "OK1"},
            "Chưa thay đổi gì. «OK1»: Sáng kiến đang ở trạng thái hợp lệ: chỉ gửi lại được",
        ),
    ],
)
async def test_what_the_send_form_refuses_it_says(world, client, data, message):
    await _one("CROSS", world["G2"], world["D1"], "draft")
    headers = await session_for(client, await of_d1("staff", world))
    refused = await send(client, headers, "send-initiatives", **data)
    assert refused.status_code == 422 and message in refused.text, refused.text
    assert await StatusChange.count() == 0


async def test_a_viewer_cannot_send_in_the_admin(world, client):
    headers = await session_for(client, await of_d1("viewer", world))
    refused = await send(client, headers, "send-initiatives", action="submit", codes="DRAFT1")
    assert refused.status_code in (403, 422) and "chỉ có quyền xem" in refused.text
    assert await statuses(world["DRAFT1"]) == ["draft"]


async def test_staff_send_all_matching_after_seeing_the_count(world, client):
    headers = await session_for(client, await of_d1("staff", world))
    form = {"action": "submit", "note": "", "confirm": False}
    preview = await send(client, headers, "bulk-send", **form)
    message = preview.json()["custom_form_success"]
    assert message.startswith("Xem trước: 2 sáng kiến khớp bộ lọc, 2 sẽ được gửi duyệt."), message
    assert "DRAFT1 – Sáng kiến DRAFT1" in message and await StatusChange.count() == 0
    done = await send(client, headers, "bulk-send", **{**form, "confirm": True})
    assert done.json()["custom_form_success"].startswith("Đã gửi duyệt 2 trong 2 sáng kiến.")
    assert await statuses(world["DRAFT1"], world["OWN"], world["DRAFT2"]) == [
        "pending",
        "pending",
        "draft",
    ]
    # Again: nothing left to send, said so, and no empty batch on record.
    batches = await ApprovalBatch.count()
    again = await send(client, headers, "bulk-send", **{**form, "confirm": True})
    assert again.json()["custom_form_error"] == NONE_MATCH
    assert await ApprovalBatch.count() == batches
    # A decision is not the staff's, whichever form sends it.
    refused = await send(client, headers, "bulk-decision", action="approve", confirm=True)
    assert refused.status_code == 422 and "không có quyền duyệt" in refused.text


async def test_a_manager_reopens_in_the_admin_and_the_edit_form_keeps_the_status_lock(
    world, client
):
    headers = await session_for(client, await of_d1("manager", world))
    form = {"action": "reopen", "text": "OK1", "note": "Sai giá trị làm lợi", "confirm": True}
    done = await send(client, headers, "bulk-decision", **form)
    assert "Đã mở lại để bổ sung 1 trong 1 sáng kiến" in done.json()["custom_form_success"]
    assert await statuses(world["OK1"]) == ["returned"]
    staff = await session_for(client, await of_d1("staff", world))
    url = f"/admin/api/tables/initiative/{world['RET1']}/"
    patched = await client.patch(url, json={"status": "pending"}, headers=staff)
    assert patched.status_code == 422 and patched.json()["custom_form_error"] == STATUS_LOCKED
    assert await statuses(world["RET1"]) == ["returned"]
