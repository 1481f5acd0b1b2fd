"""Scoping beyond the matrix: moving one's own unit, the database's own refusals,
and the schema rule that every table is either scoped or deliberately not."""

import pytest

from domain.database import engine
from domain.violations import MESSAGES
from tables.units import Unit
from tests.support.accounts import PASSWORD, of_d1, session_for
from tests.support.world import initiative, tree

pytestmark = pytest.mark.usefixtures("empty_db")

# Tables a unit's account may not touch at all, and tables it reads whole.
OWNER_ONLY = {
    "account_profile",
    "api_token",
    "login_failure",
    "login_known_address",
    "migration",
    "db_file",
}
READ_WHOLE = {"programme", "phase", "cluster"}


@pytest.mark.parametrize("role", ["staff", "manager"])
async def test_staff_cannot_move_their_own_unit_out_of_scope(client, role):
    ids = await tree()
    user_id = await of_d1(role, ids)
    headers = await session_for(client, user_id)
    response = await client.patch(
        f"/admin/api/tables/unit/{ids['D1']}/", json={"parent": ids["D2"]}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["custom_form_error"] == MESSAGES["unit_out_of_scope"]
    # Renaming it is fine; the parent has not moved.
    response = await client.patch(
        f"/admin/api/tables/unit/{ids['D1']}/", json={"name": "Tên mới"}, headers=headers
    )
    assert response.status_code == 200
    row = await Unit.select(Unit.parent, Unit.path).where(Unit.id == ids["D1"]).first()
    assert row == {"parent": ids["P"], "path": f"/{ids['ROOT']}/{ids['P']}/{ids['D1']}/"}


async def test_the_database_itself_refuses_a_viewer_and_an_unset_scope():
    ids = await tree()
    await initiative("IN", ids["G1"], ids["D1"])
    db = engine()
    async with db.transaction() as transaction:
        connection = transaction.connection
        await connection.execute("SET LOCAL ROLE sangkien_viewer")
        # No scope set: a forgotten setting shows nothing rather than everything.
        assert await connection.fetchval("SELECT count(*) FROM unit") == 0
        assert await connection.fetchval("SELECT count(*) FROM initiative") == 0
        await connection.execute("SELECT set_config('sangkien.scope', $1, true)", "/1/2/3/")
        assert await connection.fetchval("SELECT count(*) FROM unit") == 2  # D1 and G1
        with pytest.raises(Exception, match="permission denied"):
            await connection.execute("UPDATE unit SET name = 'x'")
        await transaction.rollback()
    async with db.transaction() as transaction:
        await transaction.connection.execute("SET LOCAL ROLE sangkien_staff")
        with pytest.raises(Exception, match="permission denied"):
            await transaction.connection.execute("SELECT count(*) FROM account_profile")
        await transaction.rollback()


@pytest.mark.parametrize("role", ["viewer", "staff", "manager"])
async def test_a_read_runs_as_the_read_only_role_and_a_write_as_the_callers(role):
    """Reads run as sangkien_viewer whoever calls (one role, so PostgreSQL keeps
    its plans under row security; a read cannot write); writes as the caller's."""
    from domain.callers import Caller
    from domain.scope import run_as

    ids = await tree()
    caller = Caller(1, "x", role, ids["D1"], "D1", f"/{ids['ROOT']}/{ids['P']}/{ids['D1']}/")
    seen: dict[str, tuple] = {}

    for method in ("GET", "POST"):

        async def app(scope, receive, send):
            connection = engine().current_transaction.get().connection
            seen[scope["method"]] = (
                await connection.fetchval("SELECT current_user"),
                await connection.fetchval("SELECT count(*) FROM unit"),
            )
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b""})

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            pass

        async def refuse(send):
            raise AssertionError("refused")

        await run_as(caller, app, {"type": "http", "method": method}, receive, send, refuse)
    writer = "sangkien_viewer" if role == "viewer" else "sangkien_staff"
    assert seen == {"GET": ("sangkien_viewer", 2), "POST": (writer, 2)}  # D1 and G1


async def test_viewers_and_staff_read_the_same_rows():
    """What lets every read run as the viewer's role: both roles may read the same
    tables, and no policy names a role."""
    grants = await engine().run_ddl(
        "SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants"
        " WHERE grantee IN ('sangkien_viewer', 'sangkien_staff') AND privilege_type = 'SELECT'"
    )
    reads = {role: {g["table_name"] for g in grants if g["grantee"] == role}
             for role in ("sangkien_viewer", "sangkien_staff")}  # fmt: skip
    assert reads["sangkien_viewer"] == reads["sangkien_staff"] != set()
    roles = await engine().run_ddl("SELECT DISTINCT unnest(roles)::text AS role FROM pg_policies")
    assert {row["role"] for row in roles} == {"public"}


async def test_every_table_is_scoped_or_deliberately_not():
    """A table added later without a policy or a decision fails here."""
    tables = await engine().run_ddl(
        "SELECT relname, relrowsecurity FROM pg_class"
        " WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
    )
    grants = await engine().run_ddl(
        "SELECT DISTINCT table_name FROM information_schema.role_table_grants"
        " WHERE grantee IN ('sangkien_viewer', 'sangkien_staff')"
    )
    granted = {row["table_name"] for row in grants}
    for row in tables:
        name = row["relname"]
        if name in OWNER_ONLY:
            assert name not in granted, name
        elif name in READ_WHOLE:
            assert name in granted and not row["relrowsecurity"], name
        else:
            assert name in granted and row["relrowsecurity"], f"{name} has no scope policy"


async def test_a_unit_account_can_log_out(client):
    from piccolo_api.session_auth.tables import SessionsBase

    ids = await tree()
    user_id = await of_d1("staff", ids)
    headers = await session_for(client, user_id)
    response = await client.post("/admin/public/logout/", headers=headers)
    assert response.status_code < 400
    assert await SessionsBase.count() == 0


async def test_a_unit_account_cannot_use_the_administrators_forms(client):
    from tables.accounts import ApiToken

    ids = await tree()
    user_id = await of_d1("manager", ids)
    headers = await session_for(client, user_id)
    response = await client.post(
        "/admin/api/forms/issue-token/",
        json={"username": "manager", "name": "thử", "days": None},
        headers=headers,
    )
    assert 400 <= response.status_code < 500
    assert await ApiToken.count() == 0


async def test_a_unit_account_changes_its_own_password(client):
    from piccolo.apps.user.tables import BaseUser

    ids = await tree()
    user_id = await of_d1("viewer", ids)
    headers = await session_for(client, user_id)
    response = await client.post(
        "/admin/api/change-password/",
        json={
            "current_password": PASSWORD,
            "new_password": "mật-khẩu-mới-123",
            "confirm_new_password": "mật-khẩu-mới-123",
        },
        headers=headers,
    )
    assert response.status_code < 400, response.text
    assert await BaseUser.login("viewer", "mật-khẩu-mới-123") == user_id


@pytest.mark.parametrize("role", ["viewer", "staff", "admin"])
async def test_a_tables_schema_says_what_the_account_may_do_there(client, role):
    """No «Thêm bản ghi» where a save would be refused, and no filter whose picker
    lists accounts, which a unit's account may not read (users' trial)."""
    ids = await tree()
    await session_for(client, await of_d1(role, ids))

    async def extra(table: str) -> dict:
        response = await client.get(f"/admin/api/tables/{table}/schema/")
        assert response.status_code == 200, response.text
        return response.json()["extra"]

    phase, initiative_ = await extra("phase"), await extra("initiative")
    changes = await extra("status_change")
    if role == "admin":
        assert "read_only_for_you" not in phase and "actor" in changes["visible_filter_names"]
        assert (await extra("approval_batch"))["read_only_for_you"] is True  # the system's
        return
    assert phase["read_only_for_you"] is True and changes["read_only_for_you"] is True
    assert initiative_["read_only_for_you"] is (role == "viewer")
    assert "actor" not in changes["visible_filter_names"]
    assert "initiative" in changes["visible_filter_names"]
