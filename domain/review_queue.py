"""The managers' review queue: what waits for their decision, a page at a time.

The selection is `domain.workflow.selection`, the one the bulk API and the
admin form use, so "all N matching" on the page is exactly what a batch with
that filter decides. A confirmation carries a digest of the ids it counted; the
page applies only if the filter still selects those ids.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from piccolo.query.functions.aggregate import Count

from domain import progress as figures
from domain.callers import Caller
from domain.selection import Filter
from domain.workflow import selection
from tables.initiatives import Initiative
from tables.programmes import Phase
from tables.units import Unit

PAGE_SIZES = (25, 50, 100, 200)


def pages(total: int, number: int, size: int) -> tuple[int, int]:
    """The last page of `total` rows, and page `number` kept within 1…last (an
    address past the end shows the last page)."""
    last = max(1, -(-total // size))
    return last, min(number, last)


UNIT_CHOICES = 300


@dataclass
class UnitProgress:
    unit: dict
    window: figures.Window
    target: int | None
    counts: figures.Counts
    percent: object  # Decimal | None


async def count(caller: Caller, spec: Filter) -> int:
    return await Initiative.count().where(*await selection(caller, spec))


async def page(caller: Caller, spec: Filter, offset: int, limit: int) -> list[dict]:
    """Oldest submissions first: the queue is worked from its front."""
    return await (
        Initiative.select(
            Initiative.id,
            Initiative.code,
            Initiative.title,
            Initiative.field,
            Initiative.submitted_on,
            Initiative.benefit_vnd,
            Initiative.unit.name.as_alias("unit_name"),
            Initiative.reviewing_unit.code.as_alias("reviewing_code"),
            Initiative.reviewing_unit.name.as_alias("reviewing_name"),
        )
        .where(*await selection(caller, spec))
        .order_by(Initiative.submitted_on, Initiative.id)
        .offset(offset)
        .limit(limit)
    )


async def reviewing_units(caller: Caller) -> list[dict]:
    """The units in the caller's scope that have something waiting, with how much."""
    rows = await (
        # count(*), not count(id): then the queue index answers alone.
        Initiative.select(Initiative.reviewing_unit, Count().as_alias("waiting"))
        .where(*await selection(caller, Filter()))
        .group_by(Initiative.reviewing_unit)
    )
    # The country's queue has some 800 reviewing units: the form lists those with
    # the most waiting (the branch filter reaches the others).
    rows = sorted(rows, key=lambda row: -row["waiting"])[:UNIT_CHOICES]
    waiting = {row["reviewing_unit"]: row["waiting"] for row in rows}
    if not waiting:
        return []
    units = await (
        Unit.select(Unit.id, Unit.code, Unit.name)
        .where(Unit.id.is_in(list(waiting)))
        .order_by(Unit.path)
    )
    return [{**unit, "waiting": waiting[unit["id"]]} for unit in units]


def digest(ids: list[int]) -> str:
    """A short fingerprint of a selection, to tell whether it changed since it was shown."""
    return hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:32]


async def current_window(today: date) -> figures.Window | None:
    """The phase under way today, else the last one started, else the first."""
    phase = (
        await Phase.select(Phase.code)
        .where(Phase.start_date <= today)
        .order_by(Phase.start_date, ascending=False)
        .first()
        or await Phase.select(Phase.code).order_by(Phase.start_date).first()
    )
    return await figures.find_window(phase["code"]) if phase else None


async def unit_progress(caller: Caller, phase: str | None) -> UnitProgress | None:
    """The caller's own unit (an administrator's: the root) in the phase the queue
    is filtered to, or the current one: figures as /api/progress gives them."""
    if caller.unit_code:
        unit = await figures.find_unit(caller.unit_code)
    else:
        unit = await Unit.select().where(Unit.parent.is_null()).order_by(Unit.id).first()
    window = await figures.find_window(phase) if phase else None
    if window is None:
        window = await current_window(datetime.now(figures.VIETNAM).date())
    if unit is None or window is None:
        return None
    counts = (await figures.counts([unit["id"]], window, None)).get(unit["id"], figures.Counts())
    target = (await figures.targets([unit["id"]], window)).get(unit["id"])
    return UnitProgress(unit, window, target, counts, figures.percent(counts.valid, target))
