"""Refused input in Vietnamese: what Litestar and msgspec say in English about a
parameter or a body field («Validation failed for GET …», «Invalid RFC3339
encoded date», «Invalid enum value 'pdf'») becomes a sentence naming the
parameter or field, with the values it takes; the machine-readable part (the
key and where it was sent) stays in `extra`.

Also `strict_body`: a JSON body read with JSON's own types.
"""

import re
import types
import typing
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

from domain.values import NO_NUL, NOT_BLANK
from endpoints.answers import FieldProblem

T = TypeVar("T")

# msgspec's and JSON's names of types, as the sentence «phải là …» ends.
TYPE_WORDS = {
    "int": "một số nguyên",
    "float": "một số",
    "decimal": "một số",
    "str": "một chuỗi ký tự",
    "bool": "true hoặc false",
    "array": "một danh sách",
    "object": "một đối tượng JSON",
    "null": "null",
    "date": "một ngày dạng YYYY-MM-DD (ví dụ 2022-07-15)",
    "datetime": "một thời điểm dạng RFC 3339 (ví dụ 2022-07-15T08:00:00+07:00)",
}
DATE = "phải là một ngày có thật, dạng YYYY-MM-DD (ví dụ 2022-07-15)"
COMPARISONS = {
    ">=": "phải lớn hơn hoặc bằng {}",
    ">": "phải lớn hơn {}",
    "<=": "phải nhỏ hơn hoặc bằng {}",
    "<": "phải nhỏ hơn {}",
}
MALFORMED = "Nội dung gửi lên không phải JSON hợp lệ: hãy kiểm tra dấu ngoặc, dấu phẩy và dấu nháy."
SOURCES = {"query", "path", "header", "cookie", "body"}
# The patterns the API uses (domain.values), as msgspec quotes them.
PATTERNS = {
    repr(NO_NUL)[1:-1]: "không được chứa ký tự NUL",
    repr(NOT_BLANK)[1:-1]: "không được để trống (và không chứa ký tự NUL)",
}


def _types(names: str, nullable: bool) -> str:
    # A parameter in the URL cannot be null: saying it may would mislead.
    kinds = [n for n in names.split(" | ") if nullable or n != "null"]
    return " hoặc ".join(dict.fromkeys(TYPE_WORDS.get(n, f"«{n}»") for n in kinds))


def _values(values: list[str]) -> str:
    return ", ".join(f"«{v}»" for v in values)


def problem_text(message: str, choices: list[str], nullable: bool = True) -> str:
    """msgspec's or Litestar's account of one refused value, in Vietnamese (without
    the subject); `choices`: the values the field takes, when it is a closed list;
    `nullable`: whether null can be sent at all (in a body, not in a URL)."""
    if found := re.fullmatch(r"Expected `([^`]+)`, got `([^`]+)`", message):
        return f"phải là {_types(found[1], nullable)}"
    if found := re.fullmatch(r"Expected `(?:str|array|object)` of length (>=|<=) (\d+)", message):
        size = int(found[2])
        unit = "ký tự" if "str" in message else "phần tử"
        if found[1] == ">=":
            return "không được để trống" if size == 1 else f"cần ít nhất {size} {unit}"
        return f"tối đa {size} {unit}"
    if found := re.fullmatch(r"Expected `[^`]+` (>=|>|<=|<) (\S+)", message):
        return COMPARISONS[found[1]].format(found[2])
    if found := re.fullmatch(r"Expected `str` matching regex '(.*)'", message):
        return PATTERNS.get(found[1], f"không đúng dạng «{found[1]}»")
    if found := re.fullmatch(r"Invalid (?:enum )?value (.*)", message):
        value = found[1].strip("'")
        took = f"; chọn một trong: {_values(choices)}" if choices else ""
        return f"không có giá trị «{value}»{took}"
    if message == "Invalid RFC3339 encoded date":
        return DATE
    if message.startswith("Invalid RFC3339 encoded"):
        return f"phải là {TYPE_WORDS['datetime']}"
    if message == "Invalid decimal string":
        return "phải là một số (ví dụ 1000000)"
    if message.startswith("Integer value out of range"):
        return "số quá lớn"
    return "giá trị không hợp lệ"


def subject(key: str, source: str, title: str | None) -> str:
    """«Tham số «as_of»», «Trường «filter.status» (Trạng thái)», «Nội dung gửi lên»."""
    if source == "body":
        if not key:
            return "Nội dung gửi lên"
        return f"Trường «{key}»" + (f" ({title})" if title else "")
    if source == "header":
        return f"Header «{key}»"
    return f"Tham số «{key}»"


def _unwrap(hint: Any) -> list[Any]:
    """The types a hint may hold: Annotated, Optional and unions taken apart."""
    if get_origin(hint) is Annotated:
        return _unwrap(get_args(hint)[0])
    if get_origin(hint) in (typing.Union, types.UnionType):
        return [kind for arg in get_args(hint) for kind in _unwrap(arg)]
    return [hint]


def _title(hint: Any) -> str | None:
    for meta in get_args(hint)[1:] if get_origin(hint) is Annotated else ():
        if isinstance(meta, msgspec.Meta) and meta.title:
            return meta.title
    return None


def _field(hint: Any, path: list[str]) -> Any:
    """The annotation of the field at `path` inside `hint` (structs, lists,
    tagged unions), or None."""
    if not path:
        return hint
    step, rest = path[0], path[1:]
    for kind in _unwrap(hint):
        if get_origin(kind) is list and step.startswith("["):
            return _field(get_args(kind)[0], rest)
        if _is_struct(kind):
            config = kind.__struct_config__
            if step == config.tag_field:
                tags = [k.__struct_config__.tag for k in _unwrap(hint) if _is_struct(k)]
                return Literal[tuple(tags)]
            hints = typing.get_type_hints(kind, include_extras=True)
            if step in hints:
                return _field(hints[step], rest)
    return None


def _is_struct(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, msgspec.Struct)


def _choices(hint: Any) -> list[str]:
    return [str(v) for kind in _unwrap(hint) if get_origin(kind) is Literal for v in get_args(kind)]


def _declared(request: Request | None, key: str, source: str) -> tuple[Any, str]:
    """What the handler declared for the parameter or body field `key`, and the
    name the caller sends it by (a header's, rather than its Python name)."""
    try:
        parameters = request.route_handler.parsed_fn_signature.parameters
    except (AttributeError, KeyError):  # no request, or no handler (an unknown route)
        return None, key
    if source == "body":
        data = parameters.get("data")
        path = re.findall(r"\[\d+\]|[^.\[\]]+", key)
        return (_field(data.annotation, path) if data else None), key
    for name, field in parameters.items():
        declared = field.kwarg_definition
        # A header's name, or a query parameter's alias, if it has one.
        alias = getattr(declared, "name", None) or getattr(declared, "query", None)
        if key in (name, alias):
            return field.annotation, alias or name
    return None, key


def field_problem(request: Request | None, key: str, source: str, message: str) -> FieldProblem:
    """One refused parameter or field, named and explained in Vietnamese."""
    text = None
    if found := re.fullmatch(r"Object (missing required|contains unknown) field `(.*)`", message):
        key = f"{key}.{found[2]}" if key else found[2]
        text = "cần có" if found[1] == "missing required" else "không có trong yêu cầu này"
    elif re.fullmatch(r"'[^']*'", message):  # Litestar's KeyError: nothing was sent
        text = "cần có"
    hint, key = _declared(request, key, source)
    if text is None:
        text = problem_text(message, _choices(hint), nullable=source == "body")
    title = _title(hint) if source == "body" else None
    return FieldProblem(key, source, f"{subject(key, source, title)}: {text}.")


def translated(request: Request | None, error: ValidationException) -> ValidationException:
    """Litestar's refusal of a request's parameters or body, in Vietnamese; ours (in
    words already) as it is."""
    if not error.detail.startswith(("Validation failed for ", "Missing required ")):
        return error
    items = error.extra if isinstance(error.extra, list) else []
    problems = []
    for item in items:
        source = item.get("source", "body")
        key = item.get("key", "")
        if source == "body" and key == "data":  # Litestar's name for the whole body
            key = ""
        problems.append(
            field_problem(request, key, source if source in SOURCES else "query", item["message"])
        )
    if not problems and (
        missing := re.match(r"Missing required (\w+) parameter '([^']+)'", error.detail)
    ):
        source = missing[1] if missing[1] in SOURCES else "query"
        name = missing[2]
        problems.append(FieldProblem(name, source, f"{subject(name, source, None)}: cần có."))
    if not problems:  # nothing to name
        problems.append(FieldProblem("", "body", "Nội dung gửi lên: giá trị không hợp lệ."))
    detail = " ".join(p.message for p in problems)
    return ValidationException(detail=detail, extra=[msgspec.to_builtins(p) for p in problems])


def _whole(value: Any) -> Any:
    """JSON has one kind of number: 2910.0 is the integer 2910 (as JSON Schema
    reads it), which msgspec's strict mode would refuse for an `int`."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole(item) for key, item in value.items()}
    return value


def strict_body(request: Request, body: bytes, kind: type[T]) -> T:
    """The body as `kind`, with JSON's own types: Litestar reads a handler's
    `data` leniently (0 as false, "1" as 1), which the schema does not promise."""
    try:
        return msgspec.convert(_whole(msgspec.json.decode(body)), kind, strict=True)
    except msgspec.ValidationError as error:  # a DecodeError too: first
        message, _, where = str(error).partition(" - at `$")
        key = where.rstrip("`").lstrip(".")
        problem = field_problem(request, key, "body", message)
        raise ValidationException(
            detail=problem.message, extra=[msgspec.to_builtins(problem)]
        ) from None
    except msgspec.DecodeError:
        raise malformed() from None


def malformed() -> ValidationException:
    """A body that is not JSON at all."""
    return ValidationException(
        detail=MALFORMED, extra=[{"key": "", "source": "body", "message": MALFORMED}]
    )
