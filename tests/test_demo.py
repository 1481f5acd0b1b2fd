"""The seed scenario's figures, counted straight from the tables.

The counting here is written out by hand from domain.md's definitions (unit
subtree by path, phase window inclusive, as-of on submission and decision), so
it checks the demo data, not some production code.
"""

from datetime import UTC, date, datetime, time

import pytest

from demo.thai_nguyen import EXCEEDED_PHASE_1, MIDDLE_UNITS, REACHED_PROGRAMME, load
from tables.commendations import Commendation
from tables.initiatives import Initiative
from tables.programmes import Phase, Programme, Target
from tables.units import Unit

AS_OF = date(2022, 7, 15)
END_OF_AS_OF = datetime.combine(AS_OF, time.max, tzinfo=UTC)


@pytest.fixture(scope="module")
async def demo():
    from tests.support.database import reset_database

    await reset_database()
    counts = await load()
    yield counts
    await reset_database()


async def valid(unit_code: str, start: date, end: date) -> int:
    path = (await Unit.select(Unit.path).where(Unit.code == unit_code).first())["path"]
    subtree = await Unit.select(Unit.id).where(Unit.path.like(path + "%"))
    return await Initiative.count().where(
        Initiative.unit.is_in([u["id"] for u in subtree])
        & (Initiative.status == "approved")
        & (Initiative.submitted_on >= start)
        & (Initiative.submitted_on <= min(end, AS_OF))
        & (Initiative.decided_at <= END_OF_AS_OF)
    )


async def target(unit_code: str, phase_code: str | None) -> int:
    unit_id = (await Unit.select(Unit.id).where(Unit.code == unit_code).first())["id"]
    if phase_code is None:
        where = Target.programme.is_not_null()
    else:
        phase = await Phase.select(Phase.id).where(Phase.code == phase_code).first()
        where = Target.phase == phase["id"]
    row = await Target.select(Target.quota).where((Target.unit == unit_id) & where).first()
    return row["quota"]


async def window(phase_code: str | None) -> tuple[date, date]:
    if phase_code is None:
        phases = await Phase.select(Phase.start_date, Phase.end_date)
        return min(p["start_date"] for p in phases), max(p["end_date"] for p in phases)
    p = await Phase.select(Phase.start_date, Phase.end_date).where(Phase.code == phase_code).first()
    return p["start_date"], p["end_date"]


def percent(count: int, goal: int) -> float:
    return round(count / goal * 100, 1)


async def test_province_phase_1_is_5585_valid_of_5000(demo):
    phase1 = await window("GD1")
    assert phase1 == (date(2022, 1, 8), date(2022, 5, 31))
    assert await window("GD2") == (date(2022, 6, 1), date(2023, 8, 31))
    assert await valid("TN", *phase1) == 5585
    assert await target("TN", "GD1") == 5000
    assert percent(5585, await target("TN", "GD1")) == 111.7
    assert await target("TN", "GD2") == 11000
    assert await target("TN", None) == 16000


async def test_the_articles_four_units_reach_or_nearly_reach_the_programme(demo):
    programme = await window(None)
    for m in MIDDLE_UNITS:
        share = percent(await valid(m.code, *programme), await target(m.code, None))
        assert (share >= 90) == (m.code in REACHED_PROGRAMME), (m.name, share)
    names = {m.code: m.name for m in MIDDLE_UNITS}
    assert [names[c] for c in REACHED_PROGRAMME] == [
        "LĐLĐ huyện Đồng Hỷ",
        "LĐLĐ huyện Võ Nhai",
        "LĐLĐ huyện Đại Từ",
        "Công đoàn Viên chức tỉnh Thái Nguyên",
    ]


async def test_the_articles_six_units_exceed_phase_1(demo):
    phase1 = await window("GD1")
    above = set()
    for m in MIDDLE_UNITS:
        if await valid(m.code, *phase1) >= await target(m.code, "GD1"):
            above.add(m.code)
    assert set(EXCEEDED_PHASE_1) <= above
    # The rest of the units above 100% are the four of the whole programme.
    assert above - set(EXCEEDED_PHASE_1) == set(REACHED_PROGRAMME)
    assert "TN-PY" not in above


async def test_the_scenario_has_every_status_authors_and_commendations(demo):
    from piccolo.query.functions.aggregate import Count

    statuses = {
        row["status"]: row["n"]
        for row in await Initiative.select(
            Initiative.status, Count(Initiative.id, alias="n")
        ).group_by(Initiative.status)
    }
    assert set(statuses) == {"approved", "pending", "returned", "rejected", "draft", "withdrawn"}
    assert statuses["pending"] > 100 and statuses["rejected"] > 50
    assert demo["authors"] >= demo["initiatives"]
    assert await Programme.count() == 1
    assert await Commendation.count().where(Commendation.recipient_kind == "collective") == 10
    assert await Commendation.count().where(Commendation.recipient_kind == "individual") >= 5
    # Nothing in the scenario happens after 15/07/2022.
    assert not await Initiative.exists().where(Initiative.submitted_on > AS_OF)
    assert not await Initiative.exists().where(Initiative.decided_at > END_OF_AS_OF)
    # Grassroots unions sit under the middle-level units, which sit under the province.
    assert await Unit.count().where(Unit.kind == "grassroots_union") >= 80
    assert await Unit.count().where(Unit.depth == 2) == len(MIDDLE_UNITS)


async def test_a_district_staff_account_sees_exactly_its_district(demo, client):
    """As a new user would: the login form, then the admin's lists and pickers."""
    from demo.thai_nguyen import DEMO_PASSWORD

    await client.get("/admin/")
    headers = {"X-CSRFToken": client.cookies["csrftoken"]}
    login = await client.post(
        "/admin/public/login/",
        json={"username": "donghy.nhaplieu", "password": DEMO_PASSWORD},
        headers=headers,
    )
    assert login.status_code == 200
    units = await client.get("/admin/api/tables/unit/?__page_size=1000")
    district = await Unit.select(Unit.path).where(Unit.code == "TN-DH").first()
    expected = await Unit.select(Unit.code).where(Unit.path.like(district["path"] + "%"))
    assert {row["code"] for row in units.json()["rows"]} == {row["code"] for row in expected}
    picker = (await client.get("/admin/api/tables/unit/ids/?limit=1000")).json()
    assert len(picker) == len(expected)
    subtree = [
        row["id"]
        for row in await Unit.select(Unit.id).where(Unit.path.like(district["path"] + "%"))
    ]
    mine = await Initiative.count().where(
        Initiative.unit.is_in(subtree)
        | (Initiative.reviewing_unit.is_in(subtree) & (Initiative.confidential == False))  # noqa: E712
    )
    count = (await client.get("/admin/api/tables/initiative/count/")).json()["count"]
    assert count == mine < await Initiative.count()


async def test_the_api_and_the_export_give_the_articles_figures(demo, client):
    """The seed scenario through /api/progress, its bands and its spreadsheet."""
    import csv
    import io

    from openpyxl import load_workbook

    from domain.accounts import create_account
    from domain.progress import drift
    from domain.tokens import issue_token

    await create_account("baocao", "mật-khẩu-báo-cáo", "admin")
    client.headers["Authorization"] = f"Bearer {await issue_token('baocao', 'tests')}"
    query = {"unit": "TN", "phase": "GD1", "as_of": "2022-07-15"}
    body = (await client.get("/api/progress", params=query)).json()
    assert (body["valid"], body["target"], body["percent"], body["band"]) == (
        5585,
        5000,
        111.7,
        "reached",
    )
    assert sum(child["valid"] for child in body["children"]) == 5585
    current = {"unit": "TN", "phase": "GD1"}  # the demo stops on 15/07/2022
    assert (await client.get("/api/progress", params=current)).json() == {
        **body,
        "as_of": None,
    }

    bands = (
        await client.get("/api/progress/bands", params={"phase": "programme", "within": "TN"})
    ).json()
    near = {row["unit"]["code"] for row in bands["reached"] + bands["nearly"]}
    assert near == set(REACHED_PROGRAMME)
    phase1 = (
        await client.get("/api/progress/bands", params={"phase": "GD1", "within": "TN"})
    ).json()
    assert {r["unit"]["code"] for r in phase1["reached"]} == {*EXCEEDED_PHASE_1, *REACHED_PROGRAMME}

    sheet = await client.get("/api/progress/export", params=query)
    assert sheet.status_code == 200
    assert "attachment" in sheet.headers["content-disposition"]
    book = load_workbook(io.BytesIO(sheet.content))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == ("Mã đơn vị", "Tên đơn vị", "Chỉ tiêu", "Hợp lệ")
    assert len(rows) == 1 + len(body["children"]) + 1
    assert rows[-1][2:4] == (5000, 5585) and rows[-1][7] == 111.7
    assert book.active.freeze_panes == "C3" and book.active.auto_filter.ref
    text = (await client.get("/api/progress/export", params={**query, "format": "csv"})).text
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[-1][2:4] == ["5000", "5585"] and lines[-1][7] == "111.7"
    for child, line in zip(body["children"], lines[1:-1], strict=True):
        assert (line[0], int(line[3])) == (child["unit"]["code"], child["valid"])
    assert await drift() == []
