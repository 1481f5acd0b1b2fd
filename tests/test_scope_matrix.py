"""Every role × every admin table operation and every endpoint × in and out of scope.

Generated from the table of cases below: one test per (role, table) runs every
operation the admin offers on that table — list, CSV-sized list with readable
names, count, foreign-key picker, filter, detail, create, edit, move out of
scope, delete — against a row in the caller's scope and one outside it, over
HTTP through the real app. The caller's unit is D1 (with G1 under it); P, D2
and G2 are outside. A decided initiative in scope (approved), its authorship and
its author are refused to every role's edit and delete, administrators' included
(db/rules/initiative_lock.sql); a pending one is edited but not deleted, a draft
(the one each role creates) is deleted.
"""

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from admin.scope import ACCOUNT_TABLES, ADMIN_KEEPS, NOT_YOURS, VIEWER
from domain import vocabulary
from domain.tokens import issue_token
from domain.violations import MESSAGES
from tables.commendations import Commendation
from tables.initiatives import Author, Authorship, Initiative, InitiativeEdit, StatusChange
from tables.programmes import Target
from tables.units import Cluster, ClusterMember
from tests.support.accounts import of_d1, session_for
from tests.support.world import author, initiative, programme, tree

pytestmark = pytest.mark.usefixtures("empty_db")

ROLES = list(vocabulary.ROLES)

World = dict[str, int]


async def build_world() -> World:
    ids = await tree()
    ids["PR"], ids["PH"] = await programme()
    [c] = await Cluster.insert(Cluster(code="C", name="Cụm thi đua"))
    ids["C"] = c["id"]
    for key, unit in (("CM_in", "G1"), ("CM_out", "G2")):
        [row] = await ClusterMember.insert(ClusterMember(cluster=ids["C"], unit=ids[unit]))
        ids[key] = row["id"]
    for key, unit in (("T_in", "G1"), ("T_out", "G2"), ("T_own", "D1")):
        [row] = await Target.insert(Target(unit=ids[unit], phase=ids["PH"], quota=10))
        ids[key] = row["id"]
    ids["I_in"] = await initiative("IN", ids["G1"], ids["D1"])
    ids["I_out"] = await initiative("OUT", ids["G2"], ids["D2"])
    # Sent to D1 from outside its subtree: visible (details masked if confidential).
    ids["I_cross"] = await initiative("CROSS", ids["G2"], ids["D1"])
    ids["I_secret"] = await initiative("SECRET", ids["G2"], ids["D1"], confidential=True)
    for key, unit in (("A_in", "G1"), ("A_out", "G2")):
        ids[key] = await author(f"Tác giả {key}")
        await Author.update({Author.unit: ids[unit]}).where(Author.id == ids[key])
    # Decided: an approved initiative of G1, with its own author.
    ids["I_dec"] = await initiative("DEC", ids["G1"], ids["D1"], status="approved")
    ids["A_dec"] = await author("Tác giả A_dec")
    await Author.update({Author.unit: ids["G1"]}).where(Author.id == ids["A_dec"])
    pairs = {"AS_in": ("I_in", "A_in"), "AS_out": ("I_out", "A_out"), "AS_dec": ("I_dec", "A_dec")}
    for key, (i, a) in pairs.items():
        [row] = await Authorship.insert(Authorship(initiative=ids[i], author=ids[a]))
        ids[key] = row["id"]
    for key, i in (("SC_in", "I_in"), ("SC_out", "I_out")):
        [row] = await StatusChange.insert(
            StatusChange(initiative=ids[i], from_status="draft", to_status="pending")
        )
        ids[key] = row["id"]
    for key, i in (("IE_in", "I_in"), ("IE_out", "I_out")):  # the edit history's
        await Initiative.update({Initiative.summary: "Đã sửa"}).where(Initiative.id == ids[i])
        [row] = await InitiativeEdit.select(InitiativeEdit.id).where(
            InitiativeEdit.initiative == ids[i]
        )
        ids[key] = row["id"]
    for key, unit in (("CO_in", "G1"), ("CO_out", "G2")):
        [row] = await Commendation.insert(Commendation(unit=ids[unit], phase=ids["PH"]))
        ids[key] = row["id"]
    return ids


@dataclass
class Case:
    table: str
    inside: str | None  # None: a table every account reads whole
    outside: str | None
    # payloads, from the world's ids
    new: Callable[[World], dict] | None = None
    new_outside: Callable[[World], dict] | None = None
    edit: Callable[[World], dict] | None = None
    move_out: Callable[[World], dict] | None = None
    # a foreign key to filter on, and the out-of-scope value for it
    filter_out: tuple[str, str] | None = None
    refusal: str = ""  # the rule the guard names for new_outside / move_out
    # a row in scope that no role may edit or delete (decided), and the rule named
    locked: str | None = None
    locked_refusal: str = ""
    # a row in scope that is edited but not deleted (sent), and the rule named
    kept: str | None = None
    kept_refusal: str = ""


CASES = [
    Case(
        "unit",
        "G1",
        "G2",
        new=lambda ids: {"code": "G1B", "name": "Đơn vị mới", "parent": ids["D1"], "kind": "other"},
        new_outside=lambda ids: {
            "code": "G2B",
            "name": "Đơn vị khác",
            "parent": ids["D2"],
            "kind": "other",
        },
        edit=lambda ids: {"name": "Tên mới"},
        move_out=lambda ids: {"parent": ids["D2"]},
        filter_out=("parent", "D2"),
        refusal="unit_out_of_scope",
    ),
    Case(
        "cluster_member",
        "CM_in",
        "CM_out",
        new=lambda ids: {"cluster": ids["C"], "unit": ids["D1"]},
        new_outside=lambda ids: {"cluster": ids["C"], "unit": ids["D2"]},
        edit=lambda ids: {"cluster": ids["C"]},
        move_out=lambda ids: {"unit": ids["D2"]},
        filter_out=("unit", "G2"),
        refusal="cluster_member_out_of_scope",
    ),
    Case(
        "target",
        "T_in",
        "T_out",
        new=lambda ids: {"unit": ids["G1"], "programme": ids["PR"], "phase": None, "quota": 5},
        # A unit's own target is set by the level above.
        new_outside=lambda ids: {
            "unit": ids["D1"],
            "programme": ids["PR"],
            "phase": None,
            "quota": 5,
        },
        edit=lambda ids: {"quota": 12},
        move_out=lambda ids: {"unit": ids["G2"]},
        filter_out=("unit", "G2"),
        refusal="target_out_of_scope",
    ),
    Case(
        "initiative",
        "I_in",
        "I_out",
        new=lambda ids: {
            "code": "NEW",
            "title": "Sáng kiến mới",
            "unit": ids["G1"],
            "reviewing_unit": ids["D1"],
            "status": "draft",
        },
        new_outside=lambda ids: {
            "code": "NEW2",
            "title": "Sáng kiến khác",
            "unit": ids["G2"],
            "reviewing_unit": ids["D1"],
            "status": "draft",
        },
        edit=lambda ids: {"title": "Tên mới"},
        move_out=lambda ids: {"unit": ids["G2"]},
        filter_out=("reviewing_unit", "D2"),
        refusal="initiative_unit_out_of_scope",
        locked="I_dec",
        locked_refusal="initiative_decided_locked",
        kept="I_in",
        kept_refusal="initiative_sent_not_deleted",
    ),
    Case(
        "author",
        "A_in",
        "A_out",
        new=lambda ids: {"name": "Tác giả mới", "unit": ids["G1"]},
        new_outside=lambda ids: {"name": "Tác giả khác", "unit": ids["G2"]},
        edit=lambda ids: {"position": "Kỹ sư"},
        move_out=lambda ids: {"unit": ids["G2"]},
        filter_out=("unit", "G2"),
        refusal="author_out_of_scope",
        locked="A_dec",
        locked_refusal="author_decided_locked",
    ),
    Case(
        "authorship",
        "AS_in",
        "AS_out",
        new=lambda ids: {"initiative": ids["I_cross"], "author": ids["A_in"], "share": 50},
        new_outside=lambda ids: {"initiative": ids["I_in"], "author": ids["A_out"], "share": 50},
        edit=lambda ids: {"share": 90},
        filter_out=("initiative", "I_out"),
        refusal="authorship_out_of_scope",
        locked="AS_dec",
        locked_refusal="authorship_decided_locked",
    ),
    Case(
        "commendation",
        "CO_in",
        "CO_out",
        new=lambda ids: {"unit": ids["D1"], "phase": ids["PH"]},
        new_outside=lambda ids: {"unit": ids["D2"], "phase": ids["PH"]},
        edit=lambda ids: {"reason": "Xuất sắc"},
        move_out=lambda ids: {"unit": ids["G2"]},
        filter_out=("unit", "G2"),
        refusal="commendation_out_of_scope",
    ),
    Case("status_change", "SC_in", "SC_out", filter_out=("initiative", "I_out")),
    Case("initiative_edit", "IE_in", "IE_out", filter_out=("initiative", "I_out")),
    Case("approval_batch", None, None),
    Case("programme", None, None),
    Case("phase", None, None),
    Case("cluster", None, None),
    *(Case(table, None, None) for table in sorted(ACCOUNT_TABLES)),
]
ADMIN_WRITES_ONLY = {
    "programme",
    "phase",
    "cluster",
    "status_change",
    "approval_batch",
    "initiative_edit",
}


async def rows(client: httpx.AsyncClient, table: str, query: str = "") -> list[dict]:
    response = await client.get(f"/admin/api/tables/{table}/?__page_size=100{query}")
    assert response.status_code == 200, response.text
    return response.json()["rows"]


async def check_reads(client, case: Case, ids: World, scoped: bool) -> None:
    base = f"/admin/api/tables/{case.table}"
    listed = {row["id"] for row in await rows(client, case.table)}
    # What the CSV export fetches: every column, foreign keys by name.
    exported = await rows(client, case.table, "&__readable=true&__page_size=1000")
    count = (await client.get(f"{base}/count/")).json()["count"]
    picker = (await client.get(f"{base}/ids/?limit=1000")).json()
    assert count == len(listed) == len(exported) == len(picker)
    if case.inside is None:
        return
    inside, outside = ids[case.inside], ids[case.outside]
    assert inside in listed and str(inside) in picker
    assert (outside not in listed and str(outside) not in picker) if scoped else outside in listed
    assert (await client.get(f"{base}/{inside}/")).status_code == 200
    assert (await client.get(f"{base}/{outside}/")).status_code == (404 if scoped else 200)
    if case.filter_out:
        column, key = case.filter_out
        filtered = await rows(client, case.table, f"&{column}={ids[key]}")
        assert (filtered == []) if scoped else filtered


async def create(client, case: Case, ids: World, payload: dict, headers) -> httpx.Response:
    defaults = (await client.get(f"/admin/api/tables/{case.table}/new/")).json()
    return await client.post(
        f"/admin/api/tables/{case.table}/", json={**defaults, **payload}, headers=headers
    )


async def check_writes(client, case: Case, ids: World, role: str, headers) -> None:
    base = f"/admin/api/tables/{case.table}"
    if role == "viewer":
        refused = VIEWER
        for response in (
            await create(client, case, ids, case.new(ids), headers),
            await client.patch(f"{base}/{ids[case.inside]}/", json=case.edit(ids), headers=headers),
            await client.delete(f"{base}/{ids[case.inside]}/", headers=headers),
        ):
            assert response.status_code == 403 and response.json()["detail"] == refused
        return
    created = await create(client, case, ids, case.new(ids), headers)
    assert created.status_code == 201, created.text
    new_id = created.json()[0]["id"]
    edited = await client.patch(f"{base}/{ids[case.inside]}/", json=case.edit(ids), headers=headers)
    assert edited.status_code == 200, edited.text
    if role != "admin":
        outside = await create(client, case, ids, case.new_outside(ids), headers)
        assert outside.status_code == 422
        assert outside.json()["custom_form_error"] == MESSAGES[case.refusal]
        if case.move_out:
            moved = await client.patch(
                f"{base}/{ids[case.inside]}/", json=case.move_out(ids), headers=headers
            )
            assert moved.status_code == 422, moved.text
            assert moved.json()["custom_form_error"] == MESSAGES[case.refusal]
        out = ids[case.outside]
        assert (
            await client.patch(f"{base}/{out}/", json=case.edit(ids), headers=headers)
        ).status_code == 404
        assert (await client.delete(f"{base}/{out}/", headers=headers)).status_code == 404
    deleted = await client.delete(f"{base}/{new_id}/", headers=headers)
    assert deleted.status_code == 204, deleted.text
    assert (await client.get(f"{base}/{new_id}/")).status_code == 404
    await check_locks(client, case, ids, headers)


async def check_locks(client, case: Case, ids: World, headers) -> None:
    """Whatever the role: a decided row is neither edited nor deleted; a sent one
    is edited (above) but not deleted."""
    base = f"/admin/api/tables/{case.table}"
    if case.locked:
        row = f"{base}/{ids[case.locked]}/"
        before = (await client.get(row)).json()
        for response in (
            await client.patch(row, json=case.edit(ids), headers=headers),
            await client.delete(row, headers=headers),
        ):
            assert response.status_code == 422, response.text
            assert response.json()["custom_form_error"] == MESSAGES[case.locked_refusal]
        assert (await client.get(row)).json() == before
    if case.kept:
        response = await client.delete(f"{base}/{ids[case.kept]}/", headers=headers)
        assert response.status_code == 422, response.text
        assert response.json()["custom_form_error"] == MESSAGES[case.kept_refusal]
        assert (await client.get(f"{base}/{ids[case.kept]}/")).status_code == 200


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.table)
@pytest.mark.parametrize("role", ROLES)
async def test_admin_table(client, role: str, case: Case):
    ids = await build_world()
    user_id = await of_d1(role, ids)
    headers = await session_for(client, user_id)
    scoped = role != "admin"
    base = f"/admin/api/tables/{case.table}"

    if scoped and case.table in ACCOUNT_TABLES:
        for response in (
            await client.get(f"{base}/"),
            await client.get(f"{base}/count/"),
            await client.get(f"{base}/ids/"),
            await client.get(f"{base}/1/"),
            await client.delete(f"{base}/1/", headers=headers),
        ):
            assert response.status_code == 403 and response.json()["detail"] == NOT_YOURS
        return

    await check_reads(client, case, ids, scoped)
    if case.table in ADMIN_WRITES_ONLY or case.table in ACCOUNT_TABLES:
        if scoped:
            response = await client.patch(f"{base}/1/", json={}, headers=headers)
            assert response.status_code == 403
            assert response.json()["detail"] == ADMIN_KEEPS
        return
    await check_writes(client, case, ids, role, headers)
    await check_reads(client, case, ids, scoped)  # nothing leaked in by the writes


@pytest.mark.parametrize("role", ROLES)
async def test_sidebar_lists_only_what_the_role_may_open(client, role: str):
    ids = await build_world()
    user_id = await of_d1(role, ids)
    await session_for(client, user_id)
    tables = await client.get("/admin/api/tables/")
    forms = await client.get("/admin/api/forms/")
    shown = set(tables.json())
    slugs = {form["slug"] for form in forms.json()}
    if role == "admin":
        assert ACCOUNT_TABLES <= shown and {"issue-token", "revoke-token"} <= slugs
    else:
        assert not ACCOUNT_TABLES & shown and "initiative" in shown
        # each role sees the forms it can use (tests/test_accounts.py: which)
        assert slugs <= {"send-initiatives", "bulk-send", "bulk-decision"}
        grouped = (await client.get("/admin/api/tables/grouped/")).json()
        listed = {t for names in grouped["grouped"].values() for t in names}
        assert listed == shown


ENDPOINTS: list[tuple[str, Callable[[World], str], Callable[[World], str] | None]] = [
    # (name, in-scope URL, out-of-scope URL)
    ("me", lambda ids: "/api/me", None),
    ("initiative", lambda ids: f"/api/initiatives/{ids['I_in']}", None),
    (
        "initiative",
        lambda ids: f"/api/initiatives/{ids['I_in']}",
        lambda ids: f"/api/initiatives/{ids['I_out']}",
    ),
    (
        "entry page",
        lambda ids: f"/initiatives/{ids['I_in']}/edit",
        lambda ids: f"/initiatives/{ids['I_out']}/edit",
    ),
    (
        "initiatives of a unit",
        lambda ids: "/api/initiatives?unit=G1",
        lambda ids: "/api/initiatives?unit=G2",
    ),
    *(
        (
            name,
            lambda ids, query=query: f"/api/progress{query.format(unit='D1')}",
            lambda ids, query=query: f"/api/progress{query.format(unit='D2')}",
        )
        for name, query in (
            ("progress", "?phase=PR-1&unit={unit}"),
            ("ranking", "/ranking?phase=PR-1&within={unit}&depth=1"),
            ("bands", "/bands?phase=PR-1&within={unit}"),
            ("timeline", "/timeline?phase=PR-1&unit={unit}"),
            ("export", "/export?phase=PR-1&unit={unit}&format=csv"),
        )
    ),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e[0])
@pytest.mark.parametrize("role", ROLES)
async def test_endpoint(client, role: str, endpoint):
    _, inside, outside = endpoint
    ids = await build_world()
    await of_d1(role, ids)
    headers = {"Authorization": f"Bearer {await issue_token(role, 'matrix', None)}"}
    scoped = role != "admin"
    response = await client.get(inside(ids), headers=headers)
    assert response.status_code == 200, response.text
    if outside:
        response = await client.get(outside(ids), headers=headers)
        assert response.status_code == (404 if scoped else 200)


@pytest.mark.parametrize("role", ROLES)
async def test_initiative_list_shows_scope_and_masks_secrets(client, role: str):
    ids = await build_world()
    user_id = await of_d1(role, ids)
    headers = {"Authorization": f"Bearer {await issue_token(role, 'matrix', None)}"}
    response = await client.get("/api/initiatives?limit=1000", headers=headers)
    page = response.json()
    by_code = {item["code"]: item for item in page["items"]}
    assert page["total"] == len(page["items"])
    if role == "admin":
        assert set(by_code) == {"IN", "OUT", "CROSS", "SECRET", "DEC"}
        assert not any(item["masked"] for item in by_code.values())
        return
    assert set(by_code) == {"IN", "CROSS", "SECRET", "DEC"}
    secret = by_code["SECRET"]
    assert secret["masked"] and secret["title"] == "Sáng kiến SECRET"
    assert secret["status"] == "pending" and secret["unit_id"] == ids["G2"]
    assert secret["benefit_vnd"] is None and secret["submitted_on"] is None
    assert by_code["IN"]["benefit_vnd"] == 1_000_000
    detail = (await client.get(f"/api/initiatives/{ids['I_secret']}", headers=headers)).json()
    assert detail["masked"] and detail["summary"] is None and detail["authors"] is None
    # The admin, which cannot mask a column, does not show it at all.
    await session_for(client, user_id)
    listed = await rows(client, "initiative")
    assert {row["code"] for row in listed} == {"IN", "CROSS", "DEC"}
