"""Cumulative valid initiatives of a unit's subtree per week or month of a phase.

An initiative joins the line on the Vietnamese day it was approved (it was
submitted within the window by then), so the last point equals the unit's
valid count and any point equals `/api/progress?as_of=` that point's last day.
"""

from datetime import date, timedelta

from domain.progress import Window
from tables.units import Unit

# The Vietnamese day of the decision (UTC+7 all year).
DECISION_DAY = "(i.decided_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"


async def decisions_per_day(unit: dict, window: Window) -> dict[date, int]:
    args: list = [unit["path"] + "%"]
    spans = []
    for start, end in window.spans:
        spans.append("(i.submitted_on >= {} AND i.submitted_on <= {})")
        args += [start, end]
    rows = await Unit.raw(
        f"""
        SELECT {DECISION_DAY} AS day, count(*) AS n
          FROM initiative i JOIN unit g ON g.id = i.unit
         WHERE g.path LIKE {{}} AND i.status = 'approved' AND i.decided_at IS NOT NULL
           AND ({" OR ".join(spans)})
         GROUP BY 1
        """,
        *args,
    )
    return {r["day"]: r["n"] for r in rows}


def periods(first: date, last: date, interval: str) -> list[tuple[date, date]]:
    """Weeks (Monday to Sunday) or calendar months covering first..last."""
    out = []
    if interval == "week":
        start = first - timedelta(days=first.weekday())
        while start <= last:
            out.append((start, start + timedelta(days=6)))
            start += timedelta(days=7)
    else:
        start = first.replace(day=1)
        while start <= last:
            following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
            out.append((start, following - timedelta(days=1)))
            start = following
    return out


async def timeline_points(
    unit: dict, window: Window, interval: str
) -> list[tuple[date, date, int, int]]:
    per_day = await decisions_per_day(unit, window)
    last = max([window.end, *per_day])
    points, total = [], 0
    for start, end in periods(window.start, last, interval):
        n = sum(count for day, count in per_day.items() if start <= day <= end)
        total += n
        points.append((start, end, n, total))
    return points
