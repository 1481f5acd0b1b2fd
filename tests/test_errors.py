"""The one mapping from domain errors to answers: each kind's status and body in
the API, its page on the review queue, its message in an admin form."""

import httpx
import pytest
from litestar import Litestar, Router, get

from domain.errors import DomainError, Invalid, NotAllowed, NotDecidable, NotFound, NotSignedIn
from endpoints.errors import API_HANDLERS, PAGE_HANDLERS, form_error
from endpoints.review import TEMPLATES

CASES = [
    (Invalid("Cần ghi ý kiến."), 400, "Không mở được trang"),
    (NotSignedIn("Cần đăng nhập: …"), 401, "Cần đăng nhập"),
    (NotAllowed("Tài khoản này không có quyền duyệt sáng kiến."), 403, "Không được phép"),
    (NotFound("Không có lượt duyệt «x» của bạn."), 404, "Không mở được trang"),
    (NotDecidable("Không có các sáng kiến này: 7, 9", [7, 9]), 422, "Không mở được trang"),
]
IDS = [type(case[0]).__name__ for case in CASES]


def raising(error: DomainError) -> Litestar:
    @get("/api/x", sync_to_thread=False)
    def api() -> None:
        raise error

    @get("/x", sync_to_thread=False)
    def page() -> None:
        raise error

    pages = Router("/review", route_handlers=[page], exception_handlers=PAGE_HANDLERS)
    return Litestar(
        [api, pages], exception_handlers=API_HANDLERS, template_config=TEMPLATES, debug=False
    )


async def answer(app: Litestar, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.get(path)


@pytest.mark.parametrize(("error", "status", "title"), CASES, ids=IDS)
async def test_the_api_answers_each_kind_with_its_status_and_message(error, status, title):
    response = await answer(raising(error), "/api/x")
    assert response.status_code == status
    body = {"status_code": status, "detail": error.message}
    if isinstance(error, NotDecidable):
        body["extra"] = {"ids": error.ids}  # the initiatives that cannot be decided
    assert response.json() == body


@pytest.mark.parametrize(("error", "status", "title"), CASES, ids=IDS)
async def test_a_review_page_answers_each_kind_in_words(error, status, title):
    response = await answer(raising(error), "/review/x")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in response.text and error.message in response.text
    # Only a missing login sends the person to the admin's login.
    assert ("Đăng nhập ở" in response.text) == (status == 401)


@pytest.mark.parametrize(("error", "status", "title"), CASES, ids=IDS)
def test_an_admin_form_shows_the_message(error, status, title):
    # Piccolo Admin shows a form's ValueError as the form's error.
    problem = form_error(error)
    assert isinstance(problem, ValueError) and str(problem) == error.message
