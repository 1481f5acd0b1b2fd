"""The union tree: materialised paths, moves, cycles, roots and deletions."""

import pytest

from domain.violations import MESSAGES
from tables.units import Unit
from tests.support.world import initiative, refusal, tree, unit

pytestmark = pytest.mark.usefixtures("empty_db")


async def paths() -> dict[str, tuple[str, int]]:
    rows = await Unit.select(Unit.code, Unit.path, Unit.depth)
    return {r["code"]: (r["path"], r["depth"]) for r in rows}


async def test_insert_computes_path_and_depth():
    ids = await tree()
    got = await paths()
    assert got["ROOT"] == (f"/{ids['ROOT']}/", 0)
    assert got["G1"] == (f"/{ids['ROOT']}/{ids['P']}/{ids['D1']}/{ids['G1']}/", 3)


async def test_moving_a_unit_moves_its_whole_subtree():
    ids = await tree()
    grandchild = await unit("G1-X", ids["G1"])
    await Unit.update({Unit.parent: ids["D2"]}).where(Unit.id == ids["G1"])
    got = await paths()
    assert got["G1"] == (f"/{ids['ROOT']}/{ids['P']}/{ids['D2']}/{ids['G1']}/", 3)
    assert got["G1-X"] == (f"{got['G1'][0]}{grandchild}/", 4)
    # Moving up a level changes depths too.
    await Unit.update({Unit.parent: ids["P"]}).where(Unit.id == ids["G1"])
    got = await paths()
    assert got["G1"][1] == 2 and got["G1-X"][1] == 3
    assert got["G1-X"][0] == f"/{ids['ROOT']}/{ids['P']}/{ids['G1']}/{grandchild}/"
    # Siblings untouched.
    assert got["G2"][0] == f"/{ids['ROOT']}/{ids['P']}/{ids['D2']}/{ids['G2']}/"


@pytest.mark.parametrize("new_parent", ["D1", "G1"])
async def test_a_move_that_would_make_a_cycle_is_refused(new_parent):
    ids = await tree()
    before = await paths()
    message = await refusal(Unit.update({Unit.parent: ids[new_parent]}).where(Unit.id == ids["D1"]))
    assert message in (MESSAGES["unit_no_cycle"], MESSAGES["unit_not_own_parent"])
    assert await paths() == before


async def test_a_unit_cannot_be_its_own_parent():
    ids = await tree()
    message = await refusal(Unit.update({Unit.parent: ids["P"]}).where(Unit.id == ids["P"]))
    assert message in (MESSAGES["unit_no_cycle"], MESSAGES["unit_not_own_parent"])


async def test_only_one_root():
    await tree()
    message = await refusal(Unit.insert(Unit(code="ROOT2", name="Gốc khác", kind="other")))
    assert message == MESSAGES["unit_single_root"]


async def test_deleting_a_unit_with_children_is_refused():
    ids = await tree()
    message = await refusal(Unit.delete().where(Unit.id == ids["D1"]))
    assert message == MESSAGES["unit_has_children"]
    assert await Unit.count() == 6


@pytest.mark.parametrize("link", ["unit", "reviewing_unit"])
async def test_deleting_a_unit_with_initiatives_is_refused(link):
    ids = await tree()
    leaf = await unit("LEAF", ids["D1"])
    if link == "unit":
        await initiative("SK-1", leaf, ids["D1"])
    else:
        await initiative("SK-1", ids["G1"], leaf)
    message = await refusal(Unit.delete().where(Unit.id == leaf))
    assert message == MESSAGES["unit_has_initiatives"]
    assert await Unit.exists().where(Unit.id == leaf)


async def test_a_leaf_without_initiatives_can_be_deleted():
    ids = await tree()
    await Unit.delete().where(Unit.id == ids["G1"])
    assert not await Unit.exists().where(Unit.id == ids["G1"])
