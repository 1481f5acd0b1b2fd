"""The one mapping from domain errors to answers: each kind's status and body in
the API, its page on the review queue, its message in an admin form; and what
Litestar itself refuses, answered in Vietnamese too."""

import re

import httpx
import pytest
from asyncpg.exceptions import DeadlockDetectedError
from litestar import Litestar, Router, get
from litestar.testing import TestClient

from domain.errors import DomainError, Invalid, NotAllowed, NotDecidable, NotFound, NotSignedIn
from endpoints.errors import API_HANDLERS, CONFLICT, PAGE_HANDLERS, form_error
from endpoints.review import TEMPLATES
from tests.support.accounts import role_token

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


def test_a_conflict_with_another_write_answers_409_to_send_again():
    # PostgreSQL gave the transaction up for another's sake: sent again, it can pass.
    @get("/api/x", sync_to_thread=False)
    def deadlocked() -> None:
        raise DeadlockDetectedError("deadlock detected")

    app = Litestar([deadlocked], exception_handlers=API_HANDLERS, debug=False)
    with TestClient(app) as client:
        response = client.get("/api/x")
    assert response.status_code == 409
    assert response.json() == {"status_code": 409, "detail": CONFLICT}


# What Litestar and msgspec refuse, and the words the API answers it with.
REFUSALS = [
    ("GET", "/api/progress?unit=P&phase=PR-1&as_of=2022-13-01", None, "as_of", "YYYY-MM-DD"),
    ("GET", "/api/progress/export?unit=P&phase=PR-1&format=pdf", None, "format", "«xlsx», «csv»"),
    ("GET", "/api/progress?phase=PR-1", None, "unit", "cần có"),
    ("GET", "/api/initiatives?limit=abc", None, "limit", "số nguyên"),
    ("GET", "/api/initiatives?offset=-1", None, "offset", "lớn hơn hoặc bằng 0"),
    ("GET", "/api/initiatives/0", None, "initiative_id", "lớn hơn hoặc bằng 1"),
    ("GET", "/api/initiatives?unit=D1%00", None, "unit", "ký tự NUL"),
    ("POST", "/api/approvals", {"action": "approve", "ids": [1], "dry_run": 0}, "dry_run",
     "true hoặc false"),
    ("POST", "/api/approvals", {"action": "approve", "filter": {"status": "x"}},
     "filter.status", "Trạng thái"),
    ("POST", "/api/approvals", {"action": "approve", "filter": {"submitted_to": "2022"}},
     "filter.submitted_to", "Ngày gửi đến hết"),
    ("POST", "/api/approvals", [1], "", "đối tượng JSON"),
    ("POST", "/api/approvals", b"{bad", "", "không phải JSON"),
    ("POST", "/api/approvals", b"", "", "cần có"),
]  # fmt: skip
ENGLISH = re.compile(r"Validation failed|Expected|Invalid|Missing|Object|JSON is|Not Found")


@pytest.mark.usefixtures("empty_db")
@pytest.mark.parametrize(("method", "path", "body", "key", "words"), REFUSALS)
async def test_litestars_refusals_are_answered_in_vietnamese(client, method, path, body, key,
                                                             words):  # fmt: skip
    headers = await role_token("admin")
    sent = {"content": body} if isinstance(body, bytes) else {"json": body}
    response = await client.request(method, path, headers=headers, **sent)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert not ENGLISH.search(response.text), answer
    # For a person: the parameter or field named, and what to do; for a program:
    # its key and where it was sent.
    assert words in answer["detail"] and (not key or f"«{key}»" in answer["detail"])
    [problem] = answer["extra"]
    assert problem["key"] == key and problem["message"] == answer["detail"]
    source = "body" if method == "POST" else "path" if path.endswith("/0") else "query"
    assert problem["source"] == source


@pytest.mark.usefixtures("empty_db")
async def test_an_unknown_address_or_method_is_answered_in_vietnamese(client):
    headers = await role_token("admin")
    unknown = await client.get("/api/initiatives/abc", headers=headers)
    assert unknown.status_code == 404 and "/schema" in unknown.json()["detail"]
    method = await client.delete("/api/me", headers=headers)
    assert method.status_code == 405 and "DELETE" in method.json()["detail"]
    assert not ENGLISH.search(unknown.text + method.text)
