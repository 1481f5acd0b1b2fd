"""The staff's sending pages (/send) through HTTP, logged in through the admin's own
login form: the list of drafts and returned ones, ticked or all matching, the
confirmation, sending (submit and resubmit in one request) and withdrawing, one
initiative's page with its whole history, and who may do what. Every test ends
with the kept figures exact."""

import re
from datetime import datetime
from html import unescape

import pytest

from domain.progress import VIETNAM, drift
from domain.workflow import VIEWER
from tables.approvals import ApprovalBatch
from tables.initiatives import StatusChange
from tests.support.accounts import account, log_in, token_for
from tests.support.rules import refusing_to_send
from tests.support.world import initiative, review_world, statuses

pytestmark = pytest.mark.usefixtures("empty_db")


@pytest.fixture
async def world():
    """review_world (I0–I5 pending from G1 to D1, OUT from G2 to D2); in G1 a draft
    DRAFT1 and a returned RET1, in G2 a draft DRAFT2 (outside D1's scope)."""
    ids = await review_world()
    ids["DRAFT1"] = await initiative(
        "DRAFT1", ids["G1"], ids["D1"], status="draft", submitted_on=None
    )
    ids["DRAFT1B"] = await initiative(
        "DRAFT1B", ids["G1"], ids["D1"], status="draft", submitted_on=None
    )
    ids["RET1"] = await initiative(
        "RET1", ids["G1"], ids["D1"], status="returned", decision_note="Bổ sung số liệu"
    )
    ids["DRAFT2"] = await initiative(
        "DRAFT2", ids["G2"], ids["D2"], status="draft", submitted_on=None
    )
    yield ids
    assert await drift() == []


async def sign_in(client, username: str, role: str, unit: str = "D1") -> str:
    await account(username, role, None if role == "admin" else unit)
    return (await log_in(client, username))["X-CSRFToken"]


def text(page) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page.text)))


def listed(page) -> list[int]:
    return [int(i) for i in re.findall(r'name="id" value="(\d+)"', page.text)]


def hidden(page, action: str = "/send/apply") -> dict[str, list[str]]:
    form = page.text[page.text.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(unescape(value))
    return fields


async def test_the_admin_sidebar_links_to_the_page(world, client):
    await sign_in(client, "nhaplieu", "staff")
    links = (await client.get("/admin/api/links/")).json()
    assert links["Gửi sáng kiến"] == "/send"


async def test_a_filter_that_cannot_be_read_lists_nothing_rather_than_everything(world, client):
    await sign_in(client, "nhaplieu", "staff")
    page = await client.get("/send", params={"benefit_min": "1,6"})
    assert page.status_code == 400 and "không có phần lẻ" in page.text
    assert listed(page) == [] and 'name="selection" value="all"' not in page.text
    assert 'value="1,6"' in page.text


async def test_the_pages_header_shows_what_the_role_can_use(world, client):
    def header(page) -> list[str]:
        return re.findall(
            r'<a href="([^"]+)"', page.text.split("<header>")[1].split("</header>")[0]
        )

    await sign_in(client, "nhaplieu", "staff")
    staff = header(await client.get("/send"))
    assert staff == ["/send", "/initiatives/new", "/initiatives/export", "/admin/"]
    await sign_in(client, "xem", "viewer")
    assert header(await client.get("/initiatives/export")) == ["/initiatives/export", "/admin/"]
    refused = await client.get("/initiatives/new")  # a viewer's refusal: their header, way home
    assert refused.status_code == 403
    assert header(refused) == ["/initiatives/export", "/admin/"]
    assert '<a href="/admin/">Về trang quản trị</a>' in refused.text
    await sign_in(client, "lanhdao", "manager")
    assert header(await client.get("/review"))[0] == "/review"


async def test_staff_tick_a_draft_and_a_returned_one_and_send_both(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    page = await client.get("/send")
    assert page.status_code == 200, text(page)
    # Returned ones first, then drafts; their own units' only, nothing pending.
    assert listed(page) == [world["RET1"], world["DRAFT1"], world["DRAFT1B"]]
    assert "3 sáng kiến chờ gửi khớp bộ lọc" in text(page)
    assert "Bổ sung số liệu" in text(page)  # the reviewer's note beside the returned one

    ticked = [world["DRAFT1"], world["RET1"]]
    form = {"csrftoken": token, "id": ticked, "action": "send", "selection": "ticked"}
    confirm = await client.post("/send/confirm", data={**form, "note": "Đã bổ sung"})
    assert confirm.status_code == 200, text(confirm)
    assert "Sẽ thay đổi 2 trong 2 sáng kiến" in text(confirm)
    assert "gửi duyệt: 1 sáng kiến" in text(confirm) and "gửi lại: 1 sáng kiến" in text(confirm)
    assert await statuses(*ticked) == ["draft", "returned"], "the confirmation changes nothing"

    applied = await client.post("/send/apply", data=hidden(confirm), follow_redirects=False)
    assert applied.status_code == 303, text(applied)
    result = await client.get(applied.headers["location"])
    assert "Đã gửi duyệt 1 trong 1 sáng kiến" in text(result)
    assert "Đã gửi lại 1 trong 1 sáng kiến" in text(result)
    assert await statuses(*ticked) == ["pending", "pending"]
    changes = await StatusChange.select().order_by(StatusChange.initiative)
    assert [(c["initiative"], c["from_status"], c["to_status"]) for c in changes] == [
        (world["DRAFT1"], "draft", "pending"),
        (world["RET1"], "returned", "pending"),
    ]
    # A second click on «Xác nhận» shows the same batches, and changes nothing more.
    again = await client.post("/send/apply", data=hidden(confirm), follow_redirects=False)
    assert again.headers["location"] == applied.headers["location"]
    assert await StatusChange.count() == 2 and await ApprovalBatch.count() == 2


async def test_all_matching_a_filter_with_the_count_first(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    page = await client.get("/send", params={"status": "draft"})
    assert listed(page) == [world["DRAFT1"], world["DRAFT1B"]]
    assert "Tất cả 2 sáng kiến khớp bộ lọc" in text(page)
    form = {"csrftoken": token, "action": "send", "selection": "all", "status": "draft"}
    confirm = await client.post("/send/confirm", data=form)
    assert "Sẽ thay đổi 2 trong 2 sáng kiến" in text(confirm)
    fields = hidden(confirm)
    assert "id" not in fields

    # Another draft of the unit's appears meanwhile: the page asks again.
    await initiative("DRAFT1C", world["G1"], world["D1"], status="draft", submitted_on=None)
    changed = await client.post("/send/apply", data=fields)
    assert changed.status_code == 409
    assert "đã thay đổi" in text(changed) and "Sẽ thay đổi 3 trong 3" in text(changed)
    applied = await client.post("/send/apply", data=hidden(changed), follow_redirects=False)
    assert applied.status_code == 303
    assert await statuses(world["DRAFT1"], world["DRAFT1B"], world["RET1"]) == [
        "pending",
        "pending",
        "returned",
    ]
    assert await StatusChange.count() == 3


async def test_withdrawing_needs_a_note_and_then_withdraws(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    form = {"csrftoken": token, "id": [world["DRAFT1"]], "action": "withdraw"}
    refused = await client.post("/send/confirm", data={**form, "selection": "ticked"})
    assert refused.status_code == 400
    assert "Cần ghi ý kiến (lý do) khi rút lại" in text(refused)
    assert listed(refused) == [world["RET1"], world["DRAFT1"], world["DRAFT1B"]]
    assert 'value="{}" aria-label="Chọn DRAFT1" checked'.format(world["DRAFT1"]) in refused.text

    note = "Trùng với sáng kiến khác"
    confirm = await client.post("/send/confirm", data={**form, "selection": "ticked", "note": note})
    assert "rút lại: 1 sáng kiến" in text(confirm)
    applied = await client.post("/send/apply", data=hidden(confirm), follow_redirects=False)
    assert "Đã rút lại 1 trong 1" in text(await client.get(applied.headers["location"]))
    assert await statuses(world["DRAFT1"]) == ["withdrawn"]
    [change] = await StatusChange.select()
    assert (change["to_status"], change["note"]) == ("withdrawn", note)


async def test_nothing_ticked_and_others_initiatives_are_refused_in_words(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    empty = await client.post(
        "/send/confirm", data={"csrftoken": token, "action": "send", "selection": "ticked"}
    )
    assert empty.status_code == 400 and "Chưa chọn sáng kiến nào" in text(empty)
    # Another unit's draft, sent by hand: all or nothing, with the reason.
    other = {"csrftoken": token, "action": "send", "selection": "ticked"}
    outside = await client.post(
        "/send/confirm", data={**other, "id": [world["DRAFT1"], world["DRAFT2"]]}
    )
    assert outside.status_code == 422
    assert "không thuộc đơn vị trong phạm vi của bạn" in text(outside)
    bad = await client.get("/send", params={"status": "approved"})
    assert bad.status_code == 400 and "không có trên trang này" in text(bad)
    forged = await client.post(
        "/send/confirm", data={**other, "id": [world["DRAFT1"]]} | {"csrftoken": "x"}
    )
    assert forged.status_code == 403
    assert await StatusChange.count() == 0


async def test_viewers_see_the_list_without_actions_and_are_refused_in_words(world, client):
    token = await sign_in(client, "xem", "viewer")
    page = await client.get("/send")
    assert page.status_code == 200
    assert listed(page) == [] and "chỉ xem được" in text(page)
    assert "3 sáng kiến chờ gửi" in text(page)
    refused = await client.post(
        "/send/confirm",
        data={"csrftoken": token, "action": "send", "selection": "all"},
    )
    assert refused.status_code == 403 and VIEWER in text(refused)
    item = await client.get(f"/send/{world['DRAFT1']}")
    assert "chỉ xem được" in text(item) and 'action="/send/apply"' not in item.text
    assert await StatusChange.count() == 0


async def test_one_initiatives_page_sends_it_and_shows_its_whole_history(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    draft = world["DRAFT1"]
    page = await client.get(f"/send/{draft}")
    assert page.status_code == 200
    assert "Nháp" in text(page) and "Chưa gửi" in text(page)
    assert "Chưa có thay đổi nào được ghi lại" in text(page)
    assert 'id="do-submit"' in page.text and 'id="do-withdraw"' in page.text
    assert "1.000.000 đ" in text(page)

    # Withdrawing without a reason: refused on this page, as it was left.
    refused = await client.post("/send/apply", data=hidden(page, '/send/apply" id="do-withdraw'))
    assert refused.status_code == 400 and "Cần ghi ý kiến" in text(refused)
    assert "Sáng kiến DRAFT1" in text(refused)

    sent = await client.post(
        "/send/apply", data=hidden(page, '/send/apply" id="do-submit'), follow_redirects=False
    )
    assert sent.status_code == 303
    assert sent.headers["location"].startswith(f"/send/{draft}?batch=")
    after = await client.get(sent.headers["location"])
    assert "Đã gửi duyệt 1 trong 1 sáng kiến" in text(after)
    assert "Chờ duyệt" in text(after)
    today = datetime.now(VIETNAM).strftime("%d/%m/%Y")  # the day it was sent, in Vietnam
    assert re.search(r'id="submitted">([^<]*)<', after.text)[1] == today

    # Edited once sent (the admin's form), returned by the reviewer: both in the history.
    url = f"/admin/api/tables/initiative/{draft}/"
    row = (await client.get(url)).json()
    row.pop("id", None)
    edited = await client.patch(
        url, json={**row, "benefit_vnd": "2500000"}, headers={"X-CSRFToken": token}
    )
    assert edited.status_code == 200, edited.text
    await account("lanhdao", "manager", world["D1"])
    returned = await client.post(
        "/api/approvals",
        json={"action": "return", "ids": [draft], "note": "Thiếu QĐ"},
        headers=await token_for("lanhdao"),
    )
    assert returned.status_code == 200, returned.text
    history = await client.get(f"/send/{draft}")
    rows = re.findall(r'<tr class="(status|edit)">(.*?)</tr>', history.text, re.S)
    shown = [(kind, re.sub(r"<[^>]+>", "|", cells)) for kind, cells in rows]
    assert [kind for kind, _ in shown] == ["status", "edit", "status"]
    assert "Gửi duyệt|" in shown[0][1] and "|Bạn|" in shown[0][1]
    assert shown[1][1].startswith("|") and "Sửa «" in shown[1][1]
    assert "1.000.000 đ → 2.500.000 đ" in shown[1][1]
    assert "Trả lại để bổ sung" in shown[2][1] and "Thiếu QĐ" in shown[2][1]
    assert "Lãnh đạo đơn vị duyệt" in shown[2][1]  # the manager's name is not the staff's to read
    assert 'id="do-resubmit"' in history.text


async def test_an_initiative_outside_the_scope_is_not_shown(world, client):
    await sign_in(client, "nhaplieu", "staff")
    page = await client.get(f"/send/{world['DRAFT2']}")
    assert page.status_code == 404
    assert "nằm ngoài phạm vi" in text(page)


async def test_a_manager_reads_what_was_sent_to_them_but_sends_only_their_own(world, client):
    """CROSS comes from G2 (outside D1's scope) to D1: D1's manager reads its page
    and history, but sending or withdrawing it is its own unit's; I0 (from G1) is theirs."""
    cross = await initiative("CROSS", world["G2"], world["D1"])
    await sign_in(client, "lanhdao", "manager")
    page = await client.get(f"/send/{cross}")
    assert page.status_code == 200
    assert 'action="/send/apply"' not in page.text
    assert "không thuộc đơn vị trong phạm vi của bạn" in text(page)
    own = await client.get(f"/send/{world['I0']}")
    assert 'id="do-withdraw"' in own.text and 'id="do-submit"' not in own.text


async def test_the_same_life_through_the_api_one_audit_row_per_transition(world, client):
    """Created as a draft (the admin's API), then submit, return, correct, resubmit,
    approve (an edit then refused), reopen, through POST /api/approvals."""
    token = await sign_in(client, "nhaplieu", "staff")
    await account("lanhdao", "manager", world["D1"])
    staff, manager = await token_for("nhaplieu"), await token_for("lanhdao")
    form = {"X-CSRFToken": token}
    defaults = (await client.get("/admin/api/tables/initiative/new/")).json()
    new = {**defaults, "code": "API-1", "title": "Qua API", "unit": world["G1"]}
    pending = await client.post(
        "/admin/api/tables/initiative/", json={**new, "status": "pending"}, headers=form
    )
    assert (
        pending.status_code == 422 and "«Nháp»" in pending.json()["custom_form_error"]
    )  # sending is the workflow's
    created = await client.post("/admin/api/tables/initiative/", json=new, headers=form)
    assert created.status_code == 201, created.text
    made = created.json()[0]["id"]

    async def act(headers, action: str, note: str = "") -> None:
        body = {"action": action, "ids": [made], "note": note}
        answer = await client.post("/api/approvals", json=body, headers=headers)
        assert answer.status_code == 200 and answer.json()["applied"] == 1, answer.text

    url = f"/admin/api/tables/initiative/{made}/"
    await act(staff, "submit")
    await act(manager, "return", "Bổ sung căn cứ")
    edited = await client.patch(url, json={"benefit_vnd": "2500000"}, headers=form)
    assert edited.status_code == 200, edited.text
    await act(staff, "resubmit", "Đã bổ sung")
    await act(manager, "approve")
    locked = await client.patch(url, json={"benefit_vnd": "9"}, headers=form)
    assert locked.status_code == 422
    assert "không sửa, không xoá được" in locked.json()["custom_form_error"]
    await act(manager, "reopen", "Sửa số quyết định")

    changes = await (
        StatusChange.select().where(StatusChange.initiative == made).order_by(StatusChange.id)
    )
    assert [(c["from_status"], c["to_status"]) for c in changes] == [
        ("draft", "pending"),
        ("pending", "returned"),
        ("returned", "pending"),
        ("pending", "approved"),
        ("approved", "returned"),
    ]
    assert len({c["batch"] for c in changes}) == 5 and await ApprovalBatch.count() == 5
    page = await client.get(f"/send/{made}")
    steps = re.findall(r'<tr class="(?:status|edit)"><td>[^<]*</td><td>([^<]*)</td>', page.text)
    assert [unescape(s) for s in steps] == [
        "Gửi duyệt",
        "Trả lại để bổ sung",
        "Sửa «Giá trị làm lợi (đồng)»",
        "Gửi lại",
        "Công nhận hợp lệ",
        "Mở lại để bổ sung",
    ]


async def test_an_address_that_is_no_page_answers_a_page_and_filters_are_bounded(world, client):
    """`/send/abc` answered the API's JSON to a person, and a pasted 100 KB filter
    made an address the server refused in English (the users' trial)."""
    await sign_in(client, "nhaplieu", "staff")
    for address in ("/send/abc", "/send/999999999999", "/send/batches/abc"):
        page = await client.get(address)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
        assert "API" not in text(page) and "initiative_id" not in text(page), address
        assert '<a href="/send">Về trang gửi sáng kiến</a>' in page.text, address
    assert "Không có trang này" in text(await client.get("/send/999999999999"))
    wrong_method = await client.put("/send", headers={"X-CSRFToken": "x"})
    assert wrong_method.headers["content-type"].startswith("text/html")
    listing = await client.get("/send")
    assert re.search(r'name="text"[^>]*maxlength="200"', listing.text)


async def test_staff_see_the_union_it_went_to_and_a_transfer_as_one_step(world, client):
    """The reviewing union is above a district's scope: named, never «None»; a
    transfer is one step saying where it went, not an edit (the users' trial)."""
    own = await initiative("OWN", world["D1"], world["P"], status="draft", submitted_on=None)
    await sign_in(client, "nhaplieu", "staff")
    listing = text(await client.get("/send"))
    assert "None" not in listing and "Đơn vị P" in listing
    await account("lanhdao", "manager", world["D1"])
    moved = await client.post(
        "/api/approvals",
        json={"action": "transfer", "ids": [world["I0"]], "to_unit": "P"},
        headers=await token_for("lanhdao"),
    )
    assert moved.status_code == 200, moved.text
    page = await client.get(f"/send/{world['I0']}")
    assert "Gửi đến Đơn vị P" in text(page)
    rows = re.findall(r'<tr class="(status|edit)">(.*?)</tr>', page.text, re.S)
    assert [kind for kind, _ in rows] == ["status"], rows
    assert "Chuyển đơn vị duyệt" in rows[0][1] and "Từ D1 – Đơn vị D1 đến Đơn vị P" in rows[0][1]
    assert own and "None" not in text(page)


async def test_a_rule_refusing_a_send_answers_the_page_in_words(world, client):
    """A database rule refusing one initiative as it is sent: the list (or the
    initiative's page) again with the rule's sentence, nothing sent (it was a 500:
    the refusal had spoilt the request's transaction for the page's own reads)."""
    from domain.violations import MESSAGES

    async with refusing_to_send("DRAFT1", "initiative_applied_before_submitted"):
        token = await sign_in(client, "nhaplieu", "staff")
        form = {"csrftoken": token, "id": [world["DRAFT1"]], "action": "send"}
        confirm = await client.post("/send/confirm", data={**form, "selection": "ticked"})
        applied = await client.post("/send/apply", data=hidden(confirm))
        item = await client.get(f"/send/{world['DRAFT1']}")
        from_item = await client.post(
            "/send/apply", data=hidden(item, '/send/apply" id="do-submit')
        )
    for page in (applied, from_item):
        assert page.status_code == 400, text(page)
        assert MESSAGES["initiative_applied_before_submitted"] in text(page)
        assert "DRAFT1" in text(page)
    assert await statuses(world["DRAFT1"]) == ["draft"]
    assert await StatusChange.count() == 0
