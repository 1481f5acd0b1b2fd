"""Progress figures over HTTP on a small tree, both engines; on PostgreSQL every
test also checks the kept figures against a recount from the base rows."""

import asyncio
import random
from datetime import UTC, date, datetime

import pytest

from domain.accounts import create_account
from domain.database import engine
from domain.progress import drift
from domain.tokens import issue_token
from tables.initiatives import Initiative
from tables.programmes import Target
from tables.units import Unit
from tests.support.accounts import PASSWORD
from tests.support.world import initiative, programme, tree

pytestmark = pytest.mark.usefixtures("empty_db")


@pytest.fixture
async def world():
    ids = await tree()
    ids["PR"], ids["PH"] = await programme()
    for unit, quota in (("P", 10), ("D1", 4), ("G1", 2)):
        await Target.insert(Target(unit=ids[unit], phase=ids["PH"], quota=quota))
    yield ids
    assert await drift() == [], "kept figures drifted from a recount"


@pytest.fixture
async def api(client):
    await create_account("quantri", PASSWORD, "admin")
    token = await issue_token("quantri", "tests")
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def approved(on: date) -> dict:
    return {"status": "approved", "decided_at": datetime(on.year, on.month, on.day, 3, tzinfo=UTC)}


async def progress(api, unit="P", phase="PR-1", **params) -> dict:
    response = await api.get("/api/progress", params={"unit": unit, "phase": phase, **params})
    assert response.status_code == 200, response.text
    return response.json()


def child(body: dict, code: str) -> dict:
    return next(c for c in body["children"] if c["unit"]["code"] == code)


async def test_phase_window_ends_are_both_inclusive(world, api):
    days = [date(2022, 1, 7), date(2022, 1, 8), date(2022, 5, 31), date(2022, 6, 1)]
    for n, day in enumerate(days):
        await initiative(f"S{n}", world["G1"], world["D1"], submitted_on=day, **approved(day))
    body = await progress(api)
    assert body["valid"] == 2 and body["target"] == 10 and body["percent"] == 20.0
    assert body["band"] == "below" and body["benefit_vnd"] == "2000000"
    assert child(body, "D1")["valid"] == 2 and child(body, "D2")["valid"] == 0


async def test_as_of_counts_only_what_was_approved_by_then(world, api):
    await initiative("A", world["G1"], world["D1"], submitted_on=date(2022, 3, 1),
                     **approved(date(2022, 3, 10)))  # fmt: skip
    await initiative("B", world["G1"], world["D1"], submitted_on=date(2022, 3, 5),
                     **approved(date(2022, 4, 20)))  # fmt: skip
    await initiative("C", world["G1"], world["D1"], submitted_on=date(2022, 4, 1))  # pending
    before = await progress(api, as_of="2022-03-09")
    assert (before["valid"], before["pending"], before["as_of"]) == (0, 0, "2022-03-09")
    middle = await progress(api, as_of="2022-03-10")
    assert middle["valid"] == 1
    after = await progress(api, as_of="2022-04-20")
    assert (after["valid"], after["pending"]) == (2, 1)
    assert (await progress(api))["valid"] == 2


async def test_no_target_means_no_percent_and_empty_units_count_zero(world, api):
    body = await progress(api)
    assert body["valid"] == 0 and body["percent"] == 0.0
    d2 = child(body, "D2")
    assert d2["target"] is None and d2["percent"] is None and d2["band"] == "no_target"
    assert d2["valid"] == d2["pending"] == d2["rejected"] == 0 and d2["benefit_vnd"] == "0"


async def test_figures_follow_a_rerouted_initiative_and_a_moved_unit(world, api):
    day = date(2022, 3, 1)
    moved = await initiative("M", world["G1"], world["D1"], submitted_on=day, **approved(day))
    await initiative("N", world["G2"], world["D2"], submitted_on=day, **approved(day))
    body = await progress(api)
    assert (child(body, "D1")["valid"], child(body, "D2")["valid"]) == (1, 1)
    await Initiative.update({Initiative.unit: world["G2"]}).where(Initiative.id == moved)
    body = await progress(api)
    assert (child(body, "D1")["valid"], child(body, "D2")["valid"]) == (0, 2)
    await Unit.update({Unit.parent: world["D1"]}).where(Unit.id == world["G2"])
    body = await progress(api)
    assert (child(body, "D1")["valid"], child(body, "D2")["valid"]) == (2, 0)
    assert body["valid"] == 2


async def test_a_rejected_initiative_approved_again_counts_once(world, api):
    day = date(2022, 3, 1)
    rid = await initiative("R", world["G1"], world["D1"], submitted_on=day, status="rejected")
    assert (await progress(api))["rejected"] == 1
    await Initiative.update({Initiative.status: "approved"}).where(Initiative.id == rid)
    body = await progress(api)
    assert (body["valid"], body["rejected"]) == (1, 0)


async def test_ranking_bands_and_timeline(world, api):
    day = date(2022, 3, 1)
    for n in range(4):
        await initiative(f"D1-{n}", world["G1"], world["D1"], submitted_on=day, **approved(day))
    await Target.insert(Target(unit=world["D2"], phase=world["PH"], quota=4))
    ranking = (
        await api.get("/api/progress/ranking", params={"phase": "PR-1", "within": "P", "depth": 1})
    ).json()
    assert ranking["total"] == 2
    assert [
        (i["rank"], i["row"]["unit"]["code"], i["row"]["percent"]) for i in ranking["items"]
    ] == [
        (1, "D1", 100.0),
        (2, "D2", 0.0),
    ]
    ties = (
        await api.get(
            "/api/progress/ranking",
            params={"phase": "PR-1", "within": "P", "kind": "grassroots_union", "order": "valid"},
        )
    ).json()
    assert [(i["rank"], i["row"]["unit"]["code"]) for i in ties["items"]] == [(1, "G1"), (2, "G2")]
    # Neither depth nor kind: the children, as depth=1; both: units of that kind at that depth.
    children = await api.get("/api/progress/ranking", params={"phase": "PR-1", "within": "P"})
    assert children.json()["items"] == ranking["items"]
    for depth, codes in ((2, ["G1", "G2"]), (1, [])):
        both = await api.get(
            "/api/progress/ranking",
            params={"phase": "PR-1", "within": "P", "kind": "grassroots_union", "depth": depth},
        )
        assert [i["row"]["unit"]["code"] for i in both.json()["items"]] == codes
    bands = (await api.get("/api/progress/bands", params={"phase": "PR-1", "within": "P"})).json()
    assert [r["unit"]["code"] for r in bands["reached"]] == ["D1"]
    assert [r["unit"]["code"] for r in bands["below"]] == ["D2"]
    timeline = (
        await api.get(
            "/api/progress/timeline", params={"unit": "P", "phase": "PR-1", "interval": "month"}
        )
    ).json()
    assert [p["start"] for p in timeline["points"]][:2] == ["2022-01-01", "2022-02-01"]
    assert timeline["points"][-1]["cumulative"] == 4 and timeline["target"] == 10


@pytest.mark.parametrize(
    ("path", "params", "status", "names"),
    [
        ("/api/progress", {"unit": "NOPE", "phase": "PR-1"}, 404, "unit"),
        ("/api/progress", {"unit": "P", "phase": "NOPE"}, 404, "phase"),
        ("/api/progress", {"unit": "P", "phase": "PR-1", "as_of": "2022-02-30"}, 400, "as_of"),
        ("/api/progress/ranking", {"phase": "PR-1", "within": "P", "depth": 0}, 400, "depth"),
        (
            "/api/progress/ranking",
            {"phase": "PR-1", "within": "P", "depth": 1, "limit": 1001},
            400,
            "limit",
        ),  # fmt: skip
        ("/api/progress/export", {"unit": "P", "phase": "PR-1", "format": "pdf"}, 400, "format"),
    ],
)
async def test_bad_input_names_the_parameter(world, api, path, params, status, names):
    response = await api.get(path, params=params)
    assert response.status_code == status
    assert names in response.text


async def test_a_unit_outside_the_callers_scope_is_not_found(world, client):
    await create_account("huyen", PASSWORD, "viewer", "D1")
    client.headers["Authorization"] = f"Bearer {await issue_token('huyen', 'tests')}"
    inside = await client.get("/api/progress", params={"unit": "D1", "phase": "PR-1"})
    assert inside.status_code == 200 and inside.json()["target"] == 4
    outside = await client.get("/api/progress", params={"unit": "D2", "phase": "PR-1"})
    assert outside.status_code == 404


async def test_a_scoped_callers_kept_figures_agree_with_a_recount(world, client):
    """`/api/progress` today reads the kept rows (db/figures/family.sql, as the
    caller, one plan for every call); with `as_of` it counts the base rows. For a
    province's account both agree on every unit of its scope, children included,
    also after a unit moved to another parent (its kept rows follow its path)."""
    day = date(2022, 3, 1)
    await initiative("A", world["G1"], world["D1"], submitted_on=day, **approved(day))
    await initiative("B", world["G2"], world["D2"], submitted_on=day, **approved(day))
    await initiative("C", world["G2"], world["D2"], submitted_on=day)  # pending
    await create_account("tinh", PASSWORD, "viewer", "P")
    client.headers["Authorization"] = f"Bearer {await issue_token('tinh', 'tests')}"
    today = datetime.now(UTC).date().isoformat()
    for moved in (False, True):
        if moved:
            await Unit.update({Unit.parent: world["D1"]}).where(Unit.id == world["G2"])
        for code in ("P", "D1", "D2", "G1", "G2"):
            kept = await progress(client, unit=code)
            counted = await progress(client, unit=code, as_of=today)
            assert kept["as_of"] is None and counted["as_of"] == today
            assert {**kept, "as_of": today} == counted, (code, moved)
        kids = [c["unit"]["code"] for c in (await progress(client, unit="D1"))["children"]]
        assert kids == (["G1", "G2"] if moved else ["G1"])
    assert child(await progress(client, unit="D1"), "G2")["valid"] == 1
    stale = await Unit.raw(
        "SELECT f.unit FROM unit_figure f JOIN unit u ON u.id = f.unit"
        " WHERE (f.path, f.depth) IS DISTINCT FROM (u.path, u.depth)"
    )
    assert stale == []  # the moved unit's rows follow it (the policy reads their path)
    # Its old district's account no longer sees its rows nor ranks it; its new one does.
    for district, sees in (("D2", False), ("D1", True)):
        await create_account(f"xem.{district}", PASSWORD, "viewer", district)
        token = await issue_token(f"xem.{district}", "tests")
        client.headers["Authorization"] = f"Bearer {token}"
        ranking = await client.get(
            "/api/progress/ranking", params={"within": district, "phase": "PR-1"}
        )
        assert ranking.status_code == 200, ranking.text
        ranked = [item["row"]["unit"]["code"] for item in ranking.json()["items"]]
        assert ("G2" in ranked) is sees, (district, ranked)
        async with engine().transaction() as transaction:
            connection = transaction.connection
            await connection.execute(
                "SELECT set_config('sangkien.scope', path, true), set_config('role',"
                " 'sangkien_viewer', true) FROM unit WHERE code = $1",
                district,
            )
            seen = await connection.fetchval(
                "SELECT count(*) FROM unit_figure WHERE unit = $1", world["G2"]
            )
            assert (seen > 0) is sees, (district, seen)


async def test_kept_figures_survive_concurrent_writers(world):
    """Several connections approve, reject, re-route and move units at once."""
    import asyncpg

    from tests.support.database import TEST_URL

    day = date(2022, 3, 1)
    ids = [
        await initiative(f"C{n}", world["G1" if n % 2 else "G2"], world["D1"], submitted_on=day)
        for n in range(200)
    ]

    async def writer(seed: int) -> None:
        rng = random.Random(seed)
        connection = await asyncpg.connect(TEST_URL)
        try:
            for _ in range(15):
                chosen = rng.sample(ids, 20)
                await _retrying(connection, rng, chosen)
        finally:
            await connection.close()

    async def _retrying(connection, rng, chosen) -> None:
        for _ in range(5):  # as a client would, should the database pick it as a deadlock victim
            try:
                async with connection.transaction():
                    action = rng.choice(["approve", "reject", "reroute", "move"])
                    if action == "move":
                        parent = world[rng.choice(["D1", "D2"])]
                        await connection.execute(
                            "UPDATE unit SET parent = $1 WHERE id = $2", parent, world["G2"]
                        )
                    elif action == "reroute":
                        unit = world[rng.choice(["G1", "G2", "D1"])]
                        await connection.execute(
                            "UPDATE initiative SET unit = $1 WHERE id = ANY($2)", unit, chosen
                        )
                    else:
                        status = "approved" if action == "approve" else "rejected"
                        await connection.execute(
                            "UPDATE initiative SET status = $1 WHERE id = ANY($2)", status, chosen
                        )
                return
            except asyncpg.DeadlockDetectedError:
                continue

    await asyncio.gather(*(writer(seed) for seed in range(6)))
    assert await drift() == []


async def test_the_drift_check_finds_a_broken_figure(world):
    day = date(2022, 3, 1)
    await initiative("X", world["G1"], world["D1"], submitted_on=day, **approved(day))
    assert await drift() == []
    await engine().run_ddl(f"UPDATE unit_figure SET valid = valid + 1 WHERE unit = {world['D1']}")
    assert [row["unit"] for row in await drift()] == [world["D1"]]
    await engine().run_ddl("SELECT unit_figure_rebuild()")
    assert await drift() == []
    # A row that describes its unit otherwise (the policy and the reads use its
    # path) is drift too, named by column; the rebuild describes it again.
    await engine().run_ddl(
        f"UPDATE unit_figure SET path = '/0/', target = 99 WHERE unit = {world['G1']}"
    )
    found = await drift()
    assert {(row["unit"], tuple(row["stale"])) for row in found} == {
        (world["G1"], ("path", "target"))
    }
    # Applying db/figures/describe.sql again (as `migrate` does when it changes)
    # repairs rows a move left behind before its trigger was mended.
    from domain.db_files import DB

    await engine().run_ddl(f"UPDATE unit_figure SET path = '/0/' WHERE unit = {world['G1']}")
    async with engine().transaction() as transaction:
        sql = (DB / "figures" / "describe.sql").read_text(encoding="utf-8")
        await transaction.connection.execute(sql)
    assert [tuple(row["stale"]) for row in await drift()] == [("target",)]  # path mended
    await engine().run_ddl("SELECT unit_figure_rebuild()")


def test_percent_is_valid_over_target_to_one_decimal_half_up():
    """Exact integers, as the Decimal definition of domain.md: × 100, one decimal,
    half up; no target (None, 0) means no percent."""
    from decimal import ROUND_HALF_UP, Decimal

    from domain.progress import percent

    def reference(valid: int, target: int) -> Decimal:
        return (Decimal(valid) * 100 / Decimal(target)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    for valid, target, shown in ((1, 8, "12.5"), (1, 16, "6.3"), (1, 2000, "0.1"),
                                 (2, 3, "66.7"), (5585, 5000, "111.7"), (0, 7, "0.0")):  # fmt: skip
        assert str(percent(valid, target)) == shown
    for target in range(1, 301):
        for valid in range(0, 301):
            assert str(percent(valid, target)) == str(reference(valid, target)), (valid, target)
    assert percent(5, None) is None and percent(5, 0) is None


def test_ties_share_a_rank_across_pages():
    from domain.ranking import ranks

    def page(keys, above_first):
        return [{"pct": k, "above_first": above_first} for k in keys]

    assert ranks(page([10, 10, 8, 8, 5], 0), "pct", 0) == [1, 1, 3, 3, 5]
    # The next page starts inside the tie at 5 (4 rows rank above any 5).
    assert ranks(page([5, 5, 2, None, None], 4), "pct", 5) == [5, 5, 8, 9, 9]
    assert ranks(page([None, None], 7), "pct", 10) == [8, 8]


async def test_the_progress_endpoints_are_in_the_openapi_schema(world, api):
    schema = (await api.get("/schema/openapi.json")).json()
    for path in ("", "/ranking", "/bands", "/timeline", "/export"):
        operation = schema["paths"][f"/api/progress{path}"]["get"]
        assert "404" in operation["responses"], path
    progress = schema["paths"]["/api/progress"]["get"]
    unit = next(p for p in progress["parameters"] if p["name"] == "unit")
    assert unit["required"] and unit["examples"]
    assert "Progress" in str(progress["responses"]["200"])
