"""A refused value of the admin's forms in words: which field, what is wrong, what to do.

The admin's table API and its custom forms refuse a value pydantic will not take
with 422 `{"detail": [{"type", "loc", "ctx", "input", …}]}`; Piccolo Admin would
show «title field - String should have at most 500 characters». Each error
becomes one Vietnamese sentence naming the field by its label.
"""

from collections.abc import Callable
from typing import Any

_DATE = "không phải một ngày có thật; hãy nhập lại theo dạng ngày/tháng/năm, ví dụ 15/07/2022"
_TIME = "không phải một thời điểm có thật; hãy chọn lại ngày và giờ"
_WHOLE = "phải là một số nguyên (ví dụ 5.000); hãy bỏ chữ và ký hiệu"


def _number(error: dict) -> str:
    return "phải là một số (ví dụ 40,5); hãy bỏ chữ và ký hiệu"


def _too_long(error: dict) -> str:
    limit = (error.get("ctx") or {}).get("max_length")
    typed = error.get("input")
    now = f" (đang có {len(typed)} ký tự)" if isinstance(typed, str) else ""
    return f"dài quá {limit} ký tự{now}; hãy rút gọn"


def _too_short(error: dict) -> str:
    return f"cần ít nhất {(error.get('ctx') or {}).get('min_length')} ký tự"


def _bound(words: str, key: str) -> Callable[[dict], str]:
    return lambda error: f"{words} {(error.get('ctx') or {}).get(key)}; hãy sửa lại"


# pydantic's error types (prefixes), most specific first.
_PROBLEMS: list[tuple[str, Callable[[dict], str]]] = [
    ("string_too_long", _too_long),
    ("string_too_short", _too_short),
    ("missing", lambda e: "chưa được nhập; hãy nhập giá trị"),
    ("int_from_float", lambda e: "phải là số nguyên (không có phần lẻ); hãy bỏ phần thập phân"),
    ("int", lambda e: _WHOLE),
    ("decimal_max_places", lambda e: "có quá nhiều chữ số thập phân; hãy làm tròn"),
    (
        "decimal_max_digits",
        lambda e: f"có quá nhiều chữ số (tối đa {(e.get('ctx') or {}).get('max_digits')})",
    ),
    ("decimal", _number),
    ("float", _number),
    ("datetime", lambda e: _TIME),
    ("date", lambda e: _DATE),
    ("time", lambda e: "không phải một giờ có thật; hãy chọn lại giờ (ví dụ 08:30)"),
    ("bool", lambda e: "phải là «Có» hoặc «Không»; hãy chọn lại"),
    ("greater_than_equal", _bound("phải từ", "ge")),
    ("greater_than", _bound("phải lớn hơn", "gt")),
    ("less_than_equal", _bound("không được quá", "le")),
    ("less_than", _bound("phải nhỏ hơn", "lt")),
    ("literal_error", lambda e: "hãy chọn một giá trị trong danh sách"),
    ("enum", lambda e: "hãy chọn một giá trị trong danh sách"),
    ("string_type", lambda e: "phải là chữ; hãy nhập lại"),
]


def problem(error: dict) -> str:
    kind = str(error.get("type", ""))
    found = next((words for prefix, words in _PROBLEMS if kind.startswith(prefix)), None)
    return found(error) if found else "không hợp lệ; hãy kiểm tra lại"


def field_errors(
    errors: list[Any], label: Callable[[str], str], lead: str = "Chưa lưu được: "
) -> str:
    """One sentence for pydantic's `errors`, each field named by `label(name)`: a
    form's refused save and a list's refused filter (admin.localise) alike."""
    parts = []
    for error in errors:
        if not isinstance(error, dict):
            continue
        loc = [str(part) for part in error.get("loc") or [] if part not in ("body", "query")]
        name = loc[0] if loc else ""
        parts.append(f"«{label(name)}» {problem(error)}" if name else problem(error).capitalize())
    if not parts:
        return lead + "dữ liệu không hợp lệ; hãy kiểm tra lại các trường đã nhập."
    return lead + ". ".join(dict.fromkeys(parts)) + "."
