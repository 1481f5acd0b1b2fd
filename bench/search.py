"""What searching without diacritics costs at national scale (issue 14, item 6).

Run against a database filled by `manage.py generate` (PostgreSQL):

    DATABASE_URL=postgres://…/sangkien_bench .venv/bin/python bench/search.py [--reindex]

It adds two accounts (an administrator, the manager of the province with the
most initiatives), starts one uvicorn worker and times over HTTP what a search
costs the admin's initiative list (its first page and the COUNT(*) Piccolo Admin
runs beside it) and the review queue, for common and rare words typed with and
without diacritics, and the forms' initiative picker; then the unit picker for
unit words. Then it prints
the plan of each admin search (EXPLAIN ANALYZE, as the owner: which index) and,
with --reindex, how long building each search index takes (REINDEX, what the
migration's CREATE INDEX costs).
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

PORT = 8766
ROUNDS = 10
PASSWORD = "bench-password-1"
# word → what it is in generated data (demo/names.py: 128 titles of 16 subjects)
WORDS = {
    "lo hoi": "common (1 subject in 16)",
    "lò hơi": "common, with diacritics",
    "tu dong hoa van hanh lo hoi": "one title of 128",
    "Tự động hoá vận hành lò hơi": "same, with diacritics",
    "n0123456": "rare: one code",
    "khong co dau": "none",
}
# The forms' unit picker (admin/picker_search.py): word → what it is among the
# generated units («Công đoàn cơ sở số 1234», «LĐLĐ huyện số 56», G001234…).
UNIT_WORDS = {
    "cong doan co so": "common: nearly every unit",
    "ldld huyen so 15": "a few dozen",
    "g012345": "one code",
    "khong co dau": "none",
}
PICKER_LIMIT = 11  # what Piccolo Admin's picker asks: a page of 10, and one to know of more
INDEXES = (
    "initiative_title_search",
    "initiative_code_search",
    "unit_name_search",
    "unit_code_search",
    "author_name_search",
)


def admin_list(word: str) -> str:
    return (
        "/admin/api/tables/initiative/?__readable=true&__order=-id&__page_size=15&__page=1"
        f"&title={word}&title__match=contains"
    )


def admin_count(word: str) -> str:
    return f"/admin/api/tables/initiative/count/?title={word}&title__match=contains"


def review(word: str) -> str:
    return f"/review?text={word}"


def initiative_picker(word: str) -> str:
    return f"/admin/api/tables/initiative/ids/?search={word}&limit={PICKER_LIMIT}"


def unit_picker(word: str) -> str:
    return f"/admin/api/tables/unit/ids/?search={word}&limit={PICKER_LIMIT}"


COLUMNS = (admin_list, admin_count, review, initiative_picker)


async def prepare() -> tuple[dict[str, str], str]:
    from domain.accounts import create_account
    from domain.database import engine
    from tables.accounts import AccountProfile
    from tables.initiatives import Initiative
    from tables.units import Unit

    [province] = await engine().run_ddl(
        "SELECT p.code FROM unit p JOIN unit g ON g.path LIKE p.path || '%'"
        " JOIN initiative i ON i.unit = g.id WHERE p.depth = 1"
        " GROUP BY p.code ORDER BY count(*) DESC LIMIT 1"
    )
    units = {"admin": None, "province manager": province["code"]}
    users = {}
    for name, unit in units.items():
        users[name] = username = "bench.search." + name.split()[0]
        if not await AccountProfile.exists().where(AccountProfile.user.username == username):
            await create_account(username, PASSWORD, "admin" if unit is None else "manager", unit)
    size = f"{await Unit.count():,} units, {await Initiative.count():,} initiatives"
    return users, size


async def login(client: httpx.AsyncClient, username: str) -> None:
    await client.get("/admin/")
    response = await client.post(
        "/admin/public/login/",
        json={"username": username, "password": PASSWORD},
        headers={"X-CSRFToken": client.cookies["csrftoken"]},
    )
    response.raise_for_status()


async def measure(users: dict[str, str]) -> dict[tuple[str, str, str], list[float]]:
    from bench.timing import timed

    timings = {}
    for caller, username in users.items():
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}", timeout=120) as client:
            await login(client, username)
            asked = [(w, r) for w in WORDS for r in COLUMNS]
            for word, request in asked + [(w, unit_picker) for w in UNIT_WORDS]:
                samples = await timed(client, request(word), ROUNDS)
                timings[(caller, word, request.__name__)] = samples
    return timings


async def plans_and_builds(reindex: bool) -> None:
    from domain.database import engine
    from tables.initiatives import Initiative

    db = engine()
    for word in WORDS:
        plan = await Initiative.raw(
            "EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM initiative"
            " WHERE search_text(title) LIKE search_text({})",
            f"%{word}%",
        )
        lines = [row["QUERY PLAN"] for row in plan]
        used = sorted({w for line in lines for w in line.split() if w.endswith("_search")})
        total = next(line for line in lines if line.startswith("Execution Time"))
        print(f"  count «{word}»: {', '.join(used) or 'no search index'}; {total}")
    if reindex:
        for index in INDEXES:
            start = time.perf_counter()
            await db.run_ddl(f"REINDEX INDEX {index}")
            size = await db.run_ddl(f"SELECT pg_size_pretty(pg_relation_size('{index}')) AS s")
            print(f"  build {index}: {time.perf_counter() - start:.1f} s, {size[0]['s']}")


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
    print(f"data: {size}; {ROUNDS} requests each, one uvicorn worker; median / p90 ms")
    columns = [request.__name__ for request in COLUMNS]
    for caller in users:
        print(f"\n{caller}:")
        print(f"  {'search':<30}" + "".join(f"{c:>20}" for c in columns))
        for word, what in WORDS.items():
            cells = []
            for column in columns:
                samples = sorted(timings[(caller, word, column)])
                p90 = samples[int(len(samples) * 0.9) - 1]
                cells.append(f"{statistics.median(samples):8.1f} / {p90:7.1f}")
            print(f"  {word[:30]:<30}" + "".join(f"{cell:>20}" for cell in cells) + f"  {what}")
        print(f"  {'unit picker: search':<30}{'median / p90':>20}")
        for word, what in UNIT_WORDS.items():
            samples = sorted(timings[(caller, word, "unit_picker")])
            p90 = samples[int(len(samples) * 0.9) - 1]
            print(f"  {word:<30}{statistics.median(samples):8.1f} / {p90:7.1f}  {what}")
    print("\nplans (as the owner):")
    asyncio.run(plans_and_builds("--reindex" in sys.argv))


if __name__ == "__main__":
    main()
