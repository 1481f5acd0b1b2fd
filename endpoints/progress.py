"""Phase progress over HTTP: a unit and its children, rankings, bands, a timeline
and a spreadsheet. Figures come from domain.progress; definitions in domain.md."""

from datetime import date
from typing import Annotated, Literal

import msgspec
from litestar import get
from litestar.params import Parameter

from domain import progress as figures
from domain.ranking import Level, ranked_units
from domain.timeline import timeline_points
from domain.vocabulary import Band, UnitKind
from endpoints.answers import answers
from endpoints.params import AS_OF, LIMIT, OFFSET, PHASE, UNIT, WITHIN


class UnitRef(msgspec.Struct):
    code: str
    name: str
    kind: UnitKind


class PhaseRef(msgspec.Struct):
    code: str
    name: str
    start: date
    end: date


class Row(msgspec.Struct):
    unit: UnitRef
    target: int | None
    valid: int
    pending: int
    returned: int
    rejected: int
    # one decimal; null when the unit has no target (never 0)
    percent: float | None
    band: Band
    # exact đồng as a decimal string: a sum may pass 2^53, where a JSON number stops
    # being exact in JavaScript
    benefit_vnd: str


class Progress(msgspec.Struct):
    unit: UnitRef
    phase: PhaseRef
    as_of: date | None
    target: int | None
    valid: int
    pending: int
    returned: int
    rejected: int
    percent: float | None
    band: Band
    benefit_vnd: str
    children: list[Row]


class Ranked(msgspec.Struct):
    rank: int
    row: Row


class Ranking(msgspec.Struct):
    phase: PhaseRef
    within: UnitRef
    order: str
    total: int
    limit: int
    offset: int
    items: list[Ranked]


class Bands(msgspec.Struct):
    phase: PhaseRef
    within: UnitRef
    nearly_from: int
    reached: list[Row]
    nearly: list[Row]
    below: list[Row]
    no_target: list[Row]


def unit_ref(unit: dict) -> UnitRef:
    return UnitRef(unit["code"], unit["name"], unit["kind"])


def phase_ref(window: figures.Window) -> PhaseRef:
    return PhaseRef(window.code, window.name, window.start, window.end)


def row(unit: dict, counts: figures.Counts | None, target: int | None, nearly: int = 90) -> Row:
    counts = counts or figures.Counts()
    value = figures.percent(counts.valid, target)
    return Row(
        unit=unit_ref(unit),
        target=target,
        valid=counts.valid,
        pending=counts.pending,
        returned=counts.returned,
        rejected=counts.rejected,
        percent=None if value is None else float(value),
        band=figures.band(value, nearly),
        benefit_vnd=str(counts.benefit_vnd),
    )


def progress_of(family: figures.Family) -> Progress:
    own = row(family.own.unit, family.own.counts, family.own.target)
    return Progress(
        unit=own.unit,
        phase=phase_ref(family.window),
        as_of=family.as_of,
        target=own.target,
        valid=own.valid,
        pending=own.pending,
        returned=own.returned,
        rejected=own.rejected,
        percent=own.percent,
        band=own.band,
        benefit_vnd=own.benefit_vnd,
        children=[row(kid.unit, kid.counts, kid.target) for kid in family.children],
    )


@get(
    "/api/progress",
    summary="A unit's progress against its target, with each direct child's subtree",
    responses=answers(400, 404),
)
async def get_progress(
    unit: Annotated[str, UNIT],
    phase: Annotated[str, PHASE],
    as_of: Annotated[date | None, AS_OF] = None,
) -> Progress:
    return progress_of(await figures.family(unit, phase, as_of))


@get(
    "/api/progress/ranking",
    summary="Units under a unit ranked by percent or valid count",
    responses=answers(400, 404),
)
async def get_ranking(
    phase: Annotated[str, PHASE],
    within: Annotated[str, WITHIN],
    depth: Annotated[
        int | None,
        Parameter(
            ge=1,
            le=10,
            description="Units this many levels below `within` (1: its children). "
            "Without `depth` and `kind`: 1",
        ),
    ] = None,
    kind: Annotated[
        UnitKind | None,
        Parameter(description="Units of this kind, at any depth below `within` (or at `depth`)"),
    ] = None,
    order: Annotated[
        Literal["percent", "valid"], Parameter(description="Rank by percent or by valid count")
    ] = "percent",
    limit: Annotated[int, LIMIT] = 100,
    offset: Annotated[int, OFFSET] = 0,
) -> Ranking:
    level = Level(depth=depth, kind=kind)
    unit, window = await figures.resolve(within, phase, "within")
    rows = await ranked_units(unit, window, level, order, limit, offset)
    items = [Ranked(rank=r["rank"], row=_ranked_row(r)) for r in rows]
    total = rows[0]["total"] if rows else await _total(unit, window, level, order)
    return Ranking(phase_ref(window), unit_ref(unit), order, total, limit, offset, items)


async def _total(unit: dict, window, level: Level, order: str) -> int:
    # Past the last page: ask for the first row only to learn the total.
    first = await ranked_units(unit, window, level, order, 1, 0)
    return first[0]["total"] if first else 0


def _ranked_row(r: dict, nearly: int = 90) -> Row:
    return row(r, figures.counts_of(r), r["target"], nearly)


@get(
    "/api/progress/bands",
    summary="Units under a unit grouped by attainment band",
    responses=answers(400, 404),
)
async def get_bands(
    phase: Annotated[str, PHASE],
    within: Annotated[str, WITHIN],
    depth: Annotated[int, Parameter(ge=1, le=10, description="Levels below `within`")] = 1,
    nearly: Annotated[int, Parameter(ge=1, le=99, description="«Nearly» from this %")] = 90,
) -> Bands:
    unit, window = await figures.resolve(within, phase, "within")
    rows = await ranked_units(unit, window, Level(depth=depth), "percent", 100_000, 0)
    grouped: dict[str, list[Row]] = {"reached": [], "nearly": [], "below": [], "no_target": []}
    for r in rows:
        item = _ranked_row(r, nearly)
        grouped[item.band].append(item)
    return Bands(phase_ref(window), unit_ref(unit), nearly, **grouped)


class Point(msgspec.Struct):
    start: date
    end: date
    valid: int  # approved in this interval
    cumulative: int


class Timeline(msgspec.Struct):
    unit: UnitRef
    phase: PhaseRef
    interval: str
    target: int | None
    points: list[Point]


@get(
    "/api/progress/timeline",
    summary="Cumulative valid initiatives per week or month",
    responses=answers(400, 404),
)
async def get_timeline(
    unit: Annotated[str, UNIT],
    phase: Annotated[str, PHASE],
    interval: Annotated[
        Literal["week", "month"], Parameter(description="Weeks from Monday, or months")
    ] = "week",
) -> Timeline:
    found, window = await figures.resolve(unit, phase)
    target = (await figures.targets([found["id"]], window))[found["id"]]
    points = [Point(*p) for p in await timeline_points(found, window, interval)]
    return Timeline(unit_ref(found), phase_ref(window), interval, target, points)
