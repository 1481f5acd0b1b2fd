"""Values typed the Vietnamese way (domain.typed): amounts, shares and dates read,
refused in words, and written back as typed."""

from datetime import date
from decimal import Decimal

import pytest

from domain import typed
from domain.values import AMOUNT_MAX


@pytest.mark.parametrize(
    "text, value",
    [
        ("150.000.000", 150_000_000),
        ("150 000 000", 150_000_000),
        ("150,000,000", 150_000_000),
        ("150000000", 150_000_000),
        ("  150.000.000  ", 150_000_000),
        ("150\u00a0000\u00a0000", 150_000_000),  # pasted from Excel or Word
        ("150\u202f000\u202f000", 150_000_000),
        ("150.000.000 đ", 150_000_000),
        ("150.000.000đ", 150_000_000),
        ("150.000.000 đồng", 150_000_000),
        ("150.000.000 VND", 150_000_000),
        ("150.000.000 VNĐ", 150_000_000),
        ("150.000.000,00", 150_000_000),  # as a spreadsheet prints it
        ("150,000,000.00", 150_000_000),
        ("1.500", 1_500),  # a grouping, never a decimal: đồng has none
        ("1,600", 1_600),
        ("0", 0),
        ("999", 999),
        ("12345", 12_345),
        ("1.000.000.000.000", 10**12),
        (typed.amount_shown(AMOUNT_MAX), AMOUNT_MAX),
        ("", None),
        ("   ", None),
    ],
)
def test_amounts_typed_the_vietnamese_way(text, value):
    assert typed.amount(text) == value


@pytest.mark.parametrize(
    "text, says",
    [
        ("1,6", "không có phần lẻ"),
        ("1.5", "không có phần lẻ"),
        ("150.000.000,5", "không có phần lẻ"),
        ("1.000.5", "không phải số tiền"),  # the grouping's mark cannot end it
        ("1.000,000", "không phải số tiền"),  # three decimals: a typo, not a guess
        ("1.000 000", "không phải số tiền"),  # two kinds of grouping
        ("15.00.000", "không phải số tiền"),  # groups of three only
        ("1000.000", "không phải số tiền"),
        ("1.5E+8", "không phải số tiền"),
        ("một trăm", "không phải số tiền"),
        ("-5.000", "không được âm"),
        ("1" + "0" * 18, "quá lớn"),
        ("9" * 5000, "quá lớn"),  # past int()'s 4,300 digits: said, not a 500
        ("١٥٠", "không phải số tiền"),  # a digit to \d, not to an office
    ],
)
def test_amounts_refused_with_the_reason(text, says):
    with pytest.raises(typed.Unreadable) as refused:
        typed.amount(text)
    assert says in str(refused.value)
    assert f"«{text.strip()}»" in str(refused.value)  # what was typed, quoted back


@pytest.mark.parametrize(
    "text, value",
    [
        ("40,5", Decimal("40.5")),
        ("40.5", Decimal("40.5")),
        ("40", Decimal(40)),
        ("100", Decimal(100)),
        ("100,00", Decimal(100)),
        ("33,33", Decimal("33.33")),
        ("0,01", Decimal("0.01")),
        ("40,5 %", Decimal("40.5")),
        ("40,5%", Decimal("40.5")),
        (" 60 ", Decimal(60)),
        ("", None),
    ],
)
def test_shares(text, value):
    assert typed.share(text) == value


@pytest.mark.parametrize(
    "text, says",
    [
        ("0", "lớn hơn 0"),
        ("0,00", "lớn hơn 0"),
        ("100,5", "không quá 100"),
        ("250", "không quá 100"),
        ("33,333", "hai chữ số"),
        ("1.000", "hai chữ số"),  # a thousands grouping is no share
        ("40,5,1", "không phải tỷ lệ"),
        ("-10", "không phải tỷ lệ"),
        ("bốn mươi", "không phải tỷ lệ"),
    ],
)
def test_shares_refused(text, says):
    with pytest.raises(typed.Unreadable) as refused:
        typed.share(text)
    assert says in str(refused.value)


@pytest.mark.parametrize(
    "text, value",
    [
        ("15/07/2022", date(2022, 7, 15)),
        ("1/7/2022", date(2022, 7, 1)),
        ("01/07/2022", date(2022, 7, 1)),
        ("15-07-2022", date(2022, 7, 15)),
        ("15.07.2022", date(2022, 7, 15)),
        ("29/02/2024", date(2024, 2, 29)),
        ("2022-07-15", date(2022, 7, 15)),  # ISO, as spreadsheets and browsers send it
        (" 15/07/2022 ", date(2022, 7, 15)),
        ("", None),
    ],
)
def test_dates(text, value):
    assert typed.day(text) == value


@pytest.mark.parametrize(
    "text, says",
    [
        ("30/02/2022", "không có ngày 30/02/2022"),
        ("29/02/2023", "không có ngày 29/02/2023"),
        ("15/13/2022", "không có ngày 15/13/2022"),
        ("15/07/22", "bốn chữ số"),
        ("15/07/0022", "bốn chữ số"),
        ("15/07-2022", "không phải ngày"),
        ("07/15/2022 10:00", "không phải ngày"),
        ("hôm qua", "không phải ngày"),
    ],
)
def test_dates_refused(text, says):
    with pytest.raises(typed.Unreadable) as refused:
        typed.day(text)
    assert says in str(refused.value)


def test_values_written_back_as_typed():
    assert typed.amount_shown(150_000_000) == "150.000.000"
    assert typed.amount_shown(Decimal("150000000")) == "150.000.000"  # NUMERIC's Decimal
    assert typed.amount_shown(0) == "0"
    assert typed.amount_shown(None) == ""
    assert typed.share_shown(Decimal("40.50")) == "40,5"
    assert typed.share_shown(Decimal("100.00")) == "100"
    assert typed.share_shown(Decimal("33.33")) == "33,33"
    assert typed.share_shown(None) == ""
    assert typed.day_shown(date(2022, 7, 1)) == "01/07/2022"
    assert typed.day_shown(None) == ""
    for value in (0, 1_500, 150_000_000, AMOUNT_MAX):
        assert typed.amount(typed.amount_shown(value)) == value
    for value in (Decimal("0.01"), Decimal("40.5"), Decimal(100)):
        assert typed.share(typed.share_shown(value)) == value


def test_rich_text_read_as_its_words():
    """The admin's editor stores a summary as HTML: the entry page shows its words."""
    stored = "<p>Giảm &amp; tiết kiệm <b>than</b></p><p>Dòng 2<br>dòng  3</p>"
    assert typed.plain_text(stored) == "Giảm & tiết kiệm than\nDòng 2\ndòng 3"
    assert typed.plain_text(None) == ""


@pytest.mark.parametrize(
    ("text", "value"),
    [("5.000", 5000), ("5 000", 5000), ("5,000", 5000), ("1990", 1990), ("0", 0), ("", None),
     ("1.000.000", 1_000_000), ("5.00", 5), ("-3", -3)],
)  # fmt: skip
def test_whole_numbers_as_an_office_types_them(text, value):
    assert typed.whole(text) == value


@pytest.mark.parametrize(
    ("text", "says"),
    [("1,5", "không có phần lẻ"), ("12.50", "không có phần lẻ"), ("abc", "không phải số nguyên"),
     ("1.000.5", "không phải số nguyên"), ("99999999999", "số quá lớn")],
)  # fmt: skip
def test_what_is_not_a_whole_number_is_refused_saying_why(text, says):
    with pytest.raises(typed.Unreadable, match=says):
        typed.whole(text)
