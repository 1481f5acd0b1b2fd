"""Values as a Vietnamese office types them, read into what the database holds, and
written back the same way (../shared/vietnamese-office.md).

- An amount is whole đồng: «150.000.000», «150 000 000», «150,000,000» or
  «150000000» (dots, commas or spaces grouping thousands, one kind at a time), with
  «đ», «đồng» or «VND» after it if one likes, and a decimal part of zeros
  («150.000.000,00», as a spreadsheet prints it). A decimal part that is not zero
  is refused: đồng has no minor unit («1,6» is not an amount).
- A share is a percent in (0, 100] with at most two decimals, «40,5» or «40.5»
  (a share is never in the thousands, so either mark is a decimal mark), «%» allowed.
- A date is dd/mm/yyyy or d/m/yyyy («/», «-» or «.» between), or ISO yyyy-mm-dd as
  spreadsheets and browsers send it.

Each reader raises `Unreadable` with what is wrong and an example, without the
field's name: the form (or an import) puts the field's label in front of it.
"""

import html
import re
from datetime import date
from decimal import Decimal

from domain.shown import grouped
from domain.values import AMOUNT_MAX

# Spaces a pasted number may hold: no-break, narrow no-break, thin (Excel, Word).
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_CURRENCY = re.compile(r"\s*(đồng|đ|vnđ|vnd)\.?$", re.IGNORECASE)
# ASCII digits only (\d alone reads «١٥٠» as 150). Groups of three after a first
# of one to three, one separator kind throughout;
# then maybe a decimal part of one or two digits.
_GROUPED = re.compile(r"(\d{1,3})(?:([., ])(\d{3}(?:\2\d{3})*))?(?:([.,])(\d{1,2}))?", re.ASCII)
_PLAIN = re.compile(r"(\d+)(?:([.,])(\d{1,2}))?", re.ASCII)
_SHARE = re.compile(r"(\d{1,3})(?:[.,](\d+))?", re.ASCII)
_DAY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)

AMOUNT_EXAMPLE = "hãy nhập số đồng, ví dụ 150.000.000"
SHARE_EXAMPLE = "hãy nhập phần trăm lớn hơn 0 và không quá 100, ví dụ 40,5"
DAY_EXAMPLE = "hãy nhập theo dạng ngày/tháng/năm, ví dụ 15/07/2022"
WHOLE_EXAMPLE = "hãy nhập số nguyên, ví dụ 5.000"
WHOLE_MAX = 2**31 - 1  # a PostgreSQL integer


class Unreadable(ValueError):
    """What was typed is not a value of the kind asked for; the message says why."""


def _digits(text: str, typed: str, what: str, example: str) -> tuple[str, str | None]:
    """The whole part's digits of a number typed with or without thousands grouping
    (one separator kind), and its decimal part if any; Unreadable otherwise."""
    match = _GROUPED.fullmatch(typed) or _PLAIN.fullmatch(typed)
    if match is None:
        raise Unreadable(f"«{text.strip()}» không phải {what}: {example}")
    if match.re is _GROUPED:
        head, grouping, rest, mark, fraction = match.groups()
        if mark is not None and mark == grouping:  # «1.000.5»: not a grouping
            raise Unreadable(f"«{text.strip()}» không phải {what}: {example}")
        return head + (rest or "").replace(grouping or "", ""), fraction
    whole, _, fraction = match.groups()
    return whole, fraction


def amount(text: str) -> int | None:
    """Whole đồng, or None when nothing was typed (not calculable, which is not 0)."""
    typed = _CURRENCY.sub("", _SPACES.sub(" ", text).strip()).strip()
    if not typed:
        return None
    if typed.startswith("-"):
        raise Unreadable(f"«{text.strip()}»: số tiền không được âm ({AMOUNT_EXAMPLE})")
    whole, fraction = _digits(text, typed, "số tiền", AMOUNT_EXAMPLE)
    if fraction is not None and int(fraction) != 0:
        raise Unreadable(
            f"«{text.strip()}»: tiền đồng không có phần lẻ, hãy nhập số nguyên đồng "
            "(dấu chấm, dấu phẩy hoặc khoảng trắng chỉ để phân cách hàng nghìn, "
            "ví dụ 150.000.000)"
        )
    # Longer than the bound: too large, said before int() (which refuses 4,300 digits).
    value = int(whole) if len(whole.lstrip("0")) <= len(str(AMOUNT_MAX)) else AMOUNT_MAX + 1
    if value > AMOUNT_MAX:
        raise Unreadable(f"«{text.strip()}»: số tiền quá lớn (tối đa {amount_shown(AMOUNT_MAX)})")
    return value


def whole(text: str) -> int | None:
    """A whole number (a target, a year) as an office types it: «5.000», «5 000» or
    «5,000» is five thousand; None when nothing was typed. (pydantic read «5.000»
    as 5: a target saved a thousand times too small, without a word.)"""
    typed = _SPACES.sub(" ", text).strip()
    if not typed:
        return None
    sign, typed = (-1, typed[1:].strip()) if typed.startswith("-") else (1, typed)
    digits, fraction = _digits(text, typed, "số nguyên", WHOLE_EXAMPLE)
    if fraction is not None and int(fraction) != 0:
        raise Unreadable(f"«{text.strip()}»: phải là số nguyên, không có phần lẻ ({WHOLE_EXAMPLE})")
    bound = WHOLE_MAX + (sign < 0)  # a PostgreSQL integer reaches one lower below zero
    if len(digits.lstrip("0")) > len(str(WHOLE_MAX)) or int(digits) > bound:
        raise Unreadable(f"«{text.strip()}»: số quá lớn (tối đa {amount_shown(WHOLE_MAX)})")
    return sign * int(digits)


def share(text: str) -> Decimal | None:
    """A percent in (0, 100] with at most two decimals, or None when nothing was typed."""
    typed = _SPACES.sub("", text).removesuffix("%")
    if not typed:
        return None
    match = _SHARE.fullmatch(typed)
    if match is None:
        raise Unreadable(f"«{text.strip()}» không phải tỷ lệ phần trăm: {SHARE_EXAMPLE}")
    whole, fraction = match.groups()
    if fraction is not None and len(fraction) > 2:
        # «1.000» or «33,333»: a thousands grouping or a precision the column lacks.
        raise Unreadable(f"«{text.strip()}»: tỷ lệ có tối đa hai chữ số sau dấu phẩy, ví dụ 33,33")
    value = Decimal(f"{whole}.{fraction or 0}")
    if not 0 < value <= 100:
        raise Unreadable(f"«{text.strip()}»: {SHARE_EXAMPLE}")
    return value.quantize(Decimal("0.01"))


def day(text: str) -> date | None:
    """A date typed dd/mm/yyyy (or d/m/yyyy, or yyyy-mm-dd), or None when empty."""
    typed = _SPACES.sub("", text)
    if not typed:
        return None
    if match := _DAY.fullmatch(typed):
        d, _, m, y = match.groups()
    elif match := _ISO.fullmatch(typed):
        y, m, d = match.groups()
    else:
        raise Unreadable(f"«{text.strip()}» không phải ngày: {DAY_EXAMPLE}")
    if len(y) != 4 or int(y) < 1900:
        raise Unreadable(f"«{text.strip()}»: năm phải đủ bốn chữ số (từ 1900), ví dụ 15/07/2022")
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise Unreadable(
            f"«{text.strip()}»: không có ngày {int(d):02d}/{int(m):02d}/{y} trong lịch, "
            "hãy kiểm tra ngày và tháng"
        ) from None


def amount_shown(value: int | Decimal | None) -> str:
    """«150.000.000»; empty for none (the form's field stays empty)."""
    return "" if value is None else grouped(value)


def share_shown(value: Decimal | int | float | None) -> str:
    """«40,5», «100»; empty for none."""
    if value is None:
        return ""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def day_shown(value: date | None) -> str:
    """«15/07/2022»; empty for none."""
    return "" if value is None else f"{value:%d/%m/%Y}"


_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def plain_text(value: str | None) -> str:
    """Rich text (the admin's editor writes a summary as HTML: «<p>…</p>») as a person
    reads and types it: its words, a line per paragraph, no tags."""
    if not value:
        return ""
    lines = html.unescape(_TAG.sub("", _BREAK.sub("\n", value))).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())
