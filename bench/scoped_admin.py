"""What row-level scoping costs the admin and the API at national scale.

Run against a database filled by `manage.py generate` (PostgreSQL):

    DATABASE_URL=postgres://…/sangkien_bench .venv/bin/python bench/scoped_admin.py

It adds three accounts (an administrator, a province's staff, a district's staff
under that province; the largest province by initiatives), starts one uvicorn
worker, and times over HTTP the requests the admin's initiative page makes
(first list page with readable names, its COUNT(*)), the unit picker, and
`/api/initiatives`. Prints the data size, medians and p95 per caller.
"""

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PORT = 8765
ROUNDS = 30
PASSWORD = "bench-password-1"
REQUESTS = {
    "initiative list page": "/admin/api/tables/initiative/?__readable=true&__order=-id"
    "&__page_size=15&__page=1",
    "initiative count": "/admin/api/tables/initiative/count/",
    "unit picker": "/admin/api/tables/unit/ids/?limit=6&search=C",
    "api list": "/api/initiatives?limit=15",
}


async def prepare() -> tuple[dict[str, str], str]:
    from domain.accounts import create_account
    from domain.database import engine
    from tables.accounts import AccountProfile
    from tables.initiatives import Initiative
    from tables.units import Unit

    db = engine()
    [province] = await db.run_ddl(
        "SELECT p.code, p.path FROM unit p JOIN unit g ON g.path LIKE p.path || '%'"
        " JOIN initiative i ON i.unit = g.id WHERE p.depth = 1"
        " GROUP BY p.code, p.path ORDER BY count(*) DESC LIMIT 1"
    )
    district = await (
        Unit.select(Unit.code)
        .where((Unit.depth == 2) & Unit.path.like(province["path"] + "%"))
        .first()
    )
    units = {"admin": None, "province": province["code"], "district": district["code"]}
    for name, unit in units.items():
        username = f"bench.{name}"
        if not await AccountProfile.exists().where(AccountProfile.user.username == username):
            role = "admin" if unit is None else "staff"
            await create_account(username, PASSWORD, role, unit)
    size = f"{await Unit.count():,} units, {await Initiative.count():,} initiatives"
    return {name: f"bench.{name}" for name in units}, size


async def login(client: httpx.AsyncClient, username: str) -> None:
    await client.get("/admin/")
    response = await client.post(
        "/admin/public/login/",
        json={"username": username, "password": PASSWORD},
        headers={"X-CSRFToken": client.cookies["csrftoken"]},
    )
    response.raise_for_status()


async def measure(users: dict[str, str]) -> dict[tuple[str, str], list[float]]:
    from bench.timing import timed

    timings: dict[tuple[str, str], list[float]] = {}
    for caller, username in users.items():
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}", timeout=60) as client:
            await login(client, username)
            for name, path in REQUESTS.items():
                timings[(caller, name)] = await timed(client, path, ROUNDS)
    return timings


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database filled by `manage.py generate`")
    users, size = asyncio.run(prepare())
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app:app", "--port", str(PORT), "--log-level", "warning"],
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{PORT}/api/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        timings = asyncio.run(measure(users))
    finally:
        server.terminate()
        server.wait()
    print(f"data: {size}; {ROUNDS} requests each, one uvicorn worker")
    print(f"{'request':<22}" + "".join(f"{caller:>22}" for caller in users))
    for name in REQUESTS:
        cells = []
        for caller in users:
            samples = sorted(timings[(caller, name)])
            p95 = samples[int(len(samples) * 0.95) - 1]
            cells.append(f"{statistics.median(samples):8.1f} / {p95:7.1f} ms")
        print(f"{name:<22}" + "".join(f"{cell:>22}" for cell in cells))
    print("(median / p95)")


if __name__ == "__main__":
    main()
