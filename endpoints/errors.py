"""Domain errors as HTTP answers, in one place: each kind's status code, and the
form of the answer on each surface:

- the API: Litestar's JSON `{"status_code", "detail"}`, plus `"extra": {"ids": […]}`
  when named initiatives cannot be decided (`API_HANDLERS`, app-wide);
- the review pages: a Vietnamese page (`PAGE_HANDLERS`, on the /review router);
- the admin's forms: the form's message (`form_error`).

A database refusal (a grant or a row policy, which the surfaces' own checks
normally pre-empt) answers 403 the same way; a database that cannot be reached
(stopped, restarting, out of connections) answers 503 with Retry-After. In the
API, what Litestar itself refuses in English (a parameter, a body, an unknown
address) is answered in Vietnamese too (endpoints.validation names the parameter
or field).
"""

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from asyncpg.exceptions import (
    DataError,
    DeadlockDetectedError,
    InsufficientPrivilegeError,
    SerializationError,
)
from asyncpg.exceptions import _base as asyncpg_base
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.exceptions.responses import create_exception_response
from litestar.response import Template

from domain.database import is_outage
from domain.errors import (
    DomainError,
    Invalid,
    KeyReused,
    NotAllowed,
    NotDecidable,
    NotFound,
    NotSignedIn,
)
from domain.vocabulary import DECIDING_ROLES, SENDING_ROLES
from endpoints.validation import malformed, translated

STATUS: dict[type[DomainError], int] = {
    DomainError: 400,
    Invalid: 400,
    NotSignedIn: 401,
    NotAllowed: 403,
    NotFound: 404,
    NotDecidable: 422,
    KeyReused: 422,
}
REFUSED = "Không được phép: thay đổi này nằm ngoài phạm vi đơn vị hoặc quyền của tài khoản."
UNSTORABLE = (
    "Dữ liệu gửi lên có giá trị cơ sở dữ liệu không nhận được (ví dụ ký tự NUL, số quá lớn "
    "hoặc ngày ngoài khoảng): hãy kiểm tra lại các tham số; chưa có gì thay đổi."
)
# What PostgreSQL refuses as a value (SQLSTATE class 22: a NUL character, a number
# out of range…) and what asyncpg cannot send as one (an integer beyond 32 bits for
# an integer column): the caller's input, not a fault of ours.
UNSTORABLE_ERRORS = (DataError, asyncpg_base.DataError)
CONFLICT = (
    "Yêu cầu vướng một thao tác khác đang chạy cùng lúc nên chưa thực hiện; chưa có gì thay"
    " đổi. Hãy gửi lại (với cùng Idempotency-Key nếu có)."
)
# PostgreSQL gave the transaction up for another one's sake: sent again, it can pass.
CONFLICT_ERRORS = (DeadlockDetectedError, SerializationError)
# Litestar's own details, which are English: by status, what a person can do.
GENERIC = {
    400: "Yêu cầu không hợp lệ: hãy kiểm tra các tham số và nội dung gửi lên.",
    403: "Không được phép.",
    404: "Không có địa chỉ này trong API; các địa chỉ có trong tài liệu ở /schema.",
    405: "Địa chỉ này không nhận phương thức {method} (xem header Allow).",
    413: "Nội dung gửi lên quá lớn.",
    415: "Kiểu nội dung không được nhận: hãy gửi JSON (Content-Type: application/json).",
    500: "Lỗi máy chủ; yêu cầu chưa được thực hiện. Hãy thử lại sau hoặc báo quản trị hệ thống.",
}
MALFORMED_DETAILS = ("JSON is malformed", "Input data was truncated")

UNAVAILABLE = (
    "Cơ sở dữ liệu tạm thời không trả lời (đang khởi động lại hoặc quá tải). Hãy thử lại sau "
    "ít giây; nếu vừa gửi một thay đổi, hãy xem lại kết quả trước khi gửi lại."
)
RETRY_AFTER = "5"
FAULT = "Lỗi máy chủ. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống."
_log = logging.getLogger("sangkien")


def status_of(error: DomainError) -> int:
    return next(STATUS[kind] for kind in type(error).__mro__ if kind in STATUS)


def as_http(error: DomainError) -> HTTPException:
    extra = {"ids": error.ids} if isinstance(error, NotDecidable) else None
    return HTTPException(status_code=status_of(error), detail=error.message, extra=extra)


def api_answer(request: Request, error: DomainError) -> Response:
    # Litestar's own answer to an HTTPException, so that every error of the API
    # has one shape, whoever raised it.
    return create_exception_response(request, as_http(error))


def api_refused(request: Request, _: InsufficientPrivilegeError) -> Response:
    return create_exception_response(request, HTTPException(status_code=403, detail=REFUSED))


def api_unstorable(request: Request, _: Exception) -> Response:
    return create_exception_response(request, HTTPException(status_code=400, detail=UNSTORABLE))


def api_fault(request: Request, problem: Exception) -> Response:
    """The database out of reach: 503. Anything else unexpected: logged, and 500
    in words."""
    if not is_outage(problem):
        _log.error("Unexpected error on %s", request.url.path, exc_info=problem)
        return create_exception_response(request, HTTPException(status_code=500, detail=FAULT))
    _log.warning("Database unreachable on %s: %r", request.url.path, problem)
    unavailable = HTTPException(
        status_code=503, detail=UNAVAILABLE, headers={"Retry-After": RETRY_AFTER}
    )
    return create_exception_response(request, unavailable)


def api_conflict(request: Request, _: Exception) -> Response:
    return create_exception_response(request, HTTPException(status_code=409, detail=CONFLICT))


def in_words(request: Request, error: HTTPException) -> HTTPException:
    """Litestar's English refusals in Vietnamese; ours (already in words) as they are."""
    if isinstance(error, ValidationException):
        return translated(request, error)
    status = error.status_code
    if error.detail.startswith(MALFORMED_DETAILS):
        return malformed()
    if error.detail != HTTPStatus(status).phrase:
        return error
    detail = GENERIC.get(status, f"Yêu cầu không thực hiện được (mã {status}).")
    return HTTPException(
        status_code=status, detail=detail.format(method=request.method), headers=error.headers
    )


def api_http(request: Request, error: HTTPException) -> Response:
    return create_exception_response(request, in_words(request, error))


NO_PAGE = "Không có trang này. Hãy mở lại từ danh sách."
# Each page's way back home: the sending pages' people are mostly not reviewers.
HOMES = {
    "/send": ("/send", "Về trang gửi sáng kiến"),
    "/initiatives": ("/send", "Về trang gửi sáng kiến"),
    "/review": ("/review", "Về hàng chờ duyệt"),
}
_HOME_ROLES = {
    (home, role)
    for home, roles in (("/send", SENDING_ROLES), ("/review", DECIDING_ROLES))
    for role in roles
}


def page(
    status: int,
    title: str,
    message: str,
    login: bool = False,
    headers: dict | None = None,
    back: str = "/review",
    caller: object = None,
) -> Template:
    """A page saying what went wrong, with the way back home (the caller's, when
    known: its header shows only what the caller's role can use)."""
    home, home_label = next(
        (way for prefix, way in HOMES.items() if back.startswith(prefix)), HOMES["/review"]
    )
    role = getattr(caller, "role", "")
    if caller is not None and (home, role) not in _HOME_ROLES:
        # Their own home instead: staff's sending page, a viewer's admin.
        home, home_label = (
            HOMES["/send"] if role in SENDING_ROLES else ("/admin/", "Về trang quản trị")
        )
    context = {"title": title, "message": message, "login": login, "back": back}
    context["caller"] = caller
    return Template(
        "review/message.html",
        context={**context, "home": home, "home_label": home_label},
        status_code=status,
        headers=headers,
    )


def _no_such_page(problem: Exception) -> bool:
    """An address under the pages that names nothing: no route (`/send/abc`), or a
    number in the path beyond any record's (`/send/999999999999`)."""
    if isinstance(problem, NotFoundException) and problem.detail == HTTPStatus(404).phrase:
        return True
    return isinstance(problem, ValidationException) and any(
        isinstance(item, dict) and item.get("source") == "path" for item in problem.extra or []
    )


def page_answer(request: Request, problem: Exception) -> Template:
    """A page saying what went wrong: also for what the authentication and CSRF
    middleware raise, since the review pages are read by people."""
    if isinstance(problem, InsufficientPrivilegeError):
        status, message = 403, REFUSED
    elif isinstance(problem, UNSTORABLE_ERRORS):
        status, message = 400, UNSTORABLE
    elif is_outage(problem):
        headers = {"Retry-After": RETRY_AFTER}
        return page(503, "Tạm thời gián đoạn", UNAVAILABLE, headers=headers, back=request.url.path)
    elif not isinstance(problem, DomainError | HTTPException):
        _log.error("Unexpected error on a page", exc_info=problem)
        status, message = 500, FAULT
    elif isinstance(problem, DomainError):
        status, message = status_of(problem), problem.message
    elif _no_such_page(problem):
        status, message = 404, NO_PAGE
    else:
        problem = in_words(request, problem)
        status, message = problem.status_code, problem.detail
    path = request.url.path
    if status == 401:
        return page(401, "Cần đăng nhập", message, login=True, back=path)
    title = "Không được phép" if status == 403 else "Không mở được trang"
    return page(status, title, message, back=path, caller=request.scope.get("user"))


PAGES = ("/review", "/send", "/initiatives")  # the pages for people (endpoints/)


def _or_a_page(handler: Callable[[Request, Any], Response]) -> Callable:
    """The API's handler, except on a page (the docs, `/schema`): a person reads it,
    so the answer is a page (a 401 offers the login) rather than JSON."""

    def answer(request: Request, problem: Exception) -> Response | Template:
        route = request.scope.get("route_handler")
        # Under the pages' paths even no route is a page's answer (`/send/abc`).
        path = request.url.path.rstrip("/")
        if getattr(route, "media_type", None) == MediaType.HTML or (
            path in PAGES or path.startswith(tuple(f"{p}/" for p in PAGES))
        ):
            return page_answer(request, problem)
        return handler(request, problem)

    return answer


API_HANDLERS = {
    error: _or_a_page(handler)
    for error, handler in {
        DomainError: api_answer,
        InsufficientPrivilegeError: api_refused,
        **dict.fromkeys(UNSTORABLE_ERRORS, api_unstorable),
        **dict.fromkeys(CONFLICT_ERRORS, api_conflict),
        HTTPException: api_http,
        Exception: api_fault,
    }.items()
}

PAGE_HANDLERS = {
    DomainError: page_answer,
    HTTPException: page_answer,
    InsufficientPrivilegeError: page_answer,
    **dict.fromkeys(UNSTORABLE_ERRORS, page_answer),
    Exception: page_answer,
}


def form_error(error: DomainError) -> ValueError:
    """Piccolo Admin shows a form's ValueError as the form's message (422)."""
    return ValueError(error.message)
