"""The review queue in a real browser, as a new manager meets it; and the API's
documentation page without Internet.

Debian's Chromium, driven by Playwright, against the app served by uvicorn on the
test database with the Thái Nguyên demo: log in to the admin, follow the sidebar
link to the queue, tick a page of 200, approve after the confirmation, and see
the province's progress move by 200; then "all matching" with a return, where a
missing note is refused first.
"""

import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from admin.config import SITE_NAME
from demo.thai_nguyen import DEMO_PASSWORD, load
from domain.progress import drift
from tests.support.accounts import role_token
from tests.support.database import reset_database
from tests.support.live import live_servers

pytestmark = pytest.mark.slow  # live servers, a browser or national data

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _browser_or_skip():
    """Playwright and Chromium, which `python3 dev.py test` installs; in CI their
    absence fails the test instead of skipping it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        message = "needs Playwright and Debian's Chromium: run it through `python3 dev.py test`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return sync_playwright


@pytest.fixture
async def server() -> AsyncIterator[str]:
    """The demo on the test database, served; the kept figures must still equal a
    recount afterwards."""
    await reset_database()
    await load()
    try:
        with live_servers() as [url]:
            yield url
        assert await drift() == []
    finally:
        await reset_database()


def _figure(page, name: str) -> int:
    """A number of the progress panel above the queue and on the batch's page."""
    return int(page.locator(f"#progress [data-figure={name}]").inner_text().replace(".", ""))


def test_a_manager_approves_a_page_from_the_review_queue(server):
    sync_playwright = _browser_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)

        page.goto(f"{server}/admin")
        page.fill("input[name=username]", "tinh.lanhdao")
        page.fill("input[type=password]", DEMO_PASSWORD)
        page.keyboard.press("Enter")
        page.click("text=Hàng chờ duyệt")
        page.wait_for_url(re.compile(r".*/review$"))
        valid, pending, returned = (_figure(page, n) for n in ("valid", "pending", "returned"))
        assert pending > 200

        page.select_option("select[name=size]", "200")
        page.click("form.filters button[type=submit]")
        page.check("#tick-page")
        assert page.locator('input[name="id"]:checked').count() == 200
        page.check('input[name="action"][value="approve"]')
        page.click("text=Xem lại và xác nhận")
        assert "Sẽ công nhận hợp lệ 200 sáng kiến" in page.locator("main").inner_text()
        page.locator("button.primary").first.click()
        page.wait_for_url(re.compile(r".*/review/batches/\w+$"))
        assert "Đã công nhận hợp lệ 200 trong 200 sáng kiến" in page.locator("main").inner_text()
        assert (_figure(page, "valid"), _figure(page, "pending")) == (valid + 200, pending - 200)

        page.goto(f"{server}/review")
        page.check('input[name="selection"][value="all"]')
        page.check('input[name="action"][value="return"]')
        page.click("text=Xem lại và xác nhận")
        assert "Cần ghi ý kiến" in page.locator("#error").inner_text()
        page.check('input[name="selection"][value="all"]')
        page.check('input[name="action"][value="return"]')
        page.fill("textarea[name=note]", "Bổ sung số liệu làm lợi.")
        page.click("text=Xem lại và xác nhận")
        page.locator("button.primary").first.click()
        page.wait_for_url(re.compile(r".*/review/batches/\w+$"))
        assert _figure(page, "pending") == 0
        assert _figure(page, "returned") == returned + pending - 200
        browser.close()


@pytest.fixture
async def docs_server() -> AsyncIterator[tuple[str, dict[str, str]]]:
    """The app served, and an administrator's Authorization header."""
    await reset_database()
    headers = await role_token("admin")
    try:
        with live_servers() as [url]:
            yield url, headers
    finally:
        await reset_database()


def test_the_api_docs_render_offline(docs_server):
    """Swagger UI at /schema/swagger, with every request but the app's refused
    (as on a machine without Internet): its scripts and styles are the app's."""
    url, headers = docs_server
    sync_playwright = _browser_or_skip()
    outside: list[str] = []

    def local_only(route):
        if route.request.url.startswith(url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(extra_http_headers=headers)
        context.route("**/*", local_only)
        page = context.new_page()
        page.set_default_timeout(30_000)
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(f"{url}/schema/swagger")
        assert page.locator(".swagger-ui .info .title").inner_text().startswith(SITE_NAME)
        page.wait_for_selector(".opblock")
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert {"/api/progress", "/api/approvals", "/api/health"} <= {p.strip() for p in paths}
        assert page.locator(".btn.authorize").count() == 1  # the security schemes
        browser.close()
    assert outside == [] and failed == []
