"""Units under a unit, at a depth, of a kind or both, with their figures, ranked in SQL.

One query pages through any number of units (all 100,000 grassroots unions). For
one phase it sorts the kept figures of the units in range; a whole programme
adds up its phases' kept rows. Ties share a rank (`ranks`).
"""

from dataclasses import dataclass

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
     WHERE phase IN ({phases})
     GROUP BY unit
"""
# Plain joins over whole, indexed sets: the planner hashes them (a CTE of the
# chosen units made it guess 200 rows and loop 100,000 times). No window
# function over the whole set: the page is a top-N sort, and the ranks follow
# from one count (see `ranks`).
QUERY = """
    WITH ranked AS MATERIALIZED (
        SELECT u.id, u.code, u.name, u.kind, t.target,
               coalesce(f.valid, 0) AS valid, coalesce(f.pending, 0) AS pending,
               coalesce(f.returned, 0) AS returned, coalesce(f.rejected, 0) AS rejected,
               coalesce(f.benefit_vnd, 0) AS benefit_vnd,
               CASE WHEN t.target > 0 THEN round(coalesce(f.valid, 0) * 100.0 / t.target, 1)
               END AS pct
          FROM unit u
          LEFT JOIN ({figures}) f ON f.unit = u.id
          LEFT JOIN (
            SELECT unit,
                   coalesce(max(CASE WHEN {programme} THEN quota END),
                            sum(CASE WHEN phase IN ({phases}) THEN quota END)) AS target
              FROM target WHERE {programme} OR phase IN ({phases})
             GROUP BY unit
          ) t ON t.unit = u.id
         WHERE u.path > {{}} AND u.path < {{}} AND {level}
    ),
    page AS (SELECT * FROM ranked ORDER BY {order}, code LIMIT {{}} OFFSET {{}}),
    head AS (SELECT {key} AS first FROM page ORDER BY {order}, code LIMIT 1)
    SELECT page.*,
           (SELECT count(*) FROM ranked) AS total,
           (SELECT count(*) FROM ranked, head
             WHERE ranked.{key} > head.first
                OR (head.first IS NULL AND ranked.{key} IS NOT NULL)) AS above_first
      FROM page
     ORDER BY {order}, code
"""
KEYS = {"percent": "pct", "valid": "valid"}

# One phase on PostgreSQL: the kept rows carry code, kind, path, depth, target and
# percent. They are not indexed in rank order: an index on a counted column would
# cost every roll-up a write to each of the table's indexes (bulk approval). So a
# page is a top-N sort of the range's rows, and one more pass counts them and
# those ranked above the page. (No shared CTE: PostgreSQL would materialise
# every row of it.) The counts' one row is materialised: inlined, the planner
# (expecting the page to join a single unit) counted the range again for each
# row of the page (a province's 2,792 grassroots unions: 30 → 9 ms).
KEPT_PHASE = """
    WITH page AS (
        SELECT unit AS id, code, kind, target, valid, pending, returned, rejected,
               benefit_vnd, pct
          FROM unit_figure WHERE {where}
         ORDER BY {order}, code LIMIT {{}} OFFSET {{}}
    ),
    head AS (SELECT {key} AS first FROM page ORDER BY {order}, code LIMIT 1),
    counts AS MATERIALIZED (
        SELECT count(*) AS total,
               count(*) FILTER (WHERE {key} > (SELECT first FROM head)
                                   OR ((SELECT first FROM head) IS NULL
                                       AND {key} IS NOT NULL)) AS above_first
          FROM unit_figure WHERE {where}
    )
    SELECT page.*, u.name, counts.total, counts.above_first
      FROM page JOIN unit u ON u.id = page.id CROSS JOIN counts
     ORDER BY {order}, code
"""


def ranks(rows: list[dict], key: str, offset: int) -> list[int]:
    """Competition ranks (ties share one; the next rank skips): a row's rank is
    1 + the number of rows ranked strictly above it. Above the page's first value
    that is the counted `above_first`; further down the page, a new value has
    every earlier row above it."""
    out: list[int] = []
    for i, row in enumerate(rows):
        if i == 0 or row[key] == rows[0][key]:
            out.append(row["above_first"] + 1)
        elif row[key] == rows[i - 1][key]:
            out.append(out[-1])
        else:
            out.append(offset + i + 1)
    return out


@dataclass(frozen=True)
class Level:
    """Which units under `within`: those `depth` levels below it, those of a kind
    (at any depth), or those of a kind at that depth; neither: its children."""

    depth: int | None = None
    kind: str | None = None

    def conditions(self, within: dict, prefix: str = "") -> tuple[str, list]:
        """The condition on the unit's `depth` and `kind` columns (named with `prefix`)."""
        depth = 1 if self.depth is None and self.kind is None else self.depth
        sql, args = [], []
        if depth is not None:
            sql.append(f"{prefix}depth = {{}}")
            args.append(within["depth"] + depth)
        if self.kind is not None:
            sql.append(f"{prefix}kind = {{}}")
            args.append(self.kind)
        return " AND ".join(sql), args


async def ranked_units(
    within: dict, window: Window, level: Level, order: str, limit: int, offset: int
) -> list[dict]:
    """Rows of id, code, name, kind, target, counts, pct, rank and total."""
    # The range is the units under `within` (its own path excluded: `>` not `>=`).
    args: list = [within["path"], within["path"][:-1] + "0"]
    phases = ", ".join(str(int(p)) for p in window.phase_ids)
    if len(window.phase_ids) == 1:
        kept_level, level_args = level.conditions(within)
        where = f"phase = {phases} AND path > {{}} AND path < {{}} AND {kept_level}"
        sql = KEPT_PHASE.format(where=where, order=ORDERS[order], key=KEYS[order])
        place = [*args, *level_args]
        rows = await Unit.raw(sql, *place, limit, offset, *place)
        return _with_ranks(rows, order, offset)
    figures = KEPT.format(phases=phases)
    programme = f"programme = {int(window.programme_id)}" if window.programme_id else "1 = 0"
    level_sql, level_args = level.conditions(within, "u.")
    sql = QUERY.format(
        level=level_sql,
        figures=figures,
        programme=programme,
        phases=phases,
        order=ORDERS[order],
        key=KEYS[order],
    )
    return _with_ranks(await Unit.raw(sql, *args, *level_args, limit, offset), order, offset)


def _with_ranks(rows: list[dict], order: str, offset: int) -> list[dict]:
    for row, rank in zip(rows, ranks(rows, KEYS[order], offset), strict=True):
        row["rank"] = rank
    return rows
