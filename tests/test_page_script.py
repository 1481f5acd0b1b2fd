"""The admin page's own script (admin.display), run in Chromium without a server: how a
list cell, a count and the «Xuất CSV» file show values, and where the router sends an
initiative's add and edit. Quicker to read when it fails than the whole-admin browser
test (tests/test_admin_words.py), which checks the same through Piccolo Admin."""

import pytest

from admin.display import add_display
from tables.initiatives import Initiative
from tests.support.browser import CHROMIUM, browser_or_skip

DATE = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
TIME = {"type": "string", "format": "date-time"}
WHOLE = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
SHARE = {"type": "number"}
STATUS = {
    "type": "string",
    "title": "Trạng thái",
    "extra": {"choices": {"approved": {"display_name": "Hợp lệ", "value": "approved"}}},
}


ORIGIN = "http://sangkien.test"


class Page:
    template = "<html><head><title>t</title></head><body></body></html>"


@pytest.fixture(scope="module")
def page():
    sync_playwright = browser_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_context(timezone_id="America/New_York").new_page()
        html = add_display(Page(), [Initiative]).template
        # An origin of its own (the script keeps the time zone in localStorage).
        page.route(
            "http://sangkien.test/**",
            lambda route: route.fulfill(
                body=html if route.request.url.endswith("/admin/") else "<p>ok</p>",
                content_type="text/html; charset=utf-8",
            ),
        )
        page.goto(f"{ORIGIN}/admin/")
        yield page
        browser.close()


def show(page, value, prop, name="x") -> str:
    return page.evaluate("([v, p, n]) => sangkienShow(v, p, n)", [value, prop, name])


def test_list_cells_as_a_vietnamese_office_writes_them(page):
    assert show(page, "2022-02-12", DATE) == "12/02/2022"
    assert show(page, None, DATE) == ""
    # UTC in, Vietnam time out, whatever the browser's own zone (New York here).
    assert show(page, "2026-11-29T11:32:35.942645Z", TIME) == "29/11/2026 18:32"
    assert show(page, 2598686000, WHOLE, "benefit_vnd") == "2.598.686.000"
    assert str(show(page, 1234, WHOLE, "id")) == "1234"  # ids and years: not grouped
    assert str(show(page, 2022, WHOLE, "year")) == "2022"
    assert show(page, "40.5", SHARE) == "40,5" and show(page, "40.50", SHARE) == "40,5"
    assert show(page, "100.00", SHARE) == "100"  # as the form shows it
    assert page.evaluate("sangkienNumber(1234567)") == "1.234.567"
    assert page.evaluate("sangkienWord('Successfully added row')") == "Đã thêm bản ghi"


def test_a_forms_date_and_decimal_as_they_are_typed(page):
    def typed(value, kind, form=None):
        return page.evaluate("([v, t, f]) => sangkienTyped(v, t, f)", [value, kind, form])

    assert typed("2022-07-15", "string", "date") == "15/07/2022"
    assert typed("40.50", "number") == "40,5" and typed("100.00", "number") == "100"
    assert typed("100", "number") == "100" and typed(None, "number") is None
    assert typed("2022-07-15", "string") == "2022-07-15"  # a text column stays as it is


def test_a_naive_timestamp_is_the_servers_local_time(page):
    from admin.display import server_offset

    naive = "2026-11-29T11:32:00"
    aware = show(page, naive + server_offset(), TIME)
    assert show(page, naive, TIME) == aware and aware.startswith("29/11/2026")


def test_a_naive_timestamps_form_box_shows_vietnam_time(page):
    """«Đăng nhập lần cuối» and a session's expiry, in their edit forms."""
    from datetime import datetime

    from admin.display import server_offset
    from domain.shown import VIETNAM

    stored = "2026-11-30T01:41:27.123456"  # naive: the server's local time
    vietnam = datetime.fromisoformat(stored + server_offset()).astimezone(VIETNAM)
    shown = page.evaluate("(v) => sangkienFromServer(v, 'YYYY-MM-DDTHH:mm:ss')", stored)
    assert shown == vietnam.strftime("%Y-%m-%dT%H:%M:%S")
    assert page.evaluate("(v) => sangkienToServer(v)", shown) == stored[:19]
    assert page.evaluate("sangkienToServer('')") == ""


def test_the_csv_file_opens_in_excel_as_is(page):
    # As piccolo_api sends it: the primary key is not among the properties.
    schema = {
        "extra": {"rich_text_columns": ["summary"]},
        "properties": {
            "title": {"type": "string", "title": "Tên sáng kiến"},
            "unit": {**WHOLE, "title": "Đơn vị"},
            "submitted_on": {**DATE, "title": "Ngày gửi"},
            "benefit_vnd": {**WHOLE, "title": "Giá trị làm lợi (đồng)"},
            "share": {**SHARE, "title": "Tỷ lệ"},
            "status": STATUS,
            "confidential": {"type": "boolean", "title": "Bảo mật"},
            "summary": {"type": "string", "title": "Tóm tắt"},
            "note": {"type": "string", "title": "Ghi chú"},
        },
    }
    rows = [
        {
            "id": 7,
            "title": 'Lò "hơi"',
            "unit": 3,
            "unit_readable": "G1 – Công đoàn",
            "submitted_on": "2022-02-12",
            "benefit_vnd": 150000000,
            "share": 40.5,
            "status": "approved",
            "confidential": False,
            "summary": "<p>Giảm <b>than</b></p><p>tiêu thụ</p>",
            "note": "2026-11-29T18:32",  # text that looks like a timestamp stays as typed
        },
        {
            **dict.fromkeys(("title", "unit", "unit_readable", "submitted_on", "benefit_vnd")),
            **{"id": 8, "share": None, "status": "approved", "confidential": True},
            **{"summary": None, "note": '=HYPERLINK("http://x")'},
        },
    ]
    text = page.evaluate("([r, s]) => sangkienCsv(r, s, ';')", [rows, schema])
    lines = text.split("\r\n")
    assert text.startswith("\ufeff")
    assert lines[0] == (
        '\ufeff"Mã số";"Tên sáng kiến";"Đơn vị";"Ngày gửi";"Giá trị làm lợi (đồng)";"Tỷ lệ";'
        '"Trạng thái";"Bảo mật";"Tóm tắt";"Ghi chú"'
    )
    assert lines[1] == (
        '"7";"Lò ""hơi""";"G1 – Công đoàn";"12/02/2022";"150000000";"40,5";"Hợp lệ";'
        '"Không";"Giảm thantiêu thụ";"2026-11-29T18:32"'
    )
    # A formula is written as text: Excel would run it.
    assert lines[2] == '"8";"";"";"";"";"";"Hợp lệ";"Có";"";"\'=HYPERLINK(""http://x"")"'
    comma = page.evaluate("([r, s]) => sangkienCsv(r, s, ',')", [rows, schema])
    assert '"150000000","40.5","Hợp lệ"' in comma


def test_an_initiatives_add_and_edit_go_to_the_entry_page(page):
    unit = "sangkienOwnPage({name: 'editRow', params: {tableName: 'unit', rowID: '1'}})"
    assert page.evaluate(unit) is True
    listing = "sangkienOwnPage({name: 'rowListing', params: {tableName: 'initiative'}})"
    assert page.evaluate(listing) is True
    page.evaluate(
        "setTimeout(() => sangkienOwnPage({name: 'addRow', params: {tableName: 'initiative'}}))"
    )
    page.wait_for_url(f"{ORIGIN}/initiatives/new")
    page.goto(f"{ORIGIN}/admin/")
    page.evaluate(
        "setTimeout(() => sangkienOwnPage("
        "{name: 'editRow', params: {tableName: 'initiative', rowID: '42'}}))"
    )
    page.wait_for_url(f"{ORIGIN}/initiatives/42/edit")
    page.goto(f"{ORIGIN}/admin/")
