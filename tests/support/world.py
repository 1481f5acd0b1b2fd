"""Small builders for test rows, and a way to read a refusal's message."""

from collections.abc import Awaitable
from datetime import date

from domain.violations import explain
from tables.initiatives import Author, Initiative
from tables.programmes import Phase, Programme
from tables.units import Unit


async def unit(code: str, parent: int | None = None, kind: str = "grassroots_union") -> int:
    [row] = await Unit.insert(Unit(code=code, name=f"Đơn vị {code}", kind=kind, parent=parent))
    return row["id"]


async def tree() -> dict[str, int]:
    """ROOT > P (province) > D1, D2 (districts) > G1 under D1, G2 under D2."""
    ids = {"ROOT": await unit("ROOT", kind="confederation")}
    ids["P"] = await unit("P", ids["ROOT"], "provincial_federation")
    ids["D1"] = await unit("D1", ids["P"], "district_federation")
    ids["D2"] = await unit("D2", ids["P"], "district_federation")
    ids["G1"] = await unit("G1", ids["D1"])
    ids["G2"] = await unit("G2", ids["D2"])
    return ids


async def programme(code: str = "PR") -> tuple[int, int]:
    """A programme with one phase (2022-01-08 – 2022-05-31); returns both ids."""
    [p] = await Programme.insert(Programme(code=code, name="Chương trình"))
    [ph] = await Phase.insert(
        Phase(
            programme=p["id"],
            code=f"{code}-1",
            name="Giai đoạn 1",
            start_date=date(2022, 1, 8),
            end_date=date(2022, 5, 31),
        )
    )
    return p["id"], ph["id"]


async def initiative(code: str, unit_id: int, reviewing: int, **values) -> int:
    row = {
        "code": code,
        "title": f"Sáng kiến {code}",
        "unit": unit_id,
        "reviewing_unit": reviewing,
        "status": "pending",
        "submitted_on": date(2022, 3, 1),
        "benefit_vnd": 1_000_000,
        **values,
    }
    [result] = await Initiative.insert(Initiative(**row))
    return result["id"]


async def review_world() -> dict[str, int]:
    """The tree and a programme; I0–I5 pending, sent from G1 to D1 and submitted on
    1–6 March 2022 in that order; OUT pending, sent from G2 to D2."""
    ids = await tree()
    await programme()
    for n in range(6):
        ids[f"I{n}"] = await initiative(
            f"I{n}", ids["G1"], ids["D1"], submitted_on=date(2022, 3, 1 + n)
        )
    ids["OUT"] = await initiative("OUT", ids["G2"], ids["D2"])
    return ids


async def statuses(*ids: int) -> list[str]:
    """The status of each initiative, in the order asked."""
    rows = await Initiative.select(Initiative.id, Initiative.status).where(Initiative.id.is_in(ids))
    by_id = {r["id"]: r["status"] for r in rows}
    return [by_id[i] for i in ids]


async def author(name: str = "Nguyễn Văn An") -> int:
    [row] = await Author.insert(Author(name=name))
    return row["id"]


async def refusal(write: Awaitable) -> str:
    """Await a write that the database must refuse; return the message people see."""
    try:
        await write
    except Exception as problem:  # asyncpg's integrity errors
        return explain(problem)
    raise AssertionError("the database accepted a write it should refuse")
