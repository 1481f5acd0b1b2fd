"""The bulk approval API: transitions, who may act, all-or-nothing, idempotency,
concurrency. On PostgreSQL every test ends with the kept figures exact."""

import asyncio

import pytest

from domain import workflow
from domain.accounts import create_account
from domain.callers import caller_for_user
from domain.progress import drift
from tables.approvals import ApprovalBatch
from tables.initiatives import Initiative, StatusChange
from tests.support.accounts import PASSWORD, of_d1, role_token, session_for
from tests.support.world import review_world, statuses

pytestmark = pytest.mark.usefixtures("empty_db")


@pytest.fixture
async def world():
    ids = await review_world()
    yield ids
    assert await drift() == []


async def test_approve_by_ids_audits_each_transition_once(world, client):
    headers = await role_token("admin")
    ids = [world["I0"], world["I1"]]
    response = await client.post(
        "/api/approvals", json={"action": "approve", "ids": ids}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["requested"], body["applied"], body["skipped"]) == (2, 2, [])
    assert await statuses(*ids) == ["approved", "approved"]
    audit = await StatusChange.select().where(StatusChange.batch == body["batch"])
    assert sorted(a["initiative"] for a in audit) == ids
    assert {(a["from_status"], a["to_status"]) for a in audit} == {("pending", "approved")}
    progress = (
        await client.get("/api/progress", params={"unit": "P", "phase": "PR-1"}, headers=headers)
    ).json()
    assert progress["valid"] == 2 and progress["pending"] == 5
    detail = (await client.get(f"/api/approvals/{body['batch']}", headers=headers)).json()
    assert [item["initiative"] for item in detail["items"]] == ids


async def test_decided_items_are_skipped_and_the_rest_applied(world, client):
    headers = await role_token("admin")
    await Initiative.update({Initiative.status: "approved"}).where(Initiative.id == world["I0"])
    body = (
        await client.post(
            "/api/approvals",
            json={"action": "reject", "ids": [world["I0"], world["I1"]], "note": "Trùng lặp"},
            headers=headers,
        )
    ).json()
    assert body["applied"] == 1 and [s["id"] for s in body["skipped"]] == [world["I0"]]
    assert "hợp lệ" in body["skipped"][0]["reason"]
    assert await statuses(world["I0"], world["I1"]) == ["approved", "rejected"]


async def test_unknown_ids_change_nothing_and_are_listed(world, client):
    headers = await role_token("admin")
    response = await client.post(
        "/api/approvals", json={"action": "approve", "ids": [world["I0"], 999_999]}, headers=headers
    )
    assert response.status_code == 422 and response.json()["extra"]["ids"] == [999_999]
    assert await statuses(world["I0"]) == ["pending"]
    assert await StatusChange.count() == 0


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        ({"action": "reject", "ids": [1]}, "note"),  # a rejection needs a note
        ({"action": "return", "ids": [1], "note": " \t"}, "note"),  # not a blank one
        ({"action": "transfer", "ids": [1]}, "to_unit"),  # and a transfer its unit
        ({"action": "approve"}, None),  # neither ids nor filter
        ({"action": "approve", "ids": [1], "filter": {}}, None),  # both
        ({"action": "launch", "ids": [1]}, "action"),
        # JSON's own types: no 0 for false, no "1" for 1, no null for "not sent"
        ({"action": "approve", "ids": [1], "dry_run": 0}, "dry_run"),
        ({"action": "approve", "ids": ["1"]}, "ids[0]"),
        ({"action": "approve", "ids": None, "filter": {}}, "ids"),
        ({"action": "approve", "filter": {"benefit_min": "1000"}}, "filter.benefit_min"),
        ({"action": "approve", "ids": [1], "dryrun": True}, "dryrun"),  # a typo, not ignored
    ],
)
async def test_bad_requests_are_refused_by_name(world, client, payload, key):
    headers = await role_token("admin")
    response = await client.post("/api/approvals", json=payload, headers=headers)
    assert response.status_code == 400, response.text
    body = response.json()
    if key is not None:  # the field, for a program; its name, for a person
        assert [problem["key"] for problem in body["extra"]] == [key]
        assert f"«{key}»" in body["detail"]
    assert await StatusChange.count() == 0 and await ApprovalBatch.count() == 0


async def test_a_whole_number_may_be_written_as_a_float(world, client):
    # JSON has one kind of number: 1.0 is the integer 1, as the schema reads it.
    headers = await role_token("admin")
    payload = {"action": "approve", "ids": [float(world["I0"])], "dry_run": True}
    response = await client.post("/api/approvals", json=payload, headers=headers)
    assert response.status_code == 200 and response.json()["requested"] == 1


async def test_an_empty_idempotency_key_is_refused(world, client):
    # It used to be stored as a key, and the second request failed with 500.
    headers = {**await role_token("admin"), "Idempotency-Key": ""}
    for _ in range(2):
        response = await client.post(
            "/api/approvals", json={"action": "approve", "ids": [world["I0"]]}, headers=headers
        )
        assert response.status_code == 400 and "«Idempotency-Key»" in response.json()["detail"]
    assert await ApprovalBatch.count() == 0


async def test_the_same_idempotency_key_returns_the_first_answer(world, client):
    headers = {**await role_token("admin"), "Idempotency-Key": "lan-1"}
    payload = {"action": "approve", "ids": [world["I0"]]}
    first = (await client.post("/api/approvals", json=payload, headers=headers)).json()
    await Initiative.update({Initiative.status: "pending"}).where(Initiative.id == world["I0"])
    again = (await client.post("/api/approvals", json=payload, headers=headers)).json()
    assert again == first
    assert await statuses(world["I0"]) == ["pending"]  # nothing applied the second time
    assert await ApprovalBatch.count() == 1


async def test_dry_run_counts_without_changing(world, client):
    headers = await role_token("admin")
    body = (
        await client.post(
            "/api/approvals",
            json={"action": "approve", "filter": {"within": "D1"}, "dry_run": True},
            headers=headers,
        )
    ).json()
    assert (body["requested"], body["applied"], body["dry_run"]) == (6, 6, True)
    assert await StatusChange.count() == 0 and await ApprovalBatch.count() == 0


async def test_a_failure_mid_batch_changes_nothing(world, monkeypatch):
    user = await create_account("quantri", PASSWORD, "admin")

    async def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    # The batch row is written last, after every status and audit row.
    monkeypatch.setattr(ApprovalBatch, "insert", broken)
    with pytest.raises(RuntimeError):
        await workflow.decide(
            await caller_for_user(user.id), "approve", ids=[world["I0"], world["I1"]]
        )
    assert await statuses(world["I0"], world["I1"]) == ["pending", "pending"]
    assert await StatusChange.count() == 0


async def test_a_manager_decides_only_what_is_sent_to_their_units(world, client):
    headers = await role_token("manager")
    outside = await client.post(
        "/api/approvals", json={"action": "approve", "ids": [world["OUT"]]}, headers=headers
    )
    assert outside.status_code == 422 and outside.json()["extra"]["ids"] == [world["OUT"]]
    by_filter = (
        await client.post(
            "/api/approvals", json={"action": "approve", "filter": {}}, headers=headers
        )
    ).json()
    assert by_filter["applied"] == 6
    assert await statuses(world["OUT"]) == ["pending"]


@pytest.mark.parametrize("role", ["viewer", "staff"])
async def test_viewers_and_staff_cannot_decide(world, client, role):
    headers = await role_token(role)
    response = await client.post(
        "/api/approvals", json={"action": "approve", "ids": [world["I0"]]}, headers=headers
    )
    assert response.status_code == 403 and await StatusChange.count() == 0


async def test_a_manager_transfers_to_a_union_outside_their_scope(world, client):
    headers = await role_token("manager")
    body = (
        await client.post(
            "/api/approvals",
            json={"action": "transfer", "ids": [world["I0"]], "to_unit": "D2"},
            headers=headers,
        )
    ).json()
    assert body["applied"] == 1
    row = (
        await Initiative.select(Initiative.reviewing_unit, Initiative.status)
        .where(Initiative.id == world["I0"])
        .first()
    )
    assert row == {"reviewing_unit": world["D2"], "status": "pending"}
    assert await StatusChange.count() == 1


async def test_a_transfer_reads_the_code_in_any_case_and_skips_what_is_already_there(world, client):
    """«tn-py» was refused, and a transfer to the union already reviewing it was
    applied, adding «Chờ duyệt → Chờ duyệt» to the history each time (users' trial)."""
    headers = await role_token("manager")

    async def transfer(to_unit: str) -> dict:
        body = {"action": "transfer", "ids": [world["I0"], world["I1"]], "to_unit": to_unit}
        return (await client.post("/api/approvals", json=body, headers=headers)).json()

    here = await transfer("d1")  # where they are already
    assert here["applied"] == 0 and await StatusChange.count() == 0
    assert {s["reason"] for s in here["skipped"]} == {
        "Sáng kiến đã ở đơn vị duyệt này: không cần chuyển."
    }
    assert (await transfer("d2"))["applied"] == 2
    unknown = await transfer("XX-KHONG")
    assert unknown["detail"] == "«Chuyển đến đơn vị»: không có đơn vị mã «XX-KHONG»."


async def test_overlapping_batches_transition_each_initiative_once(world, client):
    """Four requests of a manager over the same initiatives, at once."""
    headers = await role_token("manager")
    ids = [world[f"I{n}"] for n in range(6)]
    parts = [ids, ids[::-1], ids[:3], ids[2:]]
    responses = await asyncio.gather(
        *(
            client.post("/api/approvals", json={"action": "approve", "ids": part}, headers=headers)
            for part in parts
        )
    )
    assert [r.status_code for r in responses] == [200] * 4
    bodies = [r.json() for r in responses]
    assert sum(b["applied"] for b in bodies) == 6
    assert sum(len(b["skipped"]) for b in bodies) == sum(map(len, parts)) - 6
    assert await StatusChange.count() == 6
    assert await statuses(*ids) == ["approved"] * 6


async def test_the_admin_form_previews_then_applies(world, client):
    user_id = await of_d1("manager", world)
    headers = await session_for(client, user_id)
    form = {"action": "approve", "reviewing_unit": "D1", "note": "", "confirm": False}
    preview = await client.post("/admin/api/forms/bulk-decision/", json=form, headers=headers)
    assert preview.status_code == 200, preview.text
    message = preview.json()["custom_form_success"]
    assert message.startswith("Xem trước: 6 sáng kiến") and "I0 – Sáng kiến I0" in message
    assert await StatusChange.count() == 0
    # A choice as people know it, by its label; an unknown one is named.
    for field, expected in (("Công nghiệp, sản xuất", ": 0 sáng kiến"), ("khác", ": 6 sáng kiến")):
        typed = await client.post(
            "/admin/api/forms/bulk-decision/", json={**form, "field": field}, headers=headers
        )
        assert expected in typed.json()["custom_form_success"], typed.text
    unknown = await client.post(
        "/admin/api/forms/bulk-decision/", json={**form, "field": "xyz"}, headers=headers
    )
    assert unknown.status_code == 422 and "«xyz» không có trong danh mục" in unknown.text
    done = await client.post(
        "/admin/api/forms/bulk-decision/", json={**form, "confirm": True}, headers=headers
    )
    assert "Đã công nhận hợp lệ 6 trong 6" in done.json()["custom_form_success"]
    assert await StatusChange.count() == 6 and await ApprovalBatch.count() == 1
    refused = await client.post(
        "/admin/api/forms/bulk-decision/",
        json={**form, "action": "reject", "confirm": True},
        headers=headers,
    )
    assert refused.status_code in (400, 422) and "Cần ghi ý kiến" in refused.text


async def test_a_retry_sent_while_the_first_runs_gets_the_first_answer(world, client):
    headers = {**await role_token("admin"), "Idempotency-Key": "lan-song-song"}
    payload = {"action": "approve", "ids": [world["I0"], world["I1"]]}
    first, second = await asyncio.gather(
        client.post("/api/approvals", json=payload, headers=headers),
        client.post("/api/approvals", json=payload, headers=headers),
    )
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert await ApprovalBatch.count() == 1 and await StatusChange.count() == 2


async def test_an_unknown_batch_answers_404_in_words(world, client):
    headers = await role_token("admin")
    response = await client.get("/api/approvals/khong-co", headers=headers)
    assert response.status_code == 404
    assert response.json() == {
        "status_code": 404,
        "detail": "Không có lượt gửi hoặc duyệt «khong-co» của bạn.",
    }


async def test_an_idempotency_key_sent_with_another_request_is_refused(world, client):
    """Issue 12, item 6: the second request was silently dropped with the first's answer."""
    headers = {**await role_token("admin"), "Idempotency-Key": "lan-2"}
    first = await client.post(
        "/api/approvals", json={"action": "approve", "ids": [world["I0"]]}, headers=headers
    )
    assert first.status_code == 200, first.text
    # The same request, its ids in another order, still gets the first answer.
    again = await client.post(
        "/api/approvals", json={"action": "approve", "ids": [world["I0"], world["I0"]]},
        headers=headers,
    )  # fmt: skip
    assert again.status_code == 200 and again.json() == first.json()
    other = await client.post(
        "/api/approvals",
        json={"action": "reject", "ids": [world["I1"]], "note": "trùng"},
        headers=headers,
    )
    assert other.status_code == 422, other.text
    assert "«lan-2» đã dùng cho một yêu cầu khác" in other.json()["detail"]
    assert await statuses(world["I0"], world["I1"]) == ["approved", "pending"]


async def test_the_text_filter_matches_percent_and_underscore_as_typed(world, client):
    """Issue 12, item 5: «_» matched every initiative in scope."""
    headers = await role_token("admin")
    for text, expected in (("_", 0), ("%", 0), ("I_", 0), ("I3", 1)):
        body = (
            await client.post(
                "/api/approvals",
                json={"action": "approve", "filter": {"text": text}, "dry_run": True},
                headers=headers,
            )
        ).json()
        assert body["requested"] == expected, (text, body)


async def test_a_manager_is_told_that_only_administrators_revoke(world, client):
    headers = await role_token("manager")
    body = {"action": "revoke", "ids": [world["I0"]], "note": "Duyệt nhầm"}
    refused = await client.post("/api/approvals", json=body, headers=headers)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Chỉ quản trị hệ thống được hủy duyệt sáng kiến."
