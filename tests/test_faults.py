"""The app across database faults (issue 12, item 1), on a throw-away cluster
(tests/support/cluster.py) it stops, crashes and restarts: mid-batch and under
load. Each time, during the outage the API answers 503 with Retry-After (never
500); nothing is half-applied (audit rows = transitions, kept figures = a
recount); requests succeed again within a second of the database accepting
connections, without restarting the app; the pool is whole again; and the app
shuts down within 10 s.
"""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx
import pytest
from piccolo_api.session_auth.tables import SessionsBase

from domain.database import POOL_SIZE, engine, migrate
from tests.support.accounts import account, token_for
from tests.support.cluster import Cluster
from tests.support.database import reset_database
from tests.support.http import http_client
from tests.support.live import free_port
from tests.support.world import programme, tree

pytestmark = pytest.mark.slow  # its own PostgreSQL cluster

ROOT = Path(__file__).resolve().parent.parent
PROGRESS = "/api/progress?unit=D1&phase=PR-1"
PENDING = 20_000  # a batch long enough to be cut in the middle


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    try:
        cluster.start()
        asyncio.run(_create_database(cluster))
        yield cluster
    finally:
        cluster.remove()


async def _create_database(cluster: Cluster) -> None:
    connection = await asyncpg.connect(cluster.url())
    await connection.execute("CREATE DATABASE sangkien")
    await connection.close()


@pytest.fixture
async def world(cluster):
    """The app's engine on the cluster: migrated, a small tree, PENDING initiatives
    sent from G1 to D1, and an administrator's token."""
    db = engine()
    saved = db.config["dsn"]
    db.config["dsn"] = cluster.url("sangkien")
    try:
        await migrate()
        await reset_database()
        ids = await tree()
        await programme()
        await db.run_ddl(
            "INSERT INTO initiative (code, title, unit, reviewing_unit, status, submitted_on,"
            " benefit_vnd, confidential, field)"
            f" SELECT 'F' || n, 'Sáng kiến ' || n, {ids['G1']}, {ids['D1']}, 'pending',"
            f" DATE '2022-03-01', 1000000, false, 'industry' FROM generate_series(1, {PENDING}) n"
        )
        await account("quantri", "admin")
        ids["headers"] = await token_for("quantri")
        yield ids
    finally:
        db.config["dsn"] = saved


async def _backends(cluster: Cluster) -> list[int]:
    """The app's sessions on the cluster that are running a statement."""
    connection = await asyncpg.connect(cluster.url())
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = 'sangkien'"
            " AND state = 'active' AND pid <> pg_backend_pid()"
        )
        return [row["pid"] for row in rows]
    finally:
        await connection.close()


async def _when_busy(cluster: Cluster) -> None:
    """Returns once the app's batch has written (its transaction has an id)."""
    deadline = time.monotonic() + 30
    connection = await asyncpg.connect(cluster.url())
    try:
        while not await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'sangkien'"
            " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        ):
            assert time.monotonic() < deadline, "the batch never wrote"
            await asyncio.sleep(0.005)
    finally:
        await connection.close()


async def _consistent(cluster: Cluster) -> tuple[int, int]:
    """Initiatives approved and audit rows: equal, and the kept figures = a recount.
    On a connection of its own: the app's pool is what is under test."""
    connection = await asyncpg.connect(cluster.url("sangkien"))
    try:
        approved = await connection.fetchval(
            "SELECT count(*) FROM initiative WHERE status = 'approved'"
        )
        audited = await connection.fetchval("SELECT count(*) FROM status_change")
        drift = await connection.fetchval("SELECT count(*) FROM unit_figure_drift()")
    finally:
        await connection.close()
    assert approved in (0, PENDING), f"half-applied: {approved} of {PENDING} approved"
    assert audited == approved
    assert drift == 0
    return approved, audited


async def _pool_is_whole() -> None:
    """Every connection of the pool can be taken at once: none was kept by a fault."""
    pool = engine().pool
    held = [await pool.acquire(timeout=2) for _ in range(POOL_SIZE)]
    for connection in held:
        await pool.release(connection)


async def _first_success(client: httpx.AsyncClient, headers: dict) -> float:
    """Seconds until `GET /api/progress` answers 200 again."""
    started = time.monotonic()
    while (await client.get(PROGRESS, headers=headers)).status_code != 200:
        assert time.monotonic() - started < 10, "no success 10 s after the restart"
        await asyncio.sleep(0.05)
    return time.monotonic() - started


BATCH = {"action": "approve", "filter": {"reviewing_unit": "D1"}, "note": "Đồng ý"}


@pytest.mark.parametrize("fault", ["terminate", "immediate stop"])
async def test_a_batch_cut_by_a_fault_is_all_or_nothing_and_can_be_retried(cluster, world, fault):
    headers = {**world["headers"], "Idempotency-Key": f"faults-{fault}"}
    async with http_client() as client:
        batch = asyncio.create_task(client.post("/api/approvals", json=BATCH, headers=headers))
        await _when_busy(cluster)
        if fault == "terminate":
            connection = await asyncpg.connect(cluster.url())
            await connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = 'sangkien' AND pid <> pg_backend_pid()"
            )
            await connection.close()
        else:
            cluster.stop("immediate")
        answer = await batch
        assert answer.status_code == 503, answer.text
        assert answer.headers["Retry-After"] == "5"
        assert "thử lại" in answer.json()["detail"]
        if fault != "terminate":
            during = await client.get(PROGRESS, headers=headers)
            assert during.status_code == 503, during.text
            cluster.start()
            assert await _first_success(client, headers) < 1.0
        assert await _consistent(cluster) == (0, 0)
        await _pool_is_whole()

        again = await client.post("/api/approvals", json=BATCH, headers=headers)
        assert again.status_code == 200, again.text
        assert again.json()["applied"] == PENDING
        assert await _consistent(cluster) == (PENDING, PENDING)
        started = time.monotonic()
    assert time.monotonic() - started < 10  # the lifespan closed the pool


LOAD = [
    PROGRESS,
    "/api/me",
    "/api/initiatives?unit=D1",
    "/api/progress/ranking?within=ROOT&phase=PR-1&depth=2",
]


async def _load(client: httpx.AsyncClient, headers: dict, stop: asyncio.Event) -> list[int]:
    statuses = []
    while not stop.is_set():
        for path in LOAD:
            answer = await client.get(path, headers=headers)
            assert answer.status_code in (200, 503), (path, answer.status_code, answer.text)
            statuses.append(answer.status_code)
    return statuses


async def test_a_restart_under_load_answers_503_then_recovers(cluster, world):
    headers = world["headers"]
    async with http_client() as client:
        stop = asyncio.Event()
        users = [asyncio.create_task(_load(client, headers, stop)) for _ in range(10)]
        await asyncio.sleep(0.5)
        cluster.stop("fast")
        await asyncio.sleep(1.0)
        cluster.start()
        recovered = await _first_success(client, headers)
        await asyncio.sleep(0.5)
        stop.set()
        statuses = [status for user in users for status in await user]
        assert statuses.count(503) > 0 and statuses[-1] == 200
        # Ten readers share the CPU with this probe (and on a busy machine, with
        # more): the 1 s bound is checked where the probe runs alone, above and below.
        assert recovered < 3.0
        await _pool_is_whole()
        started = time.monotonic()
    assert time.monotonic() - started < 10


def test_a_served_app_survives_a_crash_and_shuts_down_in_time(cluster, world):
    """uvicorn as deployed, two workers: a backend killed (the server restarts
    every session to recover) and a fast restart; then SIGTERM ends it within 10 s."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": cluster.url("sangkien")}
    log = cluster.data.parent / f"{cluster.data.name}-app.log"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=world["headers"]) as web:
            _wait_until(lambda: _status(web, "/api/health") == 200)
            assert _status(web, PROGRESS) == 200
            killed = asyncio.run(_kill_a_backend(cluster, web))
            assert killed
            cluster.stop("fast")
            assert _status(web, PROGRESS) == 503
            cluster.start()
            restarted = time.monotonic()
            _wait_until(lambda: _status(web, PROGRESS) == 200)
            assert time.monotonic() - restarted < 1.0
            for _ in range(40):  # both workers, every pooled connection renewed
                assert _status(web, "/api/initiatives?limit=5") == 200
        stopping = time.monotonic()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
        assert time.monotonic() - stopping < 10
        assert "Exception in ASGI application" not in log.read_text()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        print(log.read_text()[-3000:])  # shown if the test failed
        log.unlink()


async def _kill_a_backend(cluster: Cluster, web: httpx.Client) -> bool:
    """SIGKILL one of the app's sessions: PostgreSQL then ends every session and
    recovers, as after a crash."""
    connection = await asyncpg.connect(cluster.url())
    pids = await connection.fetch(
        "SELECT pid FROM pg_stat_activity WHERE datname = 'sangkien' AND pid <> pg_backend_pid()"
    )
    await connection.close()
    if not pids:
        return False
    os.kill(pids[0]["pid"], signal.SIGKILL)
    _wait_until(lambda: _status(web, PROGRESS) == 200)
    return True


def _status(web: httpx.Client, path: str) -> int:
    try:
        return web.get(path, timeout=10).status_code
    except httpx.TransportError:
        return 0


def _wait_until(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


async def test_each_surface_answers_503_in_words_while_the_database_is_away(cluster, world):
    user = await account("lanhdao", "manager", world["D1"])
    session = await SessionsBase.create_session(user)
    async with http_client() as client:
        client.cookies.set("id", session.token)
        await client.get("/admin/")
        csrf = {"X-CSRFToken": client.cookies["csrftoken"]}
        cluster.stop("fast")
        try:
            api = await client.get(PROGRESS, headers=world["headers"])
            page = await client.get("/review")
            admin = await client.get("/admin/api/tables/initiative/")
            admin_page = await client.get("/admin/")
            edit = await client.patch(
                "/admin/api/tables/initiative/1/", json={"title": "Mới"}, headers=csrf
            )
        finally:
            cluster.start()
        for answer in (api, page, admin, admin_page):
            assert answer.status_code == 503, answer.text
            assert answer.headers["Retry-After"] == "5"
            assert "thử lại" in answer.text
        assert "<html" in page.text.lower() and "<html" in admin_page.text.lower()
        # The admin shows a form's error when it is a 422 with custom_form_error.
        assert edit.status_code == 422 and "thử lại" in edit.json()["custom_form_error"]
        assert (await client.get("/review")).status_code == 200
