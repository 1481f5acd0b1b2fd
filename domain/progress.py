"""Progress figures exactly as ../shared/domain.md defines them.

- valid: status approved; counted for the initiative's unit and every ancestor;
  in phase P when submitted within P's window (both ends inclusive); the whole
  programme is the union of its phases.
- as of D: submitted on or before D, and (for valid) approved on or before D,
  days being Vietnamese calendar days (UTC+7). Pending, returned and rejected
  are today's statuses of the initiatives submitted by D (history is not replayed).
- target: the unit's own row; for the programme its programme row, else the sum
  of its phase rows; no target → no percent (None), never 0.
- percent: valid / target × 100 to one decimal, half up; bands: reached ≥ 100,
  nearly ≥ `nearly` (90), below, no_target.

Current figures come from the kept `unit_figure` rows (one small indexed read,
whatever the data size; db/figures/ keeps them); an `as_of` date counts from the
base rows with the same definitions.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from asyncpg import Record
from piccolo.query.functions.aggregate import Sum
from piccolo.querystring import QueryString

from domain.database import engine
from domain.errors import NotFound
from domain.shown import VIETNAM
from tables.programmes import Phase, Programme, Target
from tables.progress import UnitFigure
from tables.units import Unit

STATUSES = ("valid", "pending", "returned", "rejected")
WHOLE_PROGRAMME = "programme"
Row = Mapping | Record  # Piccolo's rows are dicts, asyncpg's Records


@dataclass(frozen=True)
class Window:
    """A phase, or a whole programme (the union of its phases)."""

    code: str
    name: str
    start: date
    end: date
    phase_ids: tuple[int, ...]
    spans: tuple[tuple[date, date], ...]
    programme_id: int | None = None  # set for a whole programme


@dataclass
class Counts:
    valid: int = 0
    pending: int = 0
    returned: int = 0
    rejected: int = 0
    # Whole đồng, exact: a Python int (PostgreSQL sums BIGINTs as NUMERIC; the kept
    # figures hold NUMERIC(22,0)), which no JSON or spreadsheet shows with an exponent.
    benefit_vnd: int = 0


def percent(valid: int, target: int | None) -> Decimal | None:
    if target is None or target <= 0:  # as the kept rows' pct (db/figures/)
        return None
    # valid / target × 100 to one decimal, half up, in exact integers
    tenths, rest = divmod(valid * 1000, target)
    if 2 * rest >= target:
        tenths += 1
    return Decimal(tenths).scaleb(-1)


def band(value: Decimal | None, nearly: int = 90) -> str:
    if value is None:
        return "no_target"
    if value >= 100:
        return "reached"
    return "nearly" if value >= nearly else "below"


def _same_code(table: type[Phase] | type[Programme], code: str) -> QueryString:
    return QueryString("lower({}) = lower({})", table.code, code)


async def find_window(code: str) -> Window | None:
    """A phase by its code; a programme by its code, or `programme` when there is one;
    codes in any case, as they are unique (the *_code_any_case indexes serve it)."""
    phase = await Phase.select().where(_same_code(Phase, code)).first()
    if phase is not None:
        span = (phase["start_date"], phase["end_date"])
        return Window(phase["code"], phase["name"], *span, (phase["id"],), (span,))
    if code == WHOLE_PROGRAMME:
        programmes = await Programme.select().limit(2)
        programme = programmes[0] if len(programmes) == 1 else None
    else:
        programme = await Programme.select().where(_same_code(Programme, code)).first()
    if programme is None:
        return None
    phases = await (
        Phase.select().where(Phase.programme == programme["id"]).order_by(Phase.start_date)
    )
    if not phases:
        return None
    spans = tuple((p["start_date"], p["end_date"]) for p in phases)
    return Window(
        programme["code"],
        programme["name"],
        spans[0][0],
        max(end for _, end in spans),
        tuple(p["id"] for p in phases),
        spans,
        programme["id"],
    )


async def find_unit(code: str) -> dict | None:
    """The unit, if it exists and is in the caller's scope (the database filters)."""
    return await (
        Unit.select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.path, Unit.depth)
        .where(Unit.code == code)
        .first()
    )


async def unit_named(code: str, name: str = "unit") -> dict:
    """The unit by code in the caller's scope, or NotFound naming the parameter
    `name` that asked for it (outside the scope reads as unknown)."""
    unit = await find_unit(code)
    if unit is None:
        raise NotFound(f"Tham số «{name}»: không có đơn vị mã «{code}» trong phạm vi của bạn.")
    return unit


async def children(unit_id: int) -> list[dict]:
    return await (
        Unit.select(Unit.id, Unit.code, Unit.name, Unit.kind)
        .where(Unit.parent == unit_id)
        .order_by(Unit.code)
    )


# The usual request, a unit in one phase today (db/figures/family.sql); in code
# order, the unit's own row among its children's.
KEPT_FAMILY = "SELECT * FROM unit_family($1, $2) ORDER BY code"


async def counts(unit_ids: list[int], window: Window, as_of: date | None) -> dict[int, Counts]:
    """Each unit's subtree counts in the window (as of a day, if given)."""
    if not unit_ids:
        return {}
    if as_of is None:
        return await _kept(unit_ids, window)
    return await recount(unit_ids, window, as_of)


async def _kept(unit_ids: list[int], window: Window) -> dict[int, Counts]:
    rows = await (
        UnitFigure.select(
            UnitFigure.unit,
            *(Sum(getattr(UnitFigure, name), alias=name) for name in STATUSES),
            Sum(UnitFigure.benefit_vnd, alias="benefit_vnd"),
        )
        .where(UnitFigure.unit.is_in(unit_ids) & UnitFigure.phase.is_in(list(window.phase_ids)))
        .group_by(UnitFigure.unit)
    )
    return {row["unit"]: counts_of(row) for row in rows}


def per_status(approved: str = "i.status = 'approved'") -> str:
    """The counted columns over initiatives `i`, as domain.md defines them."""
    return f"""
        sum(CASE WHEN {approved} THEN 1 ELSE 0 END) AS valid,
        sum(CASE WHEN i.status = 'pending' THEN 1 ELSE 0 END) AS pending,
        sum(CASE WHEN i.status = 'returned' THEN 1 ELSE 0 END) AS returned,
        sum(CASE WHEN i.status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
        sum(CASE WHEN {approved} THEN coalesce(i.benefit_vnd, 0) ELSE 0 END) AS benefit_vnd"""


async def recount(unit_ids: list[int], window: Window, as_of: date | None) -> dict[int, Counts]:
    """The same figures counted from the base rows (the reference definition)."""
    spans = window.spans
    approved, cutoff = "i.status = 'approved'", []
    if as_of is not None:
        approved += " AND i.decided_at < {}"
        cutoff = [day_end(as_of)]
        spans = tuple((start, min(end, as_of)) for start, end in spans if start <= as_of)
    if not spans:
        return {}
    in_window = " OR ".join("(i.submitted_on >= {} AND i.submitted_on <= {})" for _ in spans)
    units = ", ".join("{}" for _ in unit_ids)
    sql = f"""
        SELECT c.id AS unit, {per_status(approved)}
          FROM unit c
          JOIN unit g ON g.path LIKE c.path || '%'
          JOIN initiative i ON i.unit = g.id
         WHERE c.id IN ({units}) AND ({in_window})
         GROUP BY c.id
    """
    # in the order of the placeholders above
    args = [*cutoff, *cutoff, *unit_ids, *(day for span in spans for day in span)]
    rows = await Unit.raw(sql, *args)
    return {row["unit"]: counts_of(row) for row in rows}


def day_end(day: date) -> datetime:
    """The first instant after the Vietnamese calendar day, in UTC."""
    if day == date.max:  # no day follows: every instant comes before its end
        return datetime.max.replace(tzinfo=UTC)
    return datetime.combine(day + timedelta(days=1), time(), VIETNAM).astimezone(UTC)


def counts_of(row: Row) -> Counts:
    benefit = row["benefit_vnd"]
    return Counts(
        row["valid"] or 0,
        row["pending"] or 0,
        row["returned"] or 0,
        row["rejected"] or 0,
        benefit_vnd=0 if benefit is None else int(benefit),
    )


async def targets(unit_ids: list[int], window: Window) -> dict[int, int | None]:
    """Each unit's own target: its phase row; for a programme, its programme row
    or else the sum of its phase rows."""
    if not unit_ids:
        return {}
    found: dict[int, int | None] = {}
    if window.programme_id is not None:
        rows = await Target.select(Target.unit, Target.quota).where(
            Target.unit.is_in(unit_ids) & (Target.programme == window.programme_id)
        )
        found = {row["unit"]: row["quota"] for row in rows}
    rows = await Target.select(Target.unit, Target.quota).where(
        Target.unit.is_in(unit_ids) & Target.phase.is_in(list(window.phase_ids))
    )
    summed: dict[int, int] = {}
    for row in rows:
        summed[row["unit"]] = summed.get(row["unit"], 0) + row["quota"]
    return {unit_id: found.get(unit_id, summed.get(unit_id)) for unit_id in unit_ids}


async def drift() -> list[dict]:
    """Kept figures that disagree with a recount from the base rows (PostgreSQL)."""
    return await Unit.raw("SELECT * FROM unit_figure_drift()")


@dataclass
class Figures:
    """One unit's figures in a window: its subtree's counts against its own target."""

    unit: Row  # id, code, name, kind
    counts: Counts
    target: int | None


@dataclass
class Family:
    """A unit and each direct child, in one window (as of a day, if given)."""

    window: Window
    as_of: date | None
    own: Figures
    children: list[Figures]


async def resolve(unit_code: str, phase_code: str, name: str = "unit") -> tuple[dict, Window]:
    """The unit (in the caller's scope) and the phase or programme asked for by code;
    `name` is the request parameter that named the unit."""
    unit = await unit_named(unit_code, name)
    window = await find_window(phase_code)
    if window is None:
        raise NotFound(f"Tham số «phase»: không có giai đoạn hay chương trình mã «{phase_code}».")
    return unit, window


async def family(unit_code: str, phase_code: str, as_of: date | None) -> Family:
    """The figures of `/api/progress` and of its spreadsheet."""
    if as_of is None and (kept := await engine().fetch(KEPT_FAMILY, phase_code, unit_code)):
        # The usual request, a unit in one phase today: one read
        # (db/figures/family.sql) instead of the unit, the phase and the kept rows.
        first = kept[0]
        span = (first["start_date"], first["end_date"])
        window = Window(phase_code, first["phase_name"], *span, (first["phase_id"],), (span,))
        own, kids = None, []
        for r in kept:
            figures = Figures(r, counts_of(r), r["target"])
            if r["own"]:
                own = figures
            else:
                kids.append(figures)
        assert own is not None  # the unit's own row comes with its children
        return Family(window, as_of, own, kids)
    unit, window = await resolve(unit_code, phase_code)
    kids = await children(unit["id"])
    ids = [unit["id"], *(kid["id"] for kid in kids)]
    found = await counts(ids, window, as_of)
    aims = await targets(ids, window)

    def figures_of(of: dict) -> Figures:
        return Figures(of, found.get(of["id"]) or Counts(), aims[of["id"]])

    return Family(window, as_of, figures_of(unit), [figures_of(kid) for kid in kids])
