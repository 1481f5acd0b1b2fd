"""Bulk approval at national scale, over HTTP against one uvicorn worker.

    .venv/bin/python bench/approvals.py postgres://…/sangkien_bench

1. An administrator approves 10,000 pending initiatives in one request (ROUNDS
   times; between rounds they are put back to pending by SQL, outside the timing),
   then the same batch's statements under EXPLAIN ANALYZE, rolled back: where
   the time goes in the database.
2. 20 managers of one province at once, each approving 500 ids drawn from the
   same 2,000 pending initiatives: every request must succeed, each initiative
   must change once, and the kept figures must equal a recount afterwards.
3. The review queue (/review) as the administrator (the whole country's queue)
   and as a manager of the province with the most pending initiatives: the first
   page, a deep page, and the confirmation of "all matching" (a dry run); and the
   senders' list (/send) of each.

Prints the data size, the median and the figures check. Leaves the database as it
found it (statuses restored, benchmark batches and audit rows removed).
"""

import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
PORT = 8767
ROUNDS = 5
BULK = 10_000
MANAGERS = 20
POOL = 2_000
EACH = 500
PAGE_ROUNDS = 20


def manage(dsn: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": dsn}, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


def token(dsn: str, username: str, role: str, unit: str | None) -> str:
    args = ["create-account", "--username", username, "--role", role, "--password", "bench-pw-1"]
    manage(dsn, *args, *(["--unit", unit] if unit else []))
    return manage(dsn, "issue-token", "--username", username, "--name", "bench", "--days", "1")


async def restore(connection, ids: list[int]) -> None:
    await connection.execute(
        "UPDATE initiative SET status = 'pending', decided_at = NULL, decided_by = NULL"
        " WHERE id = ANY($1)",
        ids,
    )
    await connection.execute(
        "DELETE FROM status_change WHERE batch IN (SELECT key FROM approval_batch)"
    )
    await connection.execute("DELETE FROM approval_batch")
    # What autovacuum does on a running server (this machine's test cluster runs
    # without it): clear the dead row versions and the trigram indexes' pending lists.
    await connection.execute("VACUUM (ANALYZE) initiative, status_change, unit_figure")


# The statements of domain.workflow._apply for an administrator's approval, run
# under EXPLAIN ANALYZE in a transaction that is rolled back, marked as the app
# marks them (a request's writer, the workflow's flag) so the write rules fire.
EXPLAINED = {
    "locking read": "SELECT id, status FROM initiative WHERE id = ANY($1) ORDER BY id FOR UPDATE",
    "audit rows": "INSERT INTO status_change (initiative, from_status, to_status, actor, at,"
    " note, batch) SELECT i, 'pending', 'approved', $2, now(), '', 'bench'"
    " FROM unnest($1::integer[]) AS i",
    "status update": "UPDATE initiative SET status = 'approved', decided_at = now(),"
    " decided_by = $2, decision_note = '' WHERE id = ANY($1)",
}


async def breakdown(connection, ids: list[int]) -> None:
    """Where one batch's time goes in the database: each statement and its
    triggers (foreign-key checks, the progress roll-up), medians of ROUNDS runs."""
    actor = await connection.fetchval(
        "SELECT id FROM piccolo_user WHERE username = 'bench.approver'"
    )
    times: dict[str, list[float]] = {}
    for _ in range(ROUNDS):
        transaction = connection.transaction()
        await transaction.start()
        try:
            await connection.execute(
                "SELECT set_config('sangkien.user', $1, true),"
                " set_config('sangkien.workflow', 'on', true)",
                str(actor),
            )
            for name, sql in EXPLAINED.items():
                args = (ids,) if name == "locking read" else (ids, actor)
                [plan] = json.loads(
                    await connection.fetchval(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", *args)
                )
                times.setdefault(name, []).append(plan["Execution Time"])
                for trigger in plan.get("Triggers", []):
                    trigger_name = trigger.get("Constraint Name", trigger["Trigger Name"])
                    label = f"{name}: {trigger_name}"
                    times.setdefault(label, []).append(trigger["Time"])
        finally:
            await transaction.rollback()
        # Nothing changed, but the rolled-back row versions stay until vacuumed.
        await connection.execute("VACUUM initiative, status_change, unit_figure")
    print("  in the database (EXPLAIN ANALYZE, rolled back), p50:")
    for name, values in times.items():
        print(f"    {name}: {statistics.median(values):.0f} ms")


async def run(dsn: str, admin: str, managers: list[str], province: str) -> None:
    connection = await asyncpg.connect(dsn)
    base = f"http://127.0.0.1:{PORT}"
    try:
        size = await connection.fetchval("SELECT count(*) FROM initiative")
        await connection.execute("VACUUM (ANALYZE) initiative, status_change, unit_figure")
        pending = [
            r["id"]
            for r in await connection.fetch(
                "SELECT id FROM initiative WHERE status = 'pending' ORDER BY id LIMIT $1", BULK
            )
        ]
        timings = []
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:
            for _ in range(ROUNDS):
                start = time.perf_counter()
                response = await client.post(
                    "/api/approvals",
                    json={"action": "approve", "ids": pending},
                    headers={"Authorization": f"Bearer {admin}"},
                )
                timings.append((time.perf_counter() - start) * 1000)
                assert response.json()["applied"] == len(pending), response.text
                await restore(connection, pending)
            settings = await connection.fetchrow(
                "SELECT current_setting('shared_buffers') AS buffers,"
                " current_setting('autovacuum') AS autovacuum"
            )
            print(
                f"data: {size:,} initiatives; {ROUNDS} rounds; shared_buffers"
                f" {settings['buffers']}, autovacuum {settings['autovacuum']}"
                " (VACUUM between rounds)"
            )
            print(
                f"  approve {len(pending):,} in one request: p50 {statistics.median(timings):.0f}"
                f" ms (min {min(timings):.0f}, max {max(timings):.0f}) — goal ≤ 1000 ms"
            )
            await breakdown(connection, pending)

            shared = [
                r["id"]
                for r in await connection.fetch(
                    "SELECT i.id FROM initiative i JOIN unit r ON r.id = i.reviewing_unit"
                    " WHERE i.status = 'pending' AND r.path LIKE"
                    " (SELECT path FROM unit WHERE code = $1) || '%' ORDER BY i.id LIMIT $2",
                    province,
                    POOL,
                )
            ]
            rng = random.Random(7)
            start = time.perf_counter()
            responses = await asyncio.gather(
                *(
                    client.post(
                        "/api/approvals",
                        json={"action": "approve", "ids": rng.sample(shared, EACH)},
                        headers={"Authorization": f"Bearer {manager}"},
                    )
                    for manager in managers
                )
            )
            elapsed = (time.perf_counter() - start) * 1000
            bodies = [r.json() for r in responses]
            errors = [r.status_code for r in responses if r.status_code != 200]
            applied = sum(b.get("applied", 0) for b in bodies)
            changed = await connection.fetchval(
                "SELECT count(*) FROM status_change WHERE batch IN (SELECT key FROM approval_batch)"
            )
            approved = await connection.fetchval(
                "SELECT count(*) FROM initiative WHERE id = ANY($1) AND status = 'approved'", shared
            )
            drift = await connection.fetchval("SELECT count(*) FROM unit_figure_drift()")
            print(
                f"  {MANAGERS} managers × {EACH} overlapping ids of {len(shared):,} at once:"
                f" {elapsed:.0f} ms; errors {len(errors)}; applied {applied:,};"
                f" audit rows {changed:,}; approved {approved:,}; figures drift {drift}"
            )
            await restore(connection, shared)
            await review_pages(client, {"administrator": admin, province: managers[0]})
    finally:
        await connection.close()


async def review_pages(client: httpx.AsyncClient, callers: dict[str, str]) -> None:
    for who, secret in callers.items():
        headers = {"Authorization": f"Bearer {secret}"}
        first = await client.get("/review", headers=headers)
        total = int(re.search(r"<strong>([\d.]+)</strong> sáng kiến chờ duyệt", first.text)[1]
                    .replace(".", ""))  # fmt: skip
        deep = max(1, total // 50 // 2)
        cases = {
            "queue page 1": ("GET", "/review", {}),
            f"queue page {deep}": ("GET", f"/review?page={deep}", {}),
            f"confirm all {total:,} (dry run)": (
                "POST", "/review/confirm", {"action": "approve", "selection": "all"},
            ),
            # The senders' list (drafts and returned ones): its partial index.
            "sending page 1": ("GET", "/send", {}),
        }  # fmt: skip
        for name, (method, path, form) in cases.items():
            timings = []
            for _ in range(PAGE_ROUNDS):
                start = time.perf_counter()
                response = await client.request(method, path, headers=headers, data=form or None)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.text[:500]
            print(f"  review, {who}: {name}: p50 {statistics.median(timings):.0f} ms")


def main() -> None:
    dsn = (sys.argv[1:] or [os.environ.get("DATABASE_URL", "")])[0]
    if not dsn.startswith("postgres"):
        raise SystemExit("Pass a PostgreSQL database filled by `manage.py generate`.")
    province = asyncio.run(_largest_province(dsn))
    admin = token(dsn, "bench.approver", "admin", None)
    managers = [token(dsn, f"bench.manager{n}", "manager", province) for n in range(MANAGERS)]
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app:app", "--port", str(PORT), "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": dsn},
    )
    try:
        for _ in range(150):
            try:
                if httpx.get(f"http://127.0.0.1:{PORT}/api/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        asyncio.run(run(dsn, admin, managers, province))
    finally:
        server.terminate()
        server.wait()


async def _largest_province(dsn: str) -> str:
    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetchval(
            "SELECT p.code FROM unit p JOIN unit g ON g.path LIKE p.path || '%'"
            " JOIN initiative i ON i.reviewing_unit = g.id"
            " WHERE p.depth = 1 AND i.status = 'pending'"
            " GROUP BY p.code ORDER BY count(*) DESC LIMIT 1"
        )
    finally:
        await connection.close()


if __name__ == "__main__":
    main()
