"""Numbers and times as a Vietnamese office writes them (../shared/vietnamese-office.md),
for every page, sheet title and message that shows one: «1.234.567», «111,7 %»,
«29/11/2026 18:32» in Vietnam time."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

VIETNAM = timezone(timedelta(hours=7))  # no daylight saving


def grouped(value: int | Decimal) -> str:
    """Whole number, thousands grouped with dots: «5.585»."""
    return f"{int(value):,}".replace(",", ".")


def money(value: int | Decimal) -> str:
    return grouped(value) + " đ"


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


def local_time(value: datetime) -> str:
    """Vietnam time, date first as in the admin's lists: «29/11/2026 18:32»."""
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
