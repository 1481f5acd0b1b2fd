"""A national-scale programme for benchmarks and tests, loaded with COPY.

1 confederation → `top` top-level units (provinces and central sector unions) →
`middle` middle-level units → `grassroots` grassroots unions, the programme with
its two real phases, targets for every non-grassroots unit, and `initiatives`
initiatives with realistic statuses and dates. PostgreSQL only: COPY through
asyncpg is what makes 2,000,000 rows a matter of minutes.
"""

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import asyncpg

from demo.names import SUBJECTS, VERBS, benefit_vnd
from domain import vocabulary

PHASES = [
    ("GD1", "Giai đoạn 1", date(2022, 1, 8), date(2022, 5, 31)),
    ("GD2", "Giai đoạn 2", date(2022, 6, 1), date(2023, 8, 31)),
]
STATUSES = (
    ("approved", 0.85),
    ("pending", 0.06),
    ("returned", 0.02),
    ("rejected", 0.04),
    ("draft", 0.02),
    ("withdrawn", 0.01),
)
FIELDS = tuple(vocabulary.FIELDS)
SOLUTIONS = tuple(vocabulary.SOLUTION_TYPES)
PROVINCES = 63
CHUNK = 100_000


@dataclass
class Sizes:
    top: int = 81
    middle: int = 1_600
    grassroots: int = 100_000
    initiatives: int = 2_000_000
    seed: int = 1


@dataclass
class Tree:
    top: list[int]
    middle: list[int]
    grassroots: list[int]
    parent: dict[int, int]


def _spread(children: int, parents: list[int], rng: random.Random) -> list[int]:
    """Each child's parent: every parent gets at least one, the rest unevenly."""
    weights = [rng.uniform(0.3, 1.7) for _ in parents]
    chosen = list(parents[: min(children, len(parents))])
    chosen += rng.choices(parents, weights=weights, k=children - len(chosen))
    return sorted(chosen)


def _tree(sizes: Sizes, rng: random.Random) -> tuple[Tree, list[tuple]]:
    """Unit rows (id, code, name, kind, parent, active, path, depth), parents first."""
    rows: list[tuple] = [(1, "VN", "Tổng Liên đoàn Lao động Việt Nam", "confederation",
                          None, True, "/1/", 0)]  # fmt: skip
    path = {1: "/1/"}
    parent: dict[int, int] = {}
    next_id = 2

    def add(code: str, name: str, kind: str, parent_id: int, depth: int) -> int:
        nonlocal next_id
        unit_id, next_id = next_id, next_id + 1
        path[unit_id] = f"{path[parent_id]}{unit_id}/"
        parent[unit_id] = parent_id
        rows.append((unit_id, code, name, kind, parent_id, True, path[unit_id], depth))
        return unit_id

    top = [
        add(f"T{i:03d}", f"LĐLĐ tỉnh số {i}", "provincial_federation", 1, 1)
        if i <= PROVINCES
        else add(f"T{i:03d}", f"Công đoàn ngành Trung ương số {i - PROVINCES}",
                 "central_sector_union", 1, 1)
        for i in range(1, sizes.top + 1)
    ]  # fmt: skip
    middle = [
        add(f"M{i:05d}", f"LĐLĐ huyện số {i}", "district_federation", top_id, 2)
        for i, top_id in enumerate(_spread(sizes.middle, top, rng), start=1)
    ]
    grassroots = [
        add(f"G{i:06d}", f"Công đoàn cơ sở số {i}", "grassroots_union", middle_id, 3)
        for i, middle_id in enumerate(_spread(sizes.grassroots, middle, rng), start=1)
    ]
    return Tree(top, middle, grassroots, parent), rows


def _initiatives(sizes: Sizes, tree: Tree, rng: random.Random) -> Iterator[tuple]:
    statuses, weights = zip(*STATUSES, strict=True)
    start, end = PHASES[0][2], PHASES[-1][3]
    span = (end - start).days
    for n in range(1, sizes.initiatives + 1):
        unit = rng.choice(tree.middle) if rng.random() < 0.05 else rng.choice(tree.grassroots)
        status = rng.choices(statuses, weights)[0]
        sent = None if status in ("draft", "withdrawn") else start + timedelta(rng.randrange(span))
        decided = (
            datetime(sent.year, sent.month, sent.day, 9, tzinfo=UTC)
            + timedelta(days=rng.randint(1, 30))
            if status in ("approved", "returned", "rejected")
            else None
        )
        yield (
            f"N{n:08d}",
            f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}",
            "",
            rng.choice(FIELDS),
            rng.choice(SOLUTIONS),
            unit,
            tree.parent[unit],
            sent,
            sent,
            benefit_vnd(rng),  # whole đồng: COPY takes an int for the BIGINT
            "recognition_decision",
            "",
            sent,
            "",
            "organisation",
            False,
            status,
            decided,
            None,
            "",
            decided or datetime(2022, 1, 8, tzinfo=UTC),
        )


INITIATIVE_COLUMNS = [
    "code", "title", "summary", "field", "solution_type", "unit", "reviewing_unit",
    "submitted_on", "first_applied_on", "benefit_vnd", "recognition_form", "decision_number",
    "decision_date", "issuing_body", "recognition_scope", "confidential", "status",
    "decided_at", "decided_by", "decision_note", "created_at",
]  # fmt: skip
UNIT_COLUMNS = ["id", "code", "name", "kind", "parent", "active", "path", "depth"]


async def generate(dsn: str, sizes: Sizes, log=print) -> dict[str, float]:
    """Load a national-scale programme into an empty, migrated PostgreSQL database."""
    if sizes.top < 1 or sizes.middle < sizes.top or sizes.grassroots < sizes.middle:
        raise ValueError("Sizes must grow down the tree: 1 ≤ top ≤ middle ≤ grassroots.")
    rng = random.Random(sizes.seed)
    started = time.perf_counter()
    connection = await asyncpg.connect(dsn)
    try:
        if await connection.fetchval("SELECT count(*) FROM unit"):
            raise RuntimeError("The database already has units: generate into an empty one.")
        tree, unit_rows = _tree(sizes, rng)
        async with connection.transaction():
            # Level by level: the insert trigger reads each unit's parent.
            for depth in range(4):
                level = [row for row in unit_rows if row[7] == depth]
                await connection.copy_records_to_table("unit", records=level, columns=UNIT_COLUMNS)
            await connection.execute(
                "SELECT setval(pg_get_serial_sequence('unit', 'id'), (SELECT max(id) FROM unit))"
            )
            programme = await connection.fetchval(
                "INSERT INTO programme (code, name, description)"
                " VALUES ('1TSK', 'Chương trình 1 triệu sáng kiến', '') RETURNING id"
            )
            phases = [
                await connection.fetchval(
                    "INSERT INTO phase (programme, code, name, start_date, end_date)"
                    " VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    programme,
                    *phase,
                )
                for phase in PHASES
            ]
            await connection.copy_records_to_table(
                "target",
                records=_targets(sizes, tree, phases, programme),
                columns=["unit", "phase", "programme", "quota"],
            )
        log(f"units and targets: {time.perf_counter() - started:.1f} s")
        rows = _initiatives(sizes, tree, rng)
        loaded = 0
        # The kept progress figures are built once at the end, not per chunk.
        await connection.execute("ALTER TABLE initiative DISABLE TRIGGER initiative_figures_insert")
        try:
            while loaded < sizes.initiatives:
                chunk = [row for _, row in zip(range(CHUNK), rows, strict=False)]
                await connection.copy_records_to_table(
                    "initiative", records=chunk, columns=INITIATIVE_COLUMNS
                )
                loaded += len(chunk)
                log(f"initiatives: {loaded:,} ({time.perf_counter() - started:.0f} s)")
        finally:
            await connection.execute(
                "ALTER TABLE initiative ENABLE TRIGGER initiative_figures_insert"
            )
        await connection.execute("SELECT unit_figure_rebuild()")
        log(f"progress figures: {time.perf_counter() - started:.0f} s")
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return {
        "units": 1 + sizes.top + sizes.middle + sizes.grassroots,
        "initiatives": sizes.initiatives,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _targets(sizes: Sizes, tree: Tree, phases: list[int], programme: int) -> list[tuple]:
    """Targets proportional to each unit's share of the grassroots, for every level."""
    per_grassroots = sizes.initiatives / max(len(tree.grassroots), 1)
    below: dict[int, int] = {}
    for unit in tree.grassroots:
        middle = tree.parent[unit]
        below[middle] = below.get(middle, 0) + 1
        below[tree.parent[middle]] = below.get(tree.parent[middle], 0) + 1
    below[1] = len(tree.grassroots)
    rows = []
    for unit, count in below.items():
        whole = max(1, round(count * per_grassroots * 0.8))
        rows += [
            (unit, phases[0], None, max(1, whole // 3)),
            (unit, phases[1], None, whole - whole // 3),
            (unit, None, programme, whole),
        ]
    return rows
