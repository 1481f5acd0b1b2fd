"""Entering an initiative on one page (/initiatives/new, /initiatives/<id>/edit) through
HTTP, signed in through the admin's login form: its fields typed the Vietnamese way,
its authors (new ones inline, existing ones picked) with their shares, saved in one
transaction as the caller; every refusal beside its field, the form kept as typed and
nothing written; the database's rules (scope, locks, routing, codes, edit history)
as on every other door."""

import re
import unicodedata
from datetime import date
from decimal import Decimal
from html import unescape

import pytest

from domain.entry import CHANGED_MEANWHILE
from tables.initiatives import Author, Authorship, Initiative, InitiativeEdit
from tests.support.accounts import account, log_in
from tests.support.world import initiative, tree

pytestmark = pytest.mark.usefixtures("empty_db")


@pytest.fixture
async def world():
    """The tree (G1 under D1, G2 under D2); authors AN (kept by G1) and OUTSIDER (by G2)."""
    ids = await tree()
    [an] = await Author.insert(Author(name="Nguyễn Văn An", unit=ids["G1"], birth_year=1980))
    [out] = await Author.insert(Author(name="Lê Văn Ngoài", unit=ids["G2"]))
    ids["AN"], ids["OUTSIDER"] = an["id"], out["id"]
    return ids


async def sign_in(client, username: str, role: str, unit: str = "D1") -> str:
    await account(username, role, None if role == "admin" else unit)
    client.follow_redirects = True  # a save answers 303 to the initiative's page
    return (await log_in(client, username))["X-CSRFToken"]


def text(page) -> str:
    body = page.text.split("<main>", 1)[-1]
    body = re.sub(r"<(script|style|template)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def value(page, name: str) -> str:
    """What the form shows in a text field (or the chosen option of a select)."""
    if match := re.search(rf'name="{name}" id="f-{name}"[^>]*value="([^"]*)"', page.text):
        return unescape(match.group(1))
    if match := re.search(rf'name="{name}"[^>]*value="([^"]*)"', page.text):
        return unescape(match.group(1))
    select = page.text[page.text.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    return unescape(re.search(r'<option value="([^"]*)" selected', select).group(1))


def problem(page, name: str) -> str:
    match = re.search(rf'id="e-{name}"[^>]*>(.*?)</p>', page.text, flags=re.S)
    assert match, f"no problem shown beside {name}: {re.findall(r'field-error.{0,300}', page.text)}"
    return unescape(match.group(1))


def form(token: str, **values) -> dict:
    """A new initiative's form as a person fills it (two author lines)."""
    return {
        "csrftoken": token,
        "version": "",
        "title": "Cải tiến lò hơi tầng sôi",
        "code": "",
        "unit": "G1",
        "field": "energy",
        "solution_type": "technical",
        "summary": "Giảm than tiêu thụ.",
        "first_applied_on": "1/3/2022",
        "benefit_vnd": "150.000.000",
        "recognition_form": "other",
        "recognition_scope": "organisation",
        "decision_number": "",
        "decision_date": "",
        "issuing_body": "",
        "rows": "3",
        "a0_name": "Trần Thị Bình",
        "a0_birth_year": "1990",
        "a0_position": "Kỹ sư",
        "a0_workplace": "Phân xưởng lò hơi",
        "a0_share": "40,5",
        "a1_id": "",
        "a1_name": "Hoàng Văn Cường",
        "a1_share": "59,5",
        "a2_name": "",
        **values,
    }


async def counts() -> tuple[int, int, int]:
    return await Initiative.count(), await Author.count(), await Authorship.count()


async def test_the_page_is_linked_from_the_sidebar_and_from_send(world, client):
    await sign_in(client, "nhaplieu", "staff")
    links = (await client.get("/admin/api/links/")).json()
    assert links["Nhập sáng kiến"] == "/initiatives/new"
    listing = await client.get("/send")
    assert 'href="/initiatives/new"' in listing.text and "Thêm sáng kiến" in text(listing)
    draft = await initiative("D-1", world["G1"], world["D1"], status="draft", submitted_on=None)
    approved = await initiative("A-1", world["G1"], world["D1"], status="approved")
    assert f'href="/initiatives/{draft}/edit"' in (await client.get(f"/send/{draft}")).text
    assert "/edit" not in (await client.get(f"/send/{approved}")).text


async def test_staff_enter_an_initiative_with_a_new_and_an_existing_author(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    page = await client.get("/initiatives/new")
    assert page.status_code == 200, text(page)
    shown = text(page)
    # Review-only fields are not on the form.
    for review_only in ("Thời điểm duyệt", "Người duyệt", "Ý kiến khi duyệt", "Ngày tạo"):
        assert review_only not in shown
    assert "Đã chia 0 %, còn lại 100 %" in shown
    # The unit list is the caller's scope (not the root, not D2's branch).
    assert re.findall(r'<option value="([A-Z0-9]+)"', page.text)[:2] == ["D1", "G1"]
    assert 'value="G2"' not in page.text

    saved = await client.post(
        "/initiatives/new", data=form(token, a1_id=str(world["AN"]), a1_name="Nguyễn Văn An")
    )
    assert saved.status_code == 200 and saved.url.path.startswith("/send/"), text(saved)
    assert "Đã lưu sáng kiến." in text(saved)
    made = await Initiative.select().first()
    assert made["status"] == "draft" and made["benefit_vnd"] == 150_000_000
    assert made["first_applied_on"] == date(2022, 3, 1) and made["submitted_on"] is None
    assert made["reviewing_unit"] == world["D1"]  # routed by the database
    assert re.fullmatch(r"SK-G1-\d{4}-\d{6,}", made["code"])  # the database's code
    links = await Authorship.select(
        Authorship.author.name.as_alias("name"), Authorship.author.unit, Authorship.share
    ).order_by(Authorship.id)
    assert [(a["name"], a["share"]) for a in links] == [
        ("Trần Thị Bình", Decimal("40.5")),
        ("Nguyễn Văn An", Decimal("59.5")),
    ]
    assert links[0]["author.unit"] == world["G1"]  # the new author's record: the unit's
    assert await Author.count() == 3

    # Back on its form as typed: dots, a comma, dd/mm/yyyy.
    edit = await client.get(f"/initiatives/{made['id']}/edit")
    assert value(edit, "benefit_vnd") == "150.000.000"
    assert value(edit, "first_applied_on") == "01/03/2022"
    assert value(edit, "a0_share") == "40,5" and value(edit, "a1_share") == "59,5"
    assert value(edit, "unit") == "G1" and value(edit, "field") == "energy"
    assert "Đã chia 100 %, còn lại 0 %" in text(edit)
    for raw in ("None", "NULL", "E+", "2022-03-01", "150000000"):
        assert raw not in text(edit)


async def test_every_refusal_names_its_field_and_keeps_what_was_typed(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    before = await counts()
    typed = form(
        token,
        title="x" * 501,
        code="C" * 41,
        unit="",
        field="",
        benefit_vnd="1,6",
        first_applied_on="30/02/2022",
        decision_date="15/07/22",
        a0_share="70",
        a1_name="Người Mới Hai",
        a1_share="40,5",
    )
    page = await client.post("/initiatives/new", data=typed)
    assert page.status_code == 400
    assert "Chưa lưu." in text(page)
    assert "«Tên sáng kiến» dài 501 ký tự, quá 500" in problem(page, "title")
    assert "«Mã sáng kiến» dài 41 ký tự, quá 40" in problem(page, "code")
    assert "Hãy chọn «Đơn vị" in problem(page, "unit")
    assert "Hãy chọn «Lĩnh vực»" in problem(page, "field")
    assert "«Giá trị làm lợi (đồng)»: «1,6»: tiền đồng không có phần lẻ" in problem(
        page, "benefit_vnd"
    )
    assert "không có ngày 30/02/2022" in problem(page, "first_applied_on")
    assert "«Ngày quyết định»" in problem(page, "decision_date")
    assert "Tổng tỷ lệ đóng góp của các tác giả là 110,5 %, quá 100 %" in problem(page, "authors")
    assert "Tổng 110,5 %: vượt quá 100 %" in text(page)
    # As typed.
    assert value(page, "benefit_vnd") == "1,6" and value(page, "first_applied_on") == "30/02/2022"
    assert value(page, "title") == "x" * 501 and value(page, "a1_name") == "Người Mới Hai"
    assert value(page, "a1_share") == "40,5"
    assert await counts() == before

    # Two authors and one share left out; a share that is no share.
    page = await client.post("/initiatives/new", data=form(token, a0_share="", a1_name="Ba"))
    assert "Tác giả thứ 1: hãy nhập «Tỷ lệ đóng góp (%)»" in problem(page, "a0")
    page = await client.post("/initiatives/new", data=form(token, a0_share="0"))
    assert "Tác giả thứ 1, «Tỷ lệ đóng góp (%)»: «0»" in problem(page, "a0")
    assert await counts() == before


async def test_the_databases_refusals_show_beside_their_field(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    await initiative("SK-TRUNG", world["G1"], world["D1"], status="draft", submitted_on=None)
    before = await counts()
    page = await client.post("/initiatives/new", data=form(token, code="sk-trung"))
    assert page.status_code == 400
    assert "Mã sáng kiến này đã tồn tại" in problem(page, "code")
    page = await client.post("/initiatives/new", data=form(token, first_applied_on="01/01/2100"))
    assert "Ngày áp dụng lần đầu không được sau ngày hôm nay" in problem(page, "first_applied_on")
    page = await client.post("/initiatives/new", data=form(token, decision_date="1/1/2100"))
    assert "Ngày quyết định công nhận không được sau ngày hôm nay" in problem(page, "decision_date")
    # A unit outside the scope is not offered, nor taken when typed.
    page = await client.post("/initiatives/new", data=form(token, unit="G2"))
    assert "không có đơn vị mã «G2» trong phạm vi của bạn" in problem(page, "unit")
    # Nothing half-written: the new author of a refused save is not kept either.
    assert await counts() == before


async def test_a_new_author_named_like_an_existing_one_is_asked_first(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    typed = form(
        token, a0_name="nguyễn văn an", a0_birth_year="", a0_share="100", a1_name="", a1_share=""
    )
    page = await client.post("/initiatives/new", data=typed)
    assert page.status_code == 400
    assert "đã có 1 tác giả tên «nguyễn văn an»" in problem(page, "a0")
    # Typed decomposed (a Mac): the same name, asked about too (composed as it comes in).
    mac = {**typed, "a0_name": unicodedata.normalize("NFD", "Nguyễn Văn An")}
    assert "đã có 1 tác giả" in problem(await client.post("/initiatives/new", data=mac), "a0")
    # Typed without diacritics, in haste: the same person, asked about (the users' trial).
    hasty = {**typed, "a0_name": "Nguyen Van An"}
    assert "đã có 1 tác giả" in problem(await client.post("/initiatives/new", data=hasty), "a0")
    # A «digit» that is not one, as a birth year or a picked author: refused in words.
    odd = await client.post("/initiatives/new", data={**typed, "a0_birth_year": "²"})
    assert odd.status_code == 400 and "không phải năm sinh" in problem(odd, "a0")
    odd = await client.post("/initiatives/new", data={**typed, "a0_pick": "²"})
    assert odd.status_code == 400
    assert f'name="a0_pick" value="{world["AN"]}"' in page.text and "sinh 1980" in text(page)
    assert await Initiative.count() == 0
    # The person means the one on record.
    saved = await client.post("/initiatives/new", data={**typed, "a0_pick": str(world["AN"])})
    assert saved.url.path.startswith("/send/"), text(saved)
    assert await Author.count() == 2
    [link] = await Authorship.select()
    assert link["author"] == world["AN"] and link["share"] == 100
    # Or a namesake: a new author, said so.
    saved = await client.post("/initiatives/new", data={**typed, "a0_pick": "new"})
    assert saved.url.path.startswith("/send/"), text(saved)
    assert await Author.count().where(Author.name == "nguyễn văn an") == 1


async def test_editing_a_sent_initiative_goes_to_its_history(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    sent = await initiative(
        "SK-GUI", world["G1"], world["D1"], status="returned", benefit_vnd=Decimal(1_000_000),
        summary="<p>Giảm <b>than</b></p>",  # as the admin's editor stores it
    )  # fmt: skip
    await Authorship.insert(Authorship(initiative=sent, author=world["AN"], share=Decimal(60)))
    page = await client.get(f"/initiatives/{sent}/edit")
    assert value(page, "benefit_vnd") == "1.000.000" and value(page, "a0_share") == "60"
    assert "Trả lại, yêu cầu bổ sung" in text(page)
    assert f'href="/send/{sent}"' in page.text  # details, review and history there
    assert "Giảm than" in page.text and "&lt;p&gt;" not in page.text  # its words, no tags
    fields = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page.text))
    changed = {
        **{k: unescape(v) for k, v in fields.items() if not k.startswith("a") and k != "more"},
        "csrftoken": token,
        "title": unescape(fields["title"]),
        "unit": "G1",
        "field": "other",
        "solution_type": "technical",
        "recognition_form": "other",
        "recognition_scope": "organisation",
        "summary": "Giảm than",  # unchanged words: its formatting kept, no edit recorded
        "benefit_vnd": "2 500 000",
        "rows": "2",
        "a0_id": str(world["AN"]),
        "a0_name": "Nguyễn Văn An",
        "a0_share": "50,5",
        "a1_name": "Phạm Mới",
        "a1_share": "49,5",
    }
    saved = await client.post(f"/initiatives/{sent}/edit", data=changed)
    assert saved.url.path == f"/send/{sent}", text(saved)
    row = await Initiative.select().where(Initiative.id == sent).first()
    assert row["benefit_vnd"] == 2_500_000 and row["status"] == "returned"
    edits = await InitiativeEdit.select().order_by(InitiativeEdit.id)
    assert {(e["field"], e["old_value"], e["new_value"], e["actor_name"]) for e in edits} >= {
        ("benefit_vnd", "1000000", "2500000", "nhaplieu"),
        ("share", "60.00", "50.50", "nhaplieu"),
    }
    assert "summary" not in {e["field"] for e in edits}
    assert "1.000.000 đ → 2.500.000 đ" in text(saved)  # the page's history, in words

    # The form was opened on what has now changed: refused, nothing written.
    again = await client.post(f"/initiatives/{sent}/edit", data={**changed, "benefit_vnd": "1"})
    assert again.status_code == 409 and CHANGED_MEANWHILE in text(again)
    assert (await Initiative.select().where(Initiative.id == sent).first())["benefit_vnd"] == (
        2_500_000
    )


async def test_a_pending_initiatives_unit_stays_and_a_decided_one_is_read_only(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    pending = await initiative("SK-CHO", world["G1"], world["D1"])
    page = await client.get(f"/initiatives/{pending}/edit")
    assert "không đổi được đơn vị" in text(page) and 'name="unit"' not in page.text

    approved = await initiative("SK-HL", world["G1"], world["D1"], status="approved")
    page = await client.get(f"/initiatives/{approved}/edit")
    assert page.status_code == 200
    assert "Sáng kiến đã được duyệt («Hợp lệ») nên không sửa được" in text(page)
    assert "<fieldset disabled" in page.text and 'id="save"' not in page.text
    refused = await client.post(
        f"/initiatives/{approved}/edit", data=form(token, title="Đổi tên", unit="G1")
    )
    assert refused.status_code == 409 and "không sửa được" in text(refused)
    row = await Initiative.select().where(Initiative.id == approved).first()
    assert row["title"] == "Sáng kiến SK-HL"


async def test_scope_roles_and_csrf(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    other = await initiative("SK-D2", world["G2"], world["D2"], status="draft", submitted_on=None)
    assert (await client.get(f"/initiatives/{other}/edit")).status_code == 404
    # An author outside the scope is neither suggested nor taken.
    found = (await client.get("/initiatives/authors", params={"q": "văn"})).json()
    assert [a["id"] for a in found] == [world["AN"]]
    # Typed without diacritics, as office staff often do (domain/search.py).
    found = (await client.get("/initiatives/authors", params={"q": "VAN"})).json()
    assert [a["id"] for a in found] == [world["AN"]]
    units = (await client.get("/initiatives/units", params={"q": "don vi g1"})).json()
    assert [u["code"] for u in units] == ["G1"]
    page = await client.post(
        "/initiatives/new",
        data=form(token, a1_id=str(world["OUTSIDER"]), a1_name="Lê Văn Ngoài"),
    )
    assert "Tác giả thứ 2: tác giả này không thuộc phạm vi đơn vị của bạn; hãy chọn" in problem(
        page, "a1"
    )
    assert await Initiative.count() == 1
    # Without the CSRF token: refused before anything.
    refused = await client.post("/initiatives/new", data=form("sai"))
    assert refused.status_code == 403 and await Initiative.count() == 1

    viewer = await sign_in(client, "xem", "viewer")
    assert (await client.get("/initiatives/new")).status_code == 403
    refused = await client.post("/initiatives/new", data=form(viewer))
    assert refused.status_code == 403 and "chỉ xem được" in text(refused)
    assert await Initiative.count() == 1


async def test_an_administrator_writes_in_their_own_name(world, client):
    token = await sign_in(client, "quantri", "admin")
    pending = await initiative("SK-QT", world["G2"], world["D2"])
    page = await client.get("/initiatives/new")
    assert 'value="G2"' in page.text and 'value="ROOT"' not in page.text
    fields = {
        **form(token, title="Sửa bởi quản trị", unit="G2", rows="0"),
        "version": value(await client.get(f"/initiatives/{pending}/edit"), "version"),
        "benefit_vnd": "1.000.000",
        "first_applied_on": "",
        "field": "other",
        "summary": "",
    }
    saved = await client.post(f"/initiatives/{pending}/edit", data=fields)
    assert saved.url.path == f"/send/{pending}", text(saved)
    [title] = await InitiativeEdit.select().where(InitiativeEdit.field == "title")
    assert title["actor_name"] == "quantri"


async def test_without_the_script_a_button_adds_an_author_line(world, client):
    token = await sign_in(client, "nhaplieu", "staff")
    page = await client.post("/initiatives/new", data={**form(token), "more": "1"})
    assert page.status_code == 200 and await Initiative.count() == 0
    assert value(page, "rows") == "4" and 'name="a3_name"' in page.text
    assert value(page, "a0_share") == "40,5"  # the rest as typed


async def test_a_closed_unit_is_refused_unless_it_is_the_initiatives_own(world, client):
    """The list offers active units only; a code typed or posted for a closed one is
    refused beside the field, but an initiative of a unit closed since stays editable."""
    from tables.units import Unit

    token = await sign_in(client, "nhaplieu", "staff")
    mine = await initiative("SK-G1", world["G1"], world["D1"], status="draft", submitted_on=None)
    await Unit.update({Unit.active: False}).where(Unit.id == world["G1"])
    page = await client.post("/initiatives/new", data=form(token))
    assert page.status_code == 400
    assert "đã ngừng hoạt động" in problem(page, "unit") and await Initiative.count() == 1
    edit = await client.get(f"/initiatives/{mine}/edit")
    assert value(edit, "unit") == "G1"  # still offered, and chosen
    version = re.search(r'name="version" value="([^"]*)"', edit.text).group(1)
    saved = await client.post(
        f"/initiatives/{mine}/edit",
        data=form(token, version=version, code="SK-G1", title="Tên đã sửa"),
    )
    assert saved.status_code == 200 and "Đã lưu sáng kiến." in text(saved), re.findall(
        r"field-error.{0,300}", saved.text
    )
