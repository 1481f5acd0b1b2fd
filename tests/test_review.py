"""The managers' review queue (/review) through HTTP, logged in through the admin's
own login form: listing and filters, the confirmation step, applying, the batch
page, CSRF, bad input and who may decide. Unit accounts need PostgreSQL."""

import re
from html import unescape

import pytest

from domain.progress import drift
from tables.approvals import ApprovalBatch
from tables.initiatives import StatusChange
from tests.support.accounts import account, log_in
from tests.support.world import initiative, review_world, statuses

pytestmark = pytest.mark.usefixtures("empty_db")


@pytest.fixture
async def world():
    ids = await review_world()
    yield ids
    assert await drift() == []


async def sign_in(client, username: str, role: str, unit: str = "D1") -> str:
    """An account, logged in through the admin's form; the CSRF token forms carry."""
    await account(username, role, None if role == "admin" else unit)
    return (await log_in(client, username))["X-CSRFToken"]


def text(page) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page.text)))


def listed(page) -> list[int]:
    return [int(i) for i in re.findall(r'name="id" value="(\d+)"', page.text)]


def hidden(page) -> dict[str, list[str]]:
    """The confirmation form's fields, as the browser would send them."""
    form = page.text[page.text.index('action="/review/apply"') :]
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(unescape(value))
    return fields


async def test_without_a_session_the_page_asks_to_log_in(client):
    page = await client.get("/review")
    assert page.status_code == 401
    assert "Cần đăng nhập" in text(page) and 'href="/admin/"' in page.text


async def test_the_admin_sidebar_links_to_the_queue(world, client):
    await sign_in(client, "quantri", "admin")
    links = (await client.get("/admin/api/links/")).json()
    assert links["Hàng chờ duyệt"] == "/review"


async def test_tick_confirm_apply_and_see_the_result(world, client):
    token = await sign_in(client, "quantri", "admin")
    queue = await client.get("/review", params={"reviewing_unit": "D1"})
    assert queue.status_code == 200
    assert listed(queue) == [world[f"I{n}"] for n in range(6)]  # oldest first
    assert "6 sáng kiến chờ duyệt" in text(queue)
    ticked = [world["I0"], world["I1"], world["I2"]]
    form = {"csrftoken": token, "id": ticked, "action": "approve", "selection": "ticked"}

    confirm = await client.post("/review/confirm", data={**form, "reviewing_unit": "D1"})
    assert confirm.status_code == 200, text(confirm)
    assert "Sẽ công nhận hợp lệ 3 sáng kiến" in text(confirm)
    assert await statuses(*ticked) == ["pending"] * 3, "the confirmation changes nothing"

    fields = hidden(confirm)
    assert [int(i) for i in fields["id"]] == ticked
    applied = await client.post("/review/apply", data=fields, follow_redirects=False)
    assert applied.status_code == 303
    batch_page = await client.get(applied.headers["location"])
    assert "Đã công nhận hợp lệ 3 trong 3 sáng kiến" in text(batch_page)
    assert await statuses(*ticked, world["I3"]) == ["approved"] * 3 + ["pending"]
    [batch] = await ApprovalBatch.select().where(ApprovalBatch.applied == 3)
    assert await StatusChange.count().where(StatusChange.batch == batch["key"]) == 3

    # The progress panel reads the kept figures: the province now counts three.
    assert re.search(r'data-figure="valid">3<', batch_page.text)
    assert re.search(r'data-figure="pending">4<', batch_page.text)


async def test_a_second_click_on_confirm_applies_once(world, client):
    token = await sign_in(client, "quantri", "admin")
    form = {"csrftoken": token, "id": [world["I0"]], "action": "approve", "selection": "ticked"}
    fields = hidden(await client.post("/review/confirm", data=form))
    first = await client.post("/review/apply", data=fields, follow_redirects=False)
    again = await client.post("/review/apply", data=fields, follow_redirects=False)
    assert first.headers["location"] == again.headers["location"]
    assert await StatusChange.count() == 1 and await ApprovalBatch.count() == 1


async def test_all_matching_applies_what_was_counted_or_asks_again(world, client):
    token = await sign_in(client, "quantri", "admin")
    form = {"csrftoken": token, "action": "approve", "selection": "all", "reviewing_unit": "D1"}
    confirm = await client.post("/review/confirm", data=form)
    assert "Sẽ công nhận hợp lệ 6 sáng kiến" in text(confirm)
    fields = hidden(confirm)
    assert "id" not in fields, "the selection travels as the filter and a digest"

    # Something new arrives before the manager confirms: asked again, nothing applied.
    late = await initiative("LATE", world["G1"], world["D1"])
    changed = await client.post("/review/apply", data=fields)
    assert changed.status_code == 409
    assert "đã thay đổi" in text(changed) and "Sẽ công nhận hợp lệ 7 sáng kiến" in text(changed)
    assert await StatusChange.count() == 0

    applied = await client.post("/review/apply", data=hidden(changed), follow_redirects=False)
    assert applied.status_code == 303
    assert await statuses(late, world["I5"], world["OUT"]) == ["approved", "approved", "pending"]


async def test_a_rejection_without_a_note_keeps_the_ticks_and_changes_nothing(world, client):
    token = await sign_in(client, "quantri", "admin")
    form = {"csrftoken": token, "id": [world["I1"]], "action": "reject", "selection": "ticked"}
    page = await client.post("/review/confirm", data=form)
    assert page.status_code == 400
    assert "Cần ghi ý kiến" in text(page)
    assert re.search(rf'value="{world["I1"]}"[^>]*checked', page.text), "the tick survives"
    assert await StatusChange.count() == 0


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"action": "approve", "selection": "ticked"}, "Chưa chọn sáng kiến nào"),
        ({"action": "burn", "selection": "all"}, "Hãy chọn thao tác"),
        ({"action": "approve", "selection": "all", "submitted_from": "15/7"}, "không phải ngày"),
        ({"action": "approve", "selection": "all", "benefit_min": "nhiều"}, "không phải số tiền"),
        ({"action": "approve", "selection": "all", "benefit_min": "1e5"}, "không phải số tiền"),
        ({"action": "transfer", "selection": "all"}, "«Chuyển đến đơn vị»: hãy nhập mã"),
        ({"action": "approve", "selection": "all", "reviewing_unit": "XX"}, "không có đơn vị mã"),
    ],
)
async def test_bad_input_is_explained_and_changes_nothing(world, client, form, message):
    token = await sign_in(client, "quantri", "admin")
    page = await client.post("/review/confirm", data={"csrftoken": token, **form})
    assert 400 <= page.status_code < 500
    assert message in text(page)
    assert await StatusChange.count() == 0


async def test_a_bad_filter_on_the_queue_is_explained(world, client):
    await sign_in(client, "quantri", "admin")
    page = await client.get("/review", params={"submitted_to": "hôm qua"})
    assert page.status_code == 400 and "không phải ngày" in text(page)
    # A link saved before the filter was one: refused rather than widened.
    page = await client.get("/review", params={"unit": "D1", "from": "2022-03-05"})
    assert page.status_code == 400 and "«unit» nay là «Đơn vị duyệt (nơi gửi đến)»" in text(page)


async def test_a_form_without_the_csrf_token_is_refused(world, client):
    await sign_in(client, "quantri", "admin")
    form = {"id": [world["I0"]], "action": "approve", "selection": "ticked", "key": "k"}
    for path in ("/review/confirm", "/review/apply"):
        page = await client.post(path, data={**form, "csrftoken": "giả"})
        assert page.status_code == 403 and "CSRF" in text(page)
    assert await StatusChange.count() == 0


async def test_filters_page_and_text(world, client):
    await sign_in(client, "quantri", "admin")
    first = await client.get("/review", params={"size": 25})
    assert len(listed(first)) == 7 and "trang 1/1" in text(first)
    found = await client.get("/review", params={"text": "i3"})
    assert listed(found) == [world["I3"]]
    dated = await client.get(
        "/review", params={"submitted_from": "2022-03-05", "reviewing_unit": "D1"}
    )
    assert listed(dated) == [world["I4"], world["I5"]]
    # Typed as an office writes it, whatever the browser's language (a text box).
    typed = await client.get("/review", params={"submitted_from": "5/3/2022", "size": 25})
    assert set(listed(typed)) >= {world["I4"], world["I5"]} and world["I3"] not in listed(typed)
    assert 'value="5/3/2022"' in typed.text
    wrong = await client.get("/review", params={"submitted_from": "31/02/2022"})
    assert "«Ngày gửi từ»" in text(wrong) and "không có ngày 31/02/2022" in text(wrong)
    # Never the whole queue instead (its «tất cả … khớp bộ lọc» would decide it all):
    # no row, and the filter kept as typed (users' trial).
    assert wrong.status_code == 400 and listed(wrong) == []
    assert 'value="31/02/2022"' in wrong.text and 'name="selection" value="all"' not in wrong.text
    phase = await client.get("/review", params={"phase": "pr-1", "size": 25})
    assert phase.status_code == 200 and 'value="pr-1"' in phase.text  # codes in any case
    both = await client.get(
        "/review", params={"submitted_from": "31/02/2022", "benefit_min": "1,6"}
    )
    assert "«Ngày gửi từ»" in text(both) and "«Giá trị làm lợi từ (đồng)»" in text(both)


async def test_a_manager_sees_and_decides_only_what_is_sent_to_their_units(world, client):
    token = await sign_in(client, "lanhdao", "manager", "D1")
    queue = await client.get("/review")
    assert set(listed(queue)) == {world[f"I{n}"] for n in range(6)}
    assert world["OUT"] not in listed(queue)

    outside = {"csrftoken": token, "id": [world["OUT"]], "action": "approve"}
    page = await client.post("/review/confirm", data={**outside, "selection": "ticked"})
    assert page.status_code == 422 and str(world["OUT"]) in text(page)

    form = {"csrftoken": token, "action": "return", "note": "Bổ sung số liệu", "selection": "all"}
    confirm = await client.post("/review/confirm", data=form)
    assert "Chọn: tất cả sáng kiến khớp bộ lọc, không lọc gì: mọi sáng kiến chờ duyệt" in text(
        confirm
    )
    narrowed = await client.post("/review/confirm", data={**form, "submitted_from": "5/3/2022"})
    assert "tất cả sáng kiến khớp bộ lọc (Ngày gửi từ: 5/3/2022)" in text(narrowed)
    fields = hidden(confirm)
    applied = await client.post("/review/apply", data=fields, follow_redirects=False)
    assert applied.status_code == 303
    result = await client.get(applied.headers["location"])
    assert "Đã trả lại để bổ sung 6 trong 6 sáng kiến" in text(result)
    assert await statuses(world["I0"], world["OUT"]) == ["returned", "pending"]


async def test_staff_see_the_queue_but_cannot_decide(world, client):
    token = await sign_in(client, "nhaplieu", "staff", "D1")
    queue = await client.get("/review")
    assert queue.status_code == 200 and "6 sáng kiến chờ duyệt" in text(queue)
    assert listed(queue) == [] and "chỉ xem được" in text(queue)
    form = {"csrftoken": token, "id": [world["I0"]], "action": "approve", "selection": "ticked"}
    page = await client.post("/review/confirm", data=form)
    assert page.status_code == 403 and "không có quyền duyệt" in text(page)
    assert await StatusChange.count() == 0


async def test_another_managers_batch_is_not_shown(world, client):
    token = await sign_in(client, "lanhdao", "manager", "D1")
    form = {"csrftoken": token, "id": [world["I0"]], "action": "approve", "selection": "ticked"}
    fields = hidden(await client.post("/review/confirm", data=form))
    applied = await client.post("/review/apply", data=fields, follow_redirects=False)
    location = applied.headers["location"]
    assert location.startswith("/review/batches/")
    client.cookies.clear()
    await sign_in(client, "lanhdao2", "manager", "D1")
    page = await client.get(location)
    assert page.status_code == 404 and "Không có lượt gửi hoặc duyệt" in text(page)


async def test_a_transfer_out_of_the_managers_scope_shows_no_raw_value(world, client):
    token = await sign_in(client, "lanhdao", "manager", "D1")
    form = {
        "csrftoken": token,
        "id": [world["I0"]],
        "action": "transfer",
        "to_unit": "P",
        "selection": "ticked",
    }
    fields = hidden(await client.post("/review/confirm", data=form))
    applied = await client.post("/review/apply", data=fields, follow_redirects=False)
    page = await client.get(applied.headers["location"])
    assert "Sáng kiến I0" in text(page), text(page)
    assert "Chờ duyệt Đơn vị P" in text(page) and "None" not in text(page)  # where it went


async def test_a_batch_page_offers_to_reopen_what_it_decided(world, client):
    """Issue 13: a manager reopens approved ones from the batch that approved them
    (ticked only, with a note, after a confirmation)."""
    token = await sign_in(client, "lanhdao", "manager")
    ids = [world["I0"], world["I1"]]
    form = {"csrftoken": token, "id": ids, "action": "approve", "selection": "ticked"}
    confirm = await client.post("/review/confirm", data=form)
    applied = await client.post("/review/apply", data=hidden(confirm), follow_redirects=False)
    batch_page = await client.get(applied.headers["location"])
    assert 'id="reopen"' in batch_page.text and listed(batch_page) == ids
    # "All matching" is not for reopening: the ticked one only.
    batch = applied.headers["location"].rsplit("/", 1)[1]
    reopen = {"csrftoken": token, "id": [world["I0"]], "action": "reopen", "selection": "all"}
    reopen["from_batch"] = batch
    # A mistake brings the batch's page back as it was left (the users' trial: the
    # queue, where decided ones are not, was shown instead).
    missing_note = await client.post("/review/confirm", data=reopen)
    assert missing_note.status_code == 400 and "Cần ghi ý kiến" in text(missing_note)
    assert "Kết quả lượt duyệt" in text(missing_note)
    assert re.search(rf'value="{world["I0"]}"[^>]*checked', missing_note.text)
    confirm = await client.post("/review/confirm", data={**reopen, "note": "Sai số liệu"})
    assert "Sẽ mở lại để bổ sung 1 sáng kiến" in text(confirm), text(confirm)
    assert f'href="/review/batches/{batch}">Quay lại' in confirm.text
    assert await statuses(*ids) == ["approved", "approved"]
    applied = await client.post("/review/apply", data=hidden(confirm), follow_redirects=False)
    assert applied.status_code == 303
    assert "Đã mở lại để bổ sung 1 trong 1 sáng kiến" in text(
        await client.get(applied.headers["location"])
    )
    assert await statuses(*ids) == ["returned", "approved"]
    audit = await StatusChange.select().where(StatusChange.initiative == world["I0"])
    assert [(a["from_status"], a["to_status"], a["note"]) for a in audit][-1] == (
        "approved",
        "returned",
        "Sai số liệu",
    )


async def test_the_confirm_page_names_the_transfers_union_and_why_some_are_skipped(world, client):
    """A transfer's code came back as typed («tn-py») and its skips read «no longer
    pending» when they were already at that union (users' trial)."""
    token = await sign_in(client, "lanhdao", "manager", "D1")
    form = {"csrftoken": token, "action": "transfer", "selection": "ticked", "id": [world["I0"]]}
    here = await client.post("/review/confirm", data={**form, "to_unit": "d1"})
    assert "sẽ được bỏ qua: Sáng kiến đã ở đơn vị duyệt này" in text(here)
    there = await client.post("/review/confirm", data={**form, "to_unit": "d2"})
    assert "Chuyển đến đơn vị: d2 – Đơn vị D2" in text(there)
    empty = await client.post("/review/confirm", data={**form, "to_unit": ""})
    assert "«Chuyển đến đơn vị»: hãy nhập mã của công đoàn nhận" in text(empty)
