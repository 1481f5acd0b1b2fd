"""The initiatives list as a spreadsheet (issue 14, item 5): opened with openpyxl, it
has the admin's Vietnamese headers, choices by their labels, real dates shown
dd/mm/yyyy, amounts as numbers shown #,##0, and only the rows the caller sees."""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from domain.initiative_sheet import HEADERS
from tests.support.accounts import account, log_in, token_for
from tests.support.world import initiative, review_world

pytestmark = pytest.mark.usefixtures("empty_db")
URL = "/api/initiatives/export"


def _rows(content: bytes) -> tuple[object, list[dict]]:
    sheet = load_workbook(io.BytesIO(content)).active
    cells = list(sheet.iter_rows(min_row=2))
    headers = [c.value for c in cells[0]]
    return sheet, [dict(zip(headers, row, strict=True)) for row in cells[1:]]


async def test_excel_opens_it_as_is(client):
    ids = await review_world()
    await initiative(
        "I-DONE", ids["G1"], ids["D1"], status="approved", field="it",
        benefit_vnd=150_000_000, decision_date=date(2022, 2, 12), decision_number="=1+1",
        decided_at=datetime.fromisoformat("2022-03-10T17:30:00+00:00"),
    )  # fmt: skip
    await initiative("I-NONE", ids["G1"], ids["D1"], benefit_vnd=None)
    await account("staff", "staff", ids["D1"])
    headers = await token_for("staff")

    response = await client.get(URL, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert response.headers["content-disposition"].startswith('attachment; filename="sang-kien-')
    sheet, rows = _rows(response.content)
    assert sheet["A1"].value.startswith("Danh sách sáng kiến – Đơn vị D1")
    assert [c.value for c in sheet[2]] == HEADERS
    assert "Mã sáng kiến" in HEADERS and "Giá trị làm lợi (đồng)" in HEADERS
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    # Newest first; D2's initiative is not in D1's staff's scope.
    assert [r["Mã sáng kiến"].value for r in rows] == [
        "I-NONE", "I-DONE", "I5", "I4", "I3", "I2", "I1", "I0",
    ]  # fmt: skip
    done = rows[1]
    assert done["Trạng thái"].value == "Hợp lệ" and rows[0]["Trạng thái"].value == "Chờ duyệt"
    assert done["Lĩnh vực"].value == "Công nghệ thông tin, chuyển đổi số"
    assert done["Đơn vị (công đoàn cơ sở của tác giả)"].value == "G1 – Đơn vị G1"
    assert done["Bảo mật"].value == "Không"
    money = done["Giá trị làm lợi (đồng)"]
    assert money.value == 150_000_000 and money.number_format == "#,##0"
    assert rows[0]["Giá trị làm lợi (đồng)"].value is None  # not calculable: empty, not 0
    sent = done["Ngày gửi"]
    assert sent.value == datetime(2022, 3, 1) and sent.number_format == "dd/mm/yyyy"
    assert done["Ngày quyết định"].value == datetime(2022, 2, 12)
    decided = done["Thời điểm duyệt"]  # Vietnam time (UTC+7)
    assert decided.value == datetime(2022, 3, 11, 0, 30) and "hh:mm" in decided.number_format
    assert done["Số quyết định"].value == "=1+1" and done["Số quyết định"].data_type == "s"
    assert done["Mã số"].value == await _id("I-DONE", client, headers)


async def _id(code: str, client, headers) -> int:
    page = (await client.get("/api/initiatives", headers=headers)).json()
    return next(item["id"] for item in page["items"] if item["code"] == code)


async def test_a_grassroots_account_sees_where_its_initiatives_went(client):
    """The reviewing union lies above a grassroots union's scope: named anyway
    (unit_name), as on the pages (the review of issue 14)."""
    ids = await review_world()
    await account("g1staff", "staff", ids["G1"])
    response = await client.get(URL, headers=await token_for("g1staff"))
    assert response.status_code == 200, response.text
    _, rows = _rows(response.content)
    assert rows and {r["Công đoàn cấp trên trực tiếp (nơi duyệt)"].value for r in rows} == {
        "Đơn vị D1"
    }


async def test_the_filter_and_the_admins_session(client):
    ids = await review_world()
    await initiative("BIG", ids["G2"], ids["D2"], benefit_vnd=9_000_000, field="health")
    await account("quantri", "admin")
    await log_in(client, "quantri")  # the admin's session cookie: a GET needs no CSRF token
    response = await client.get(URL)
    assert response.status_code == 200, response.text
    _, rows = _rows(response.content)
    assert len(rows) == 8 and rows[0]["Mã sáng kiến"].value == "BIG"
    chosen = await client.get(URL, params={"field": "health", "benefit_min": 2_000_000})
    sheet, rows = _rows(chosen.content)
    assert [r["Mã sáng kiến"].value for r in rows] == ["BIG"]
    assert "Lĩnh vực: Y tế" in sheet["A1"].value and "2.000.000" in sheet["A1"].value
    within = await client.get(URL, params={"within": "D1", "submitted_from": "2022-03-05"})
    assert [r["Mã sáng kiến"].value for r in _rows(within.content)[1]] == ["I5", "I4"]
    empty = await client.get(URL, params={"status": "rejected"})
    assert _rows(empty.content)[1] == []


async def test_refusals_in_words(client):
    await review_world()
    await account("quantri", "admin")
    headers = await token_for("quantri")
    for params, status, words in (
        ({"benefit_max": 10**15}, 400, "«benefit_max»"),
        ({"phase": "KHONG-CO"}, 404, "KHONG-CO"),
        ({"status": "lost"}, 400, "«status»"),
    ):
        response = await client.get(URL, params=params, headers=headers)
        assert response.status_code == status and words in response.json()["detail"]
    assert (await client.get(URL)).status_code == 401


async def test_the_page_counts_filters_and_says_when_a_scope_is_too_large(client, monkeypatch):
    """The sidebar's page: the filter, the count, the file; a scope over one sheet's
    rows is told on the page, in words, where the filter is (it was the API's JSON)."""
    import domain.initiative_sheet as sheet_module

    ids = await review_world()
    await account("staff", "staff", ids["D1"])
    await log_in(client, "staff")
    page = await client.get("/initiatives/export", params={"status": "pending"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "<strong>6</strong> sáng kiến khớp bộ lọc" in page.text  # I0–I5 of D1's scope
    file = await client.get("/initiatives/export", params={"text": "I1", "download": "1"})
    assert file.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert [r["Mã sáng kiến"].value for r in _rows(file.content)[1]] == ["I1"]
    monkeypatch.setattr(sheet_module, "ROW_LIMIT", 5)
    too_many = await client.get("/initiatives/export", params={"download": "1"})
    assert too_many.status_code == 400 and "text/html" in too_many.headers["content-type"]
    assert "hãy lọc bớt" in too_many.text and 'name="within"' in too_many.text
    unknown = await client.get("/initiatives/export", params={"within": "KHONG-CO"})
    assert unknown.status_code == 404 and "KHONG-CO" in unknown.text
    odd = await client.get("/initiatives/export", params={"status": "x"})
    assert odd.status_code == 400 and "Trạng thái «x»" in odd.text
