"""Vietnamese labels and error messages for Piccolo Admin's JSON API.

Piccolo Admin titles a column after its field name and shows database errors
as "Database error: <raw message>". This ASGI middleware sits in front of the
admin and rewrites just two kinds of response:

- a table's form schema (`GET …/api/tables/<table>/schema/`): each column's
  title becomes its Vietnamese label from `domain.labels`;
- a refused write (`POST/PATCH/PUT/DELETE …/api/tables/…` answered 400, 422 or
  503, or a form `POST …/api/forms/…` answered 422 or 503): the body becomes
  `{"custom_form_error": <Vietnamese sentence>}`, which the admin shows verbatim,
  and the status 422, which is how it expects form errors; pydantic's refusal of
  a value names the field by its label or the form's title (admin.field_errors);
- a refused read (`GET …/api/tables/…` answered 400, 403, 404 or 422 in English by
  piccolo_api or pydantic: a filter's value of the wrong type, an unknown operator,
  a page too large): the same status with `{"detail": <Vietnamese sentence>}`.

Everything else streams through untouched.
"""

import json
import re
from collections.abc import Callable

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from piccolo.table import Table

from admin.field_errors import field_errors
from admin.forms import FORMS
from domain.labels import column_label
from domain.violations import UNKNOWN, explain

_TABLE_PATH = re.compile(r"/api/tables/(\w+)/(.*)$")
_FORM_PATH = re.compile(r"/api/forms/([\w-]+)/$")
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
_READ_REFUSALS = (400, 403, 404, 422)
_VIETNAMESE = re.compile(r"[À-ỹđĐ]")  # a sentence of ours, already in Vietnamese
# piccolo_api's own refusals of a list's parameters, in its words → ours.
_PICCOLO_API = (
    (r"page size limit", "Số dòng mỗi trang («__page_size») vượt quá giới hạn: hãy chọn ít hơn."),
    (r"Unrecognised (__\w+) argument - (.*)", "Tham số «{0}» không nhận giá trị «{1}»."),
    (r"ID is invalid", "Mã số bản ghi không hợp lệ: phải là một số nguyên."),
    (r"visible_fields", "«__visible_fields» phải là tên các cột của bảng, cách nhau bởi dấu phẩy."),
    (r"Not Found", "Không có bảng hay bản ghi này."),
)
FILTER_REFUSED = "Chưa lọc được: "
INVALID_REQUEST = "Yêu cầu không hợp lệ: hãy kiểm tra lại các tham số. Chưa có gì thay đổi."


def choice_orders(tables: list[type[Table]]) -> dict[str, dict[str, list[str]]]:
    """Per table, each choice column's values in the vocabulary's order."""
    return {
        table._meta.tablename: {
            column._meta.name: [choice.name for choice in column._meta.choices]
            for column in table._meta.columns
            if column._meta.choices
        }
        for table in tables
    }


def label_schema(table: str, schema: dict, orders: dict[str, list[str]] | None = None) -> dict:
    """Titles by our labels; choices in the vocabulary's order (the schema lists
    them by code, so a filter's list read «Hành chính…, Nông, lâm…, Xây dựng…»)."""
    for column, prop in schema.get("properties", {}).items():
        prop["title"] = column_label(table, column)
        choices = (prop.get("extra") or {}).get("choices")
        if isinstance(choices, dict) and column in (orders or {}):
            order = orders[column]
            prop["extra"]["choices"] = dict(
                sorted(
                    choices.items(),
                    key=lambda item: order.index(item[0]) if item[0] in order else len(order),
                )
            )
    return schema


def form_label(slug: str) -> Callable[[str], str]:
    """A custom form's field, named by its title as the form shows it."""
    fields = next((f.pydantic_model.model_fields for f in FORMS if f.slug == slug), {})
    return lambda name: (fields[name].title or name) if name in fields else name


def error_message(body: bytes, label: Callable[[str], str] = str) -> str:
    """The Vietnamese sentence for a refused admin write, from its response body;
    a field is named by `label(name)`."""
    try:
        data = json.loads(body)
    except ValueError:
        # Plain text: a pydantic error about a field's type, or a piccolo_api refusal.
        text = body.decode(errors="replace")
        if match := re.search(r"^(\w+)\n\s+(.+?)\s\[", text, re.MULTILINE):
            return f"Giá trị của trường «{label(match.group(1))}» không hợp lệ: {match.group(2)}."
        return UNKNOWN
    if isinstance(data, dict):
        if "db_error" in data:
            return explain(str(data["db_error"]))
        if isinstance(data.get("detail"), list):
            # pydantic's refusal of a value (FastAPI's shape): which field, what to do.
            return field_errors(data["detail"], label)
        if isinstance(data.get("detail"), str):
            # Raised by our own hooks and validators, already in Vietnamese.
            return data["detail"]
        if "custom_form_error" in data:
            return str(data["custom_form_error"])
    return UNKNOWN


def pydantic_refusal(body: bytes) -> bool:
    """FastAPI's shape of pydantic's refusal: {"detail": [errors]}."""
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("detail"), list)


def table_of(path: str) -> str:
    match = _TABLE_PATH.search(path)
    return match.group(1) if match else ""


def invalid_values(table: str, errors: list) -> str:
    """A filter's or a value's wrong type (pydantic's errors), in the forms' words
    (admin.field_errors), each field named by its label."""

    def label(field: str) -> str:
        return column_label(table, field) if field.isidentifier() else field

    return field_errors(errors, label, lead=FILTER_REFUSED)


def read_refusal(table: str, body: bytes) -> str | None:
    """Our sentence for piccolo_api's or pydantic's refusal of a read, or None when
    the body already speaks Vietnamese."""
    try:
        data = json.loads(body)
    except ValueError:
        data = body.decode(errors="replace")
    detail = data.get("detail", data.get("error")) if isinstance(data, dict) else data
    if isinstance(detail, list):
        return invalid_values(table, [e for e in detail if isinstance(e, dict)])
    text = str(detail)
    if _VIETNAMESE.search(text):
        return None
    for pattern, sentence in _PICCOLO_API:
        if match := re.search(pattern, text):
            return sentence.format(*match.groups())
    return INVALID_REQUEST


class LocaliseAdmin:
    def __init__(self, app: ASGIApp, tables: list[type[Table]] = ()) -> None:
        self.app = app
        self.orders = choice_orders(list(tables))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _TABLE_PATH.search(scope["path"]) if scope["type"] == "http" else None
        method = scope.get("method", "")
        is_schema = bool(match) and method == "GET" and match.group(2) == "schema/"
        is_write = bool(match) and method in _WRITES
        is_read = bool(match) and method == "GET" and not is_schema
        rewritten = (400, 422, 503)
        label: Callable[[str], str] = lambda name: column_label(match.group(1), name)  # noqa: E731
        form = _FORM_PATH.search(scope.get("path", "")) if not match and method == "POST" else None
        if form:
            # A form's own refusals are already its message; a database away and
            # pydantic's refusal of a value (422) are not.
            is_write, rewritten, label = True, (422, 503), form_label(form.group(1))
        if is_read:
            rewritten = _READ_REFUSALS
        if not (is_schema or is_write or is_read):
            await self.app(scope, receive, send)
            return
        passes = is_write or is_read  # what is not rewritten streams through

        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                if passes and message["status"] not in rewritten:
                    await send(message)
            elif message["type"] == "http.response.body":
                if start is not None and passes and start["status"] not in rewritten:
                    await send(message)
                    return
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await finish()
            else:
                await send(message)

        async def finish() -> None:
            assert start is not None
            body = b"".join(chunks)
            status = start["status"]
            if is_schema and status == 200:
                assert match is not None
                table = match.group(1)
                schema = label_schema(table, json.loads(body), self.orders.get(table))
                body = json.dumps(schema).encode()
            elif form and status == 422 and not pydantic_refusal(body):
                pass  # the form's own sentence, as it came
            elif is_write:
                status = 422
                body = json.dumps({"custom_form_error": error_message(body, label)}).encode()
            elif is_read and (sentence := read_refusal(match.group(1), body)) is not None:
                body = json.dumps({"detail": sentence}).encode()
            headers = [
                (k, v)
                for k, v in start["headers"]
                if k.lower() not in (b"content-length", b"content-type")
            ]
            headers += [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)
