"""Units under a unit, at a depth or of a kind, with their figures, ranked in SQL.

One query pages through any number of units (all 100,000 grassroots unions):
PostgreSQL reads the kept figures, SQLite counts from the base rows; both rank
with `rank()`, so ties share a rank.
"""

from dataclasses import dataclass

from piccolo.engine.postgres import PostgresEngine

from domain.database import engine
from domain.progress import Window
from tables.units import Unit

ORDERS = {
    "percent": "pct DESC NULLS LAST",
    "valid": "valid DESC",
}

KEPT = """
    SELECT unit, sum(valid) AS valid, sum(pending) AS pending, sum(returned) AS returned,
           sum(rejected) AS rejected, sum(benefit_vnd) AS benefit_vnd
      FROM unit_figure
     WHERE phase IN ({phases}) AND unit IN (SELECT id FROM chosen)
     GROUP BY unit
"""
COUNTED = """
    SELECT s.id AS unit,
           sum(CASE WHEN i.status = 'approved' THEN 1 ELSE 0 END) AS valid,
           sum(CASE WHEN i.status = 'pending' THEN 1 ELSE 0 END) AS pending,
           sum(CASE WHEN i.status = 'returned' THEN 1 ELSE 0 END) AS returned,
           sum(CASE WHEN i.status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
           sum(CASE WHEN i.status = 'approved' THEN coalesce(i.benefit_vnd, 0) ELSE 0 END)
               AS benefit_vnd
      FROM chosen s
      JOIN unit g ON g.path LIKE s.path || '%'
      JOIN initiative i ON i.unit = g.id
     WHERE {in_window}
     GROUP BY s.id
"""
QUERY = """
    WITH chosen AS (
        SELECT id, code, name, kind, path FROM unit
         WHERE path >= {{}} AND path < {{}} AND {level}
    ),
    figures AS ({figures}),
    programme_targets AS (
        SELECT unit, quota FROM target
         WHERE {programme} AND unit IN (SELECT id FROM chosen)
    ),
    phase_targets AS (
        SELECT unit, sum(quota) AS quota FROM target
         WHERE phase IN ({phases}) AND unit IN (SELECT id FROM chosen)
         GROUP BY unit
    ),
    ranked AS (
        SELECT c.id, c.code, c.name, c.kind,
               coalesce(pt.quota, ph.quota) AS target,
               coalesce(f.valid, 0) AS valid, coalesce(f.pending, 0) AS pending,
               coalesce(f.returned, 0) AS returned, coalesce(f.rejected, 0) AS rejected,
               coalesce(f.benefit_vnd, 0) AS benefit_vnd,
               CASE WHEN coalesce(pt.quota, ph.quota) > 0
                    THEN round(coalesce(f.valid, 0) * 100.0 / coalesce(pt.quota, ph.quota), 1)
               END AS pct
          FROM chosen c
          LEFT JOIN figures f ON f.unit = c.id
          LEFT JOIN programme_targets pt ON pt.unit = c.id
          LEFT JOIN phase_targets ph ON ph.unit = c.id
    )
    SELECT *, rank() OVER (ORDER BY {order}) AS rank, count(*) OVER () AS total
      FROM ranked
     ORDER BY {order}, code
     LIMIT {{}} OFFSET {{}}
"""


@dataclass(frozen=True)
class Level:
    """Which units under `within`: those `depth` levels below it, or of a kind."""

    depth: int | None = None
    kind: str | None = None


async def ranked_units(
    within: dict, window: Window, level: Level, order: str, limit: int, offset: int
) -> list[dict]:
    """Rows of id, code, name, kind, target, counts, pct, rank and total."""
    args: list = [within["path"], within["path"][:-1] + "0"]
    if level.depth is not None:
        level_sql = "depth = {}"
        level_args = [within["depth"] + level.depth]
    else:
        level_sql = "kind = {} AND id <> {}"
        level_args = [level.kind, within["id"]]
    phases = ", ".join(str(int(p)) for p in window.phase_ids)
    if isinstance(engine(), PostgresEngine):
        figures = KEPT.format(phases=phases)
    else:
        in_window = " OR ".join(
            f"(i.submitted_on >= '{start.isoformat()}' AND i.submitted_on <= '{end.isoformat()}')"
            for start, end in window.spans
        )
        figures = COUNTED.format(in_window=in_window)
    programme = f"programme = {int(window.programme_id)}" if window.programme_id else "1 = 0"
    sql = QUERY.format(
        level=level_sql,
        figures=figures,
        programme=programme,
        phases=phases,
        order=ORDERS[order],
    )
    return await Unit.raw(sql, *args, *level_args, limit, offset)
