"""Progress endpoints at national scale, against the floors they are judged by.

    .venv/bin/python bench/progress.py postgres://…/sangkien_bench_200k postgres://…/sangkien_bench

Each argument is a PostgreSQL database filled by `manage.py generate` (e.g. with
`--initiatives 200000` and the default 2,000,000, to show the figures stay flat).
For each, one run starts one uvicorn worker on it and measures over HTTP with an
administrator's token, sequentially:

1. `GET /api/progress` for the root (its 81 children), the largest province and
   one of its districts — p50 and p99;
2. the first page of the ranking of every grassroots union, in one phase and
   over the whole programme;
3. the root's figures recounted by one hand-written SQL query over the base
   tables (the floor for counting from scratch);
4. `GET /api/me` on the same server (the framework's floor, authentication included).

It prints the data size, medians, p99 and the ratios the goals name: progress
p50 ≤ 3× the trivial endpoint, ≥ 20× faster than the recount, ranking p50 ≤ 100 ms.
"""

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench.timing
PORT = 8766
ROUNDS = 200
RECOUNTS = 15

RECOUNT = """
    SELECT split_part(g.path, '/', 3)::integer AS child,
           count(*) FILTER (WHERE i.status = 'approved') AS valid,
           count(*) FILTER (WHERE i.status = 'pending') AS pending,
           count(*) FILTER (WHERE i.status = 'returned') AS returned,
           count(*) FILTER (WHERE i.status = 'rejected') AS rejected,
           coalesce(sum(i.benefit_vnd) FILTER (WHERE i.status = 'approved'), 0) AS benefit
      FROM initiative i JOIN unit g ON g.id = i.unit
     WHERE i.submitted_on BETWEEN $1 AND $2
     GROUP BY 1
"""


async def prepare(dsn: str) -> dict:
    connection = await asyncpg.connect(dsn)
    try:
        size = await connection.fetchrow(
            "SELECT (SELECT count(*) FROM unit) AS units,"
            " (SELECT count(*) FROM initiative) AS initiatives,"
            " (SELECT code FROM phase ORDER BY start_date LIMIT 1) AS phase,"
            " (SELECT code FROM unit WHERE parent IS NULL) AS root"
        )
        province = await connection.fetchrow(
            "SELECT p.code, p.path FROM unit p JOIN unit g ON g.path LIKE p.path || '%'"
            " JOIN initiative i ON i.unit = g.id WHERE p.depth = 1"
            " GROUP BY p.code, p.path ORDER BY count(*) DESC, p.code LIMIT 1"
        )
        district = await connection.fetchval(
            "SELECT code FROM unit WHERE depth = 2 AND path LIKE $1 ORDER BY code LIMIT 1",
            province["path"] + "%",
        )
        window = await connection.fetchrow(
            "SELECT start_date, end_date FROM phase WHERE code = $1", size["phase"]
        )
        recounts = []
        for _ in range(RECOUNTS):
            start = time.perf_counter()
            await connection.fetch(RECOUNT, window["start_date"], window["end_date"])
            recounts.append((time.perf_counter() - start) * 1000)
    finally:
        await connection.close()
    return {**dict(size), "province": province["code"], "district": district, "recount": recounts}


def token(dsn: str) -> str:
    env = {**os.environ, "DATABASE_URL": dsn}
    run = [sys.executable, "manage.py"]
    subprocess.run(
        [*run, "create-account", "--username", "bench.progress", "--role", "admin",
         "--password", "bench-password-1"],
        cwd=ROOT, env=env, capture_output=True,
    )  # fmt: skip
    issued = subprocess.run(
        [*run, "issue-token", "--username", "bench.progress", "--name", "bench", "--days", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return issued.stdout.strip().split()[-1]


async def measure(paths: dict[str, str], bearer: str) -> dict[str, list[float]]:
    from bench.timing import timed

    headers = {"Authorization": f"Bearer {bearer}"}
    base = f"http://127.0.0.1:{PORT}"
    timings: dict[str, list[float]] = {}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        for name, path in paths.items():
            timings[name] = await timed(client, path, ROUNDS, warm=5)
    return timings


def p99(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.99) - 1)]


def bench(dsn: str) -> None:
    facts = asyncio.run(prepare(dsn))
    phase = facts["phase"]
    paths = {
        "trivial (/api/me)": "/api/me",
        f"progress root {facts['root']}": f"/api/progress?unit={facts['root']}&phase={phase}",
        f"progress province {facts['province']}": (
            f"/api/progress?unit={facts['province']}&phase={phase}"
        ),
        f"progress district {facts['district']}": (
            f"/api/progress?unit={facts['district']}&phase={phase}"
        ),
        "ranking, all grassroots, page 1": (
            f"/api/progress/ranking?phase={phase}&within={facts['root']}"
            "&kind=grassroots_union&limit=50"
        ),
        "ranking, whole programme, page 1": (
            f"/api/progress/ranking?phase=programme&within={facts['root']}"
            "&kind=grassroots_union&limit=50"
        ),
    }
    bearer = token(dsn)
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
        timings = asyncio.run(measure(paths, bearer))
    finally:
        server.terminate()
        server.wait()

    print(
        f"\ndata: {facts['units']:,} units, {facts['initiatives']:,} initiatives; phase {phase};"
        f" {ROUNDS} requests each over HTTP, one uvicorn worker"
    )
    for name, samples in timings.items():
        print(f"  {name:<36} p50 {statistics.median(samples):7.2f} ms   p99 {p99(samples):7.2f} ms")
    recount = statistics.median(facts["recount"])
    print(f"  {'recount of the root in SQL':<36} p50 {recount:7.2f} ms   ({RECOUNTS} runs)")
    floor = statistics.median(timings["trivial (/api/me)"])
    root = statistics.median(timings[f"progress root {facts['root']}"])
    ranking = statistics.median(timings["ranking, all grassroots, page 1"])
    print(f"  root progress / trivial endpoint: {root / floor:.2f}× (goal ≤ 3)")
    print(f"  recount / root progress: {recount / root:.1f}× (goal ≥ 20)")
    print(f"  ranking p50: {ranking:.1f} ms (goal ≤ 100)")


def main() -> None:
    dsns = sys.argv[1:] or [os.environ.get("DATABASE_URL", "")]
    if not all(dsn.startswith("postgres") for dsn in dsns):
        raise SystemExit("Pass PostgreSQL databases filled by `manage.py generate`.")
    for dsn in dsns:
        bench(dsn)


if __name__ == "__main__":
    main()
