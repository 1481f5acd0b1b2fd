"""manage.py as an operator runs it, in subprocesses against the test database."""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from piccolo.apps.user.tables import BaseUser

from domain.database import pending_migrations
from domain.tokens import user_for_token
from tables.accounts import AccountProfile
from tables.piccolo_app import TABLES
from tests.support.database import drop_database, empty_database, reset_database

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def run(query):
    async def wait():
        return await query

    return asyncio.run(wait())


@pytest.fixture
def clean():
    run(reset_database())


async def test_migrations_ran_from_empty_and_made_every_table():
    assert await pending_migrations() == 0
    for table in TABLES:
        assert await table.table_exists(), table._meta.tablename


def test_unreachable_database_stops_start_up_with_one_line():
    result = manage("serve", env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Cannot reach the database"), lines


@pytest.fixture
def spare():
    """An empty database beside the test one, dropped afterwards; its URL."""
    url = run(empty_database("spare"))
    yield url
    run(drop_database(url))


def test_pending_migrations_stop_start_up_with_one_line(spare):
    result = manage("serve", env={"DATABASE_URL": spare})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pending migration" in lines[0], lines
    assert "python manage.py migrate" in lines[0]


def test_two_migrations_at_once_on_a_fresh_database_both_succeed(spare):
    env = {**os.environ, "DATABASE_URL": spare}
    both = [
        subprocess.Popen(
            [sys.executable, "manage.py", "migrate"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    for process in both:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
    check = manage("check-figures", env={"DATABASE_URL": spare})
    assert check.returncode == 0, check.stderr


def test_plain_uvicorn_also_stops_with_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "app:app", "--port", "8799"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
            "SANGKIEN_START_WAIT": "0",  # a worker's wait for a restarting database
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert "error: Cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr


def embedded(data: Path, code: str) -> subprocess.CompletedProcess:
    """Python code in a process without DATABASE_URL, on the embedded PostgreSQL in `data`."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
             "SANGKIEN_PGDATA": str(data)},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


@pytest.mark.slow
def test_without_a_database_url_the_embedded_postgresql_serves_the_demo():
    """What `dev.py run` does on a fresh machine: a new cluster in the data folder,
    migrated, with the demo loaded; it stops when the process exits. Then what a
    killed process leaves (a pid file naming a live stranger, a user long gone)
    does not keep it from starting and stopping again, and the newest PostgreSQL
    builds the same schema as the oldest (CI's)."""
    data = Path(tempfile.mkdtemp(prefix="sk-")) / "pgdata"  # short: it holds the socket
    try:
        first = embedded(data, "import asyncio, manage; asyncio.run(manage.serve_prepare(True))")
        assert first.returncode == 0, first.stderr
        assert "Loaded the Thái Nguyên demo" in first.stdout
        assert "admin / sangkien-demo" in first.stdout
        assert (data / "PG_VERSION").exists() and not (data / "postmaster.pid").exists()

        stranger = subprocess.Popen(["sleep", "120"])
        try:
            (data / "postmaster.pid").write_text(f"{stranger.pid}\n{data}\n")
            (data / ".handle_pids.json").write_text(json.dumps([2**22 + 1]))
            second = embedded(
                data,
                "from domain.schema_dump import dump; import tables.units;"
                " print(dump() == open('db/schema.sql').read())",
            )
            assert second.returncode == 0, second.stderr
            assert second.stdout.strip().endswith("True"), second.stdout
            assert stranger.poll() is None, "the stranger was killed"
            assert not (data / "postmaster.pid").exists(), "the server did not stop"
        finally:
            stranger.kill()
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)


def test_create_admin_and_tokens(clean):
    result = manage("create-admin", "--username", "chu.tich", "--password", "mật-khẩu-rất-dài")
    assert result.returncode == 0, result.stderr
    user = run(BaseUser.select().where(BaseUser.username == "chu.tich").first())
    assert user["superuser"] and user["admin"]
    assert user["password"] != "mật-khẩu-rất-dài"  # hashed
    profile = run(AccountProfile.select().where(AccountProfile.user == user["id"]).first())
    assert profile["role"] == "admin" and profile["unit"] is None

    again = manage("create-admin", "--username", "chu.tich", "--password", "mật-khẩu-rất-dài")
    assert again.returncode == 2 and "«Tên đăng nhập»: «chu.tich» đã có" in again.stderr

    issued = manage("issue-token", "--username", "chu.tich", "--name", "báo cáo tuần")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    assert token.startswith("sk_") and len(token) > 40
    assert run(user_for_token(token)) == user["id"]
    assert run(user_for_token(token + "x")) is None

    listing = manage("list-tokens")
    assert "báo cáo tuần" in listing.stdout and "active" in listing.stdout
    assert token not in listing.stdout
    token_id = listing.stdout.split("\t")[0]
    assert manage("revoke-token", token_id).returncode == 0
    assert run(user_for_token(token)) is None
    assert "revoked" in manage("list-tokens").stdout
    assert manage("revoke-token", token_id).returncode == 2


def test_a_non_admin_account_needs_a_known_unit(clean):
    result = manage(
        "create-account", "--username", "xem.thu", "--role", "staff", "--password", "abc12345"
    )
    assert result.returncode == 2 and "«Đơn vị»: tài khoản vai trò" in result.stderr
    result = manage(
        "create-account", "--username", "xem.thu", "--role", "staff", "--unit", "NOPE",
        "--password", "abc12345",
    )  # fmt: skip
    assert result.returncode == 2 and "không có đơn vị nào có mã hoặc tên «NOPE»" in result.stderr


# Deleting an account would look its decisions up, but every decision also wrote an
# audit row whose actor restricts that deletion; an index would cost each decision a
# write (bulk approval's lean write path).
UNINDEXED = {"initiative.decided_by"}


async def test_every_foreign_key_leads_an_index():
    from domain.database import engine

    db = engine()
    missing = []
    for table in TABLES:
        name = table._meta.tablename
        rows = await db.run_ddl(
            "SELECT a.attname AS first FROM pg_index i"
            " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
            f" WHERE i.indrelid = '{name}'::regclass"
        )
        leading = {r["first"] for r in rows}
        for column in table._meta.foreign_key_columns:
            label = f"{name}.{column._meta.db_column_name}"
            if column._meta.db_column_name not in leading and label not in UNINDEXED:
                missing.append(label)
    assert missing == []


def test_check_figures_finds_and_repairs_a_difference(clean):
    from datetime import date

    from tables.units import Unit
    from tests.support.world import initiative, programme, tree

    async def world() -> None:
        ids = await tree()
        await programme()
        await initiative("X", ids["G1"], ids["D1"], submitted_on=date(2022, 3, 1))

    run(world())
    assert manage("check-figures").returncode == 0
    run(Unit.raw("UPDATE unit_figure SET pending = pending + 1"))
    broken = manage("check-figures", "--repair")
    assert broken.returncode == 1 and "difference" in broken.stdout
    assert manage("check-figures").returncode == 0
