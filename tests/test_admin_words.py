"""Nothing raw and no English on the admin's pages, in a real browser (issue 14).

Debian's Chromium through Playwright, on the Thái Nguyên demo served by uvicorn,
as an administrator and as a unit's staff: lists, a filter, a row's form and its
related tables, the add form, the row picker, the delete confirmation, a
refused save, the sort and export dialogs. Every visible text, select option,
placeholder and dialog is checked against a list of Piccolo Admin's English
words, «NULL», ISO dates, exponents and undivided amounts.
"""

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from demo.thai_nguyen import DEMO_PASSWORD, ensure_admin, load
from tests.support.browser import CHROMIUM, browser_or_skip
from tests.support.database import reset_database
from tests.support.live import live_servers

ENGLISH = re.compile(
    r"\b(Error|Successfully|Are you sure|Unable|Problem|Please|per page|Per Page|Contains|"
    r"contains|exact|starts|ends|Equals|Not Equal|Less Than|Greater Than|All|None|Null|True|"
    r"False|Select a row|Type here|Load more|Columns|Toggle all|Normal|Heading|of \d+|Add|Edit|"
    r"Delete|Save|Filter|Showing|Page not found|field|Database)\b"
)
RAW = re.compile(
    r"\bNULL\b|\d{4}-\d{2}-\d{2}|\d[.,]?\d*E[+-]?\d|\bUTC\b|(?<![\w-])\d{7,}\b|\b(Status|Initiative)_\w+"
)


def offences(text: str) -> list[str]:
    return sorted({m.group(0) for pattern in (ENGLISH, RAW) for m in pattern.finditer(text)})


def shown(page) -> str:
    """What a person can read: visible text, visible selects' options, placeholders."""
    return "\n".join(
        [
            page.locator("body").inner_text(),
            *page.eval_on_selector_all(
                "select",
                "els => els.filter(e => e.offsetParent !== null)"
                ".map(e => [...e.options].map(o => o.text).join('|'))",
            ),
            *page.eval_on_selector_all(
                "input, textarea",
                "els => els.filter(e => e.offsetParent !== null).map(e => e.placeholder)",
            ),
        ]
    )


class Visit:
    """A signed-in page whose every screen and dialog is checked."""

    def __init__(self, browser, url: str, username: str) -> None:
        context = browser.new_context(
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            viewport={"width": 1400, "height": 1000},
        )
        self.page = context.new_page()
        self.page.set_default_timeout(30_000)
        self.url, self.found, self.dialogs = url, {}, []
        self.page.on("dialog", self._dialog)
        self.page.goto(f"{url}/admin/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[type=password]", DEMO_PASSWORD)
        self.page.keyboard.press("Enter")
        self.page.wait_for_selector("text=Danh mục")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        self.note("dialog", dialog.message)
        dialog.dismiss()

    def note(self, where: str, text: str) -> None:
        if bad := offences(text):
            self.found[where] = bad

    def check(self, where: str) -> str:
        self.page.wait_for_timeout(300)
        text = shown(self.page)
        self.note(where, text)
        return text

    def open(self, route: str, ready: str) -> str:
        self.page.goto(f"{self.url}/admin/#/{route}")
        self.page.wait_for_selector(ready)
        return self.check(route)


def visit_as_admin(visit: Visit) -> None:
    page = visit.page
    listing = visit.open("initiative", "#result_count")
    assert re.search(r"\b\d{2}/\d{2}/20\d\d\b", listing)  # dates
    assert re.search(r"\b\d{1,3}(\.\d{3}){2,}\b", listing)  # amounts with dots
    page.get_by_text("Hiện bộ lọc").click()
    page.wait_for_selector("select[name=status__operator]", state="attached")
    choice_ops = page.locator("select[name=status__operator] option").all_inner_texts()
    assert [o.strip() for o in choice_ops] == ["là"]
    visit.check("initiative filters")
    page.locator("select[name=status]").select_option(label="Hợp lệ")
    # A date typed dd/mm/yyyy in a text box, whatever the browser's language.
    since = page.locator("input[name=submitted_on]")
    assert since.get_attribute("type") == "text"
    page.locator("select[name=submitted_on__operator]").select_option(value="gte")
    since.fill("01/07/2022")
    with page.expect_response(lambda r: "/api/tables/initiative/?" in r.url) as filtered:
        page.locator("#sidebar_wrapper button[type=submit], .filter_wrapper button").first.click()
    assert filtered.value.status == 200, filtered.value.text()
    assert "submitted_on=01%2F07%2F2022" in filtered.value.url
    page.wait_for_timeout(800)
    shown = visit.check("initiative filtered")
    days = re.findall(r"\b(\d{2})/(\d{2})/(20\d\d)\b", shown)
    assert days and all((y, m, d) >= ("2022", "07", "01") for d, m, y in days), days
    # A day that does not exist: the sentence shows, the list does not hang loading.
    since.fill("31/02/2022")
    page.locator("#sidebar_wrapper button[type=submit], .filter_wrapper button").first.click()
    popup = page.locator("#message_popup", has_text="Chưa lọc được")
    popup.wait_for()
    assert "«Ngày gửi»: «31/02/2022»: không có ngày 31/02/2022" in popup.inner_text()
    page.wait_for_timeout(1000)  # «Đã áp dụng bộ lọc» would have replaced it by now
    assert popup.count() == 1 and page.locator("text=Đang tải >> visible=true").count() == 0
    rows = page.locator("table tbody input[type=checkbox] >> visible=true")
    assert rows.count() == 0  # not the rows of the filter before
    visit.check("initiative, a day that does not exist")
    since.fill("")

    for button in ("Sắp xếp", "Xuất CSV"):  # the sort and export dialogs
        page.reload()
        page.wait_for_selector("#result_count")
        page.locator("a.button", has_text=button).click()
        page.wait_for_selector("#overlay >> visible=true")
        visit.check(button)
    page.locator("#overlay a", has_text="Các trường").click()  # the export's columns
    assert "Giá trị làm lợi (đồng)" in visit.check("Xuất CSV, columns")
    with page.expect_download() as download:
        page.locator("button[data-uitest=download_csv_button]").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert exported.startswith("\ufeff") and "Tên sáng kiến" in exported.splitlines()[0]
    assert "Hợp lệ" in exported and re.search(r"\d\d/\d\d/20\d\d", exported)
    # Amounts stay bare numbers, for Excel to sum; nothing else raw.
    assert not re.search(r"null|approved|pending|_readable|\d{4}-\d\d-\d\d|\dE[+-]", exported)

    changes = visit.open("status_change", "#result_count")
    assert re.search(r"\b\d{2}/\d{2}/20\d\d \d{2}:\d{2}\b", changes)  # Vietnam time
    visit.open("unit", "#result_count")

    visit.open("unit/5/", "input[name=name]")
    page.get_by_text("Hiện các bảng liên quan").click()
    page.wait_for_selector("ul.related_tables li")
    related = visit.check("related tables")
    assert "Sáng kiến" in related and "initiative" not in related.lower()

    # An initiative is added and edited on the entry page, not in the generic form.
    page.goto(f"{visit.url}/admin/#/initiative/add/")
    page.wait_for_url(re.compile(r".*/initiatives/new$"))
    visit.check("initiative/add/")
    page.goto(f"{visit.url}/admin/#/unit/5/")  # from another row's form, same route
    page.wait_for_selector("input[name=name]")
    page.evaluate("location.hash = '#/initiative/5/'")
    page.wait_for_url(re.compile(r".*/initiatives/5/edit$"))
    visit.check("initiative/5/")

    visit.open("authorship/add/", "div.key_search")
    page.locator("div.key_search input[type=text]").first.click()
    page.wait_for_selector("#overlay input[type=search]")
    assert "Chọn một bản ghi trong" in visit.check("row picker")
    page.fill("#overlay input[type=search]", "zzzz không có")
    page.get_by_text("Không tìm thấy bản ghi nào").wait_for()
    visit.check("row picker, nothing found")
    page.keyboard.press("Escape")


def refused_save(visit: Visit, route: str) -> None:
    """A name of 256 characters: the form names the field and its limit."""
    page = visit.page
    visit.open(route, "input[name=name]")
    page.locator("input[name=name]").fill("x" * 256)
    page.locator("form button:visible").last.click()
    page.wait_for_selector("div.errors li")
    errors = page.locator("div.errors").inner_text()
    assert "«Họ và tên» dài quá 255 ký tự" in errors, errors
    visit.check(f"{route} refused")


def visit_as_staff(visit: Visit) -> None:
    page = visit.page
    listing = visit.open("initiative", "#result_count")
    assert "NULL" not in listing
    page.locator("table tbody input[type=checkbox]:visible").first.check()
    page.locator("a.button:visible", has_text="Xoá").first.click()
    page.wait_for_timeout(500)
    assert visit.dialogs and "Bạn có chắc" in visit.dialogs[-1]
    page.locator("#page_size select").wait_for(state="attached")
    visit.check("initiative, a row ticked")
    visit.open("author", "#result_count")
    visit.open("authorship", "#result_count")
    with page.expect_response(lambda r: r.url.endswith("/tables/phase/schema/")):
        visit.open("phase", "#result_count")  # read only to a unit's account
    page.wait_for_load_state("networkidle")
    assert page.locator("a.button", has_text="Thêm bản ghi").count() == 0
    visit.open("author", "#result_count")
    page.wait_for_load_state("networkidle")
    assert page.locator("a.button", has_text="Thêm bản ghi").count() == 1
    refused_save(visit, "author/add/")


@pytest.fixture
async def server() -> AsyncIterator[str]:
    """The demo with its administrator (as `serve --demo`), served."""
    await reset_database()
    await load()
    await ensure_admin("admin", DEMO_PASSWORD)
    try:
        with live_servers() as [url]:
            yield url
    finally:
        await reset_database()


@pytest.mark.slow  # a live server and a browser
def test_the_admin_shows_no_raw_value_and_no_english(server):
    sync_playwright = browser_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        admin = Visit(browser, server, "admin")
        visit_as_admin(admin)
        staff = Visit(browser, server, "donghy.nhaplieu")
        visit_as_staff(staff)
        browser.close()
    assert admin.found == {} and staff.found == {}, (admin.found, staff.found)


def test_the_browser_tests_check_finds_raw_values_and_english():
    for raw in ("NULL", "2022-02-12", "1.5000E+8", "2598686000", "of 44", "Successfully added row"):
        assert offences(f"Sáng kiến {raw} đây"), raw
    assert offences("Ngày gửi 12/02/2022, 2.598.686.000 đồng, 29/11/2026 18:32, trên 44") == []
