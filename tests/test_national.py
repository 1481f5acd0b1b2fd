"""The national generator at a small size: the same code path as 2,000,000 rows."""

import pytest

from demo.national import Sizes, generate
from domain.database import engine
from tables.initiatives import Initiative
from tables.programmes import Target
from tables.units import Unit
from tests.support.database import reset_database

pytestmark = pytest.mark.slow  # live servers, a browser or national data


@pytest.fixture
async def national():
    await reset_database()
    sizes = Sizes(top=4, middle=9, grassroots=60, initiatives=3_000, seed=7)
    yield sizes, await generate(engine().config["dsn"], sizes, log=lambda _: None)
    await reset_database()


async def test_sizes_and_tree_shape(national):
    sizes, result = national
    assert result["units"] == await Unit.count() == 1 + 4 + 9 + 60
    assert await Initiative.count() == sizes.initiatives
    for depth, count in ((0, 1), (1, 4), (2, 9), (3, 60)):
        assert await Unit.count().where(Unit.depth == depth) == count
    # Every path is the parent's path plus the unit's id (the trigger agreed with COPY).
    units = {u["id"]: u for u in await Unit.select(Unit.id, Unit.parent, Unit.path)}
    for unit in units.values():
        above = units[unit["parent"]]["path"] if unit["parent"] else "/"
        assert unit["path"] == f"{above}{unit['id']}/"
    # Every top and middle unit has at least one unit below it.
    parents = {u["parent"] for u in units.values()}
    assert all(u["id"] in parents for u in units.values() if u["path"].count("/") <= 3)


async def test_initiatives_are_sent_to_the_direct_upper_union(national):
    rows = await Initiative.select(Initiative.unit, Initiative.reviewing_unit, Initiative.status)
    parent = {u["id"]: u["parent"] for u in await Unit.select(Unit.id, Unit.parent)}
    assert all(r["reviewing_unit"] == parent[r["unit"]] for r in rows)
    statuses = {r["status"] for r in rows}
    assert {"approved", "pending", "rejected"} <= statuses
    approved = sum(r["status"] == "approved" for r in rows) / len(rows)
    assert 0.8 < approved < 0.9


async def test_every_non_grassroots_unit_has_targets(national):
    units = await Unit.count().where(Unit.kind != "grassroots_union")
    assert await Target.count() == units * 3
    assert not await Target.exists().where(Target.quota < 1)


async def test_refuses_a_database_that_has_units(national):
    with pytest.raises(RuntimeError, match="empty"):
        await generate(engine().config["dsn"], Sizes(1, 1, 1, 1))
