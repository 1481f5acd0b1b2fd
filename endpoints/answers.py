"""The API's answers besides each operation's own result, for the OpenAPI schema:
the one shape of every error (endpoints.errors gives it) and which errors an
operation may answer, so that a client (or schemathesis) can rely on the schema.

Every error is `{"status_code": …, "detail": "…"}`, the detail a Vietnamese sentence
saying what to do; a refused parameter or field adds `extra`, a list naming each
one (`key`, `source`) with its own sentence; initiatives that cannot be decided add
`extra: {"ids": […]}`.
"""

from typing import Literal

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from msgspec import UNSET, UnsetType


class Problem(msgspec.Struct):
    """An error: its status, and what to do about it in a Vietnamese sentence."""

    status_code: int
    detail: str


class FieldProblem(msgspec.Struct):
    # The parameter's name, or the field's path in the body ("filter.status");
    # "" for the body as a whole.
    key: str
    source: Literal["query", "path", "header", "cookie", "body"]
    message: str


class InvalidInput(msgspec.Struct):
    """400: a parameter or field refused (each named in `extra`), or a value the
    database cannot hold."""

    status_code: int
    detail: str
    extra: list[FieldProblem] | UnsetType = UNSET


class UndecidableIds(msgspec.Struct):
    ids: list[int]


class NotDecided(msgspec.Struct):
    """422: named initiatives that cannot be decided (`extra.ids`), or an
    Idempotency-Key sent again with another request."""

    status_code: int
    detail: str
    extra: UndecidableIds | UnsetType = UNSET


def _example(status: int, detail: str, **extra: object) -> list[Example]:
    value: dict[str, object] = {"status_code": status, "detail": detail, **extra}
    return [Example(summary=detail, value=value)]


SPECS: dict[int, ResponseSpec] = {
    400: ResponseSpec(
        data_container=InvalidInput,
        description="A parameter or field refused, each named in `extra`",
        examples=_example(
            400,
            "Tham số «as_of»: phải là một ngày dạng YYYY-MM-DD (ví dụ 2022-07-15).",
            extra=[
                {
                    "key": "as_of",
                    "source": "query",
                    "message": "Tham số «as_of»: phải là một ngày dạng YYYY-MM-DD"
                    " (ví dụ 2022-07-15).",
                }
            ],
        ),
    ),
    401: ResponseSpec(
        data_container=Problem,
        description="No token or session, or one that no longer holds",
        examples=_example(401, "Cần đăng nhập: gửi mã truy cập trong header …"),
    ),
    403: ResponseSpec(
        data_container=Problem,
        description="An account without a role, a role that may not do this, or a write "
        "on the session cookie without the CSRF header",
        examples=_example(403, "Tài khoản này không có quyền duyệt sáng kiến."),
    ),
    404: ResponseSpec(
        data_container=Problem,
        description="Not found in the caller's scope (outside it reads as unknown)",
        examples=_example(404, "Tham số «unit»: không có đơn vị mã «XX» trong phạm vi của bạn."),
    ),
    409: ResponseSpec(
        data_container=Problem,
        description="Ran into another write at the same moment; nothing changed, send it again",
        examples=_example(409, "Yêu cầu vướng một thao tác khác đang chạy cùng lúc …"),
    ),
    422: ResponseSpec(
        data_container=NotDecided,
        description="Named initiatives that cannot be decided (nothing changed), or an "
        "Idempotency-Key sent again with another request",
        examples=_example(
            422,
            "Không có các sáng kiến này, hoặc chúng không được gửi đến đơn vị thuộc quyền"
            " duyệt của bạn; chưa thay đổi gì: 7, 9",
            extra={"ids": [7, 9]},
        ),
    ),
    503: ResponseSpec(
        data_container=Problem,
        description="The database does not answer; nothing changed",
        examples=_example(503, "Cơ sở dữ liệu không trả lời …"),
    ),
}


def answers(*statuses: int) -> dict[int, ResponseSpec]:
    """The errors an operation may answer: the given ones, and those every
    operation behind a login may (401, 403, 503)."""
    return {status: SPECS[status] for status in sorted({*statuses, 401, 403, 503})}
