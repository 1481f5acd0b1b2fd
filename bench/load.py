"""Many users at once against `manage.py serve --workers 2`, at national scale.

    .venv/bin/python bench/load.py postgres://…/sangkien_load [--users 30,100] [--seconds 60]

The database is one filled by `manage.py generate`. The benchmark adds accounts
of the three provinces with the most initiatives (a manager, a staff and a
viewer of each province; a manager and a viewer of two districts of each, whose
queues hold the most), issues their tokens, and starts `manage.py serve
--workers 2` on a free port, the load generator running on the same machine.

At each user count, every user is a closed loop (no think time) over one
account's weighted mix (ROLE_MIX): `/api/progress` of its unit and of a child,
a ranking within its unit, `/api/initiatives` filtered (a child or its unit,
often pending only), `/api/me` (the trivial authenticated endpoint), and for
managers the review page and small approval batches (`POST /api/approvals` of
BATCH pending ids of their scope, each with an Idempotency-Key; one in RETRY is
sent twice, and the retry must answer the first batch). After a warm-up, it
measures for `--seconds`; then the same users only on `/api/progress` and only
on `/api/me`, for the throughput ratio.

Prints the data size, per request class the throughput, p50/p95/p99 and errors
(count and the first messages), next to the goals (reads p95 ≤ 300 ms at 30
users, no errors, progress throughput ≥ 50 % of `/api/me`'s); then the audit
check (one status-change row per transition the batches reported) and the kept
figures' drift (`unit_figure_drift()`, what `manage.py check-figures` runs),
which must be 0. Finally puts the initiatives it decided back to pending and
removes its batches and audit rows, so that runs compare.
"""

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 5  # seconds before each measured run
BATCH = 5  # ids per approval batch
RETRY = 10  # one batch in RETRY is sent again with its key
PASSWORD = "load-bench-password-1"
READS = ("me", "progress", "child progress", "ranking", "list", "review")
# Weights of each request class per role (a manager also reviews and decides).
ROLE_MIX = {
    "viewer": {"me": 15, "progress": 20, "child progress": 20, "ranking": 15, "list": 30},
    "staff": {"me": 15, "progress": 20, "child progress": 20, "ranking": 15, "list": 30},
    "manager": {
        "me": 10,
        "progress": 15,
        "child progress": 15,
        "ranking": 10,
        "list": 20,
        "review": 10,
        "approve": 20,
    },
}
ONLY_PROGRESS = {"progress": 1, "child progress": 1}
ONLY_ME = {"me": 1}


@dataclass
class Account:
    username: str
    role: str
    unit: str
    children: list[str]
    token: str = ""
    pending: list[int] = field(default_factory=list)  # ids in its queue, taken in turn


@dataclass
class Sample:
    name: str
    ms: float
    status: int
    error: str = ""


@dataclass
class Batches:
    """What the approvals answered: applied per batch, and the retries' checks."""

    applied: dict[str, int] = field(default_factory=dict)
    ids: set[int] = field(default_factory=set)
    retries: int = 0
    retries_same: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def prepare(dsn: str) -> tuple[dict, list[Account]]:
    """The data's size, the phase, and the bench's accounts (created once) with
    tokens and the pending ids each manager may decide."""
    connection = await asyncpg.connect(dsn)
    try:
        size = await connection.fetchrow(
            "SELECT (SELECT count(*) FROM unit) AS units,"
            " (SELECT count(*) FROM initiative) AS initiatives,"
            " (SELECT count(*) FROM initiative WHERE status = 'pending') AS pending,"
            " pg_size_pretty(pg_database_size(current_database())) AS size,"
            " current_setting('shared_buffers') AS shared_buffers,"
            " current_setting('max_connections') AS max_connections,"
            " (SELECT code FROM phase ORDER BY start_date DESC LIMIT 1) AS phase"
        )
        provinces = await connection.fetch(
            "SELECT p.id, p.code, p.path FROM unit p JOIN unit g ON g.path LIKE p.path || '%'"
            " JOIN initiative i ON i.unit = g.id WHERE p.depth = 1"
            " GROUP BY p.id ORDER BY count(*) DESC, p.code LIMIT 3"
        )
        accounts = []
        for province in provinces:
            districts = await connection.fetch(
                "SELECT d.code, d.path FROM unit d JOIN unit r ON r.path LIKE d.path || '%'"
                " JOIN initiative i ON i.reviewing_unit = r.id AND i.status = 'pending'"
                " WHERE d.parent = $1 GROUP BY d.id ORDER BY count(*) DESC, d.code LIMIT 2",
                province["id"],
            )
            kids = [d["code"] for d in districts]
            code = province["code"]
            for role in ("manager", "staff", "viewer"):
                accounts.append(Account(f"load.{role}.{code}", role, code, kids))
            for district in districts:
                grandchildren = [
                    r["code"]
                    for r in await connection.fetch(
                        "SELECT code FROM unit WHERE parent = (SELECT id FROM unit WHERE code = $1)"
                        " ORDER BY code LIMIT 5",
                        district["code"],
                    )
                ]
                for role in ("manager", "viewer"):
                    accounts.append(
                        Account(f"load.{role}.{district['code']}", role, district["code"],
                                grandchildren)
                    )  # fmt: skip
        for account in accounts:
            if account.role == "manager":
                # Oldest first, as managers work their queue; a province's manager
                # and its districts' share some, as managers of one branch do.
                account.pending = [
                    r["id"]
                    for r in await connection.fetch(
                        "SELECT i.id FROM initiative i JOIN unit r ON r.id = i.reviewing_unit"
                        " WHERE i.status = 'pending' AND r.path LIKE"
                        " (SELECT path FROM unit WHERE code = $1) || '%'"
                        " ORDER BY i.submitted_on, i.id LIMIT 20000",
                        account.unit,
                    )
                ]
    finally:
        await connection.close()
    await create_accounts(dsn, accounts)
    return dict(size), accounts


async def create_accounts(dsn: str, accounts: list[Account]) -> None:
    """Each account once (the app's own function), and a new token for this run."""
    os.environ["DATABASE_URL"] = dsn
    sys.path.insert(0, str(ROOT))
    from piccolo.apps.user.tables import BaseUser

    from domain.accounts import create_account
    from domain.tokens import issue_token

    for account in accounts:
        if not await BaseUser.exists().where(BaseUser.username == account.username):
            await create_account(account.username, PASSWORD, account.role, account.unit)
        account.token = await issue_token(account.username, "bench/load.py", 1)


def start_server(dsn: str, port: int, workers: int) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "serve", "--workers", str(workers), "--port", str(port)]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": dsn},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its workers are stopped with it, as a group
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
                # Every worker answers: a few more health checks reach both.
                for _ in range(10):
                    httpx.get(f"http://127.0.0.1:{port}/api/health")
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read().decode()[-2000:]}")
    stop_server(server)
    raise SystemExit("the server did not answer within 90 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class User:
    """One person at the keyboard without pause: the next request as soon as the
    last one answered."""

    def __init__(self, account: Account, phase: str, mix: dict[str, int], seed: int):
        self.account = account
        self.phase = phase
        self.names = list(mix)
        self.weights = list(mix.values())
        self.rng = random.Random(seed)

    def request(self, name: str) -> tuple[str, str, dict | None, dict]:
        a, phase, rng = self.account, self.phase, self.rng
        child = rng.choice(a.children) if a.children else a.unit
        if name == "me":
            return "GET", "/api/me", None, {}
        if name == "progress":
            return "GET", f"/api/progress?unit={a.unit}&phase={phase}", None, {}
        if name == "child progress":
            return "GET", f"/api/progress?unit={child}&phase={phase}", None, {}
        if name == "ranking":
            if rng.random() < 0.5:
                query = f"within={a.unit}&depth=1&order=percent&limit=20"
            else:
                query = f"within={a.unit}&kind=grassroots_union&order=valid&limit=20"
            return "GET", f"/api/progress/ranking?phase={phase}&{query}", None, {}
        if name == "list":
            unit = child if rng.random() < 0.7 else a.unit
            status = "&status=pending" if rng.random() < 0.5 else ""
            return "GET", f"/api/initiatives?unit={unit}{status}&limit=20", None, {}
        if name == "review":
            return "GET", "/review?size=25", None, {}
        if name == "approve":
            ids, a.pending[:BATCH] = a.pending[:BATCH], []
            key = {"Idempotency-Key": f"load-{uuid.uuid4()}"}
            return "POST", "/api/approvals", {"action": "approve", "ids": ids}, key
        raise ValueError(name)

    async def run(
        self, base: str, start: float, end: float, samples: list[Sample], batches: Batches
    ) -> None:
        headers = {"Authorization": f"Bearer {self.account.token}"}
        # One keep-alive connection per user, as a browser or script holds one.
        connector = aiohttp.TCPConnector(limit=1)
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(
            base, headers=headers, connector=connector, timeout=timeout
        ) as client:
            while (now := time.monotonic()) < end:
                name = self.rng.choices(self.names, self.weights)[0]
                if name == "approve" and len(self.account.pending) < BATCH:
                    name = "me"  # this manager's queue is worked through
                method, path, body, extra = self.request(name)
                began = time.perf_counter()
                answer = None
                try:
                    async with client.request(method, path, json=body, headers=extra) as response:
                        status, text = response.status, await response.text()
                    error = "" if status == 200 else f"{status} {method} {path}: {text[:200]}"
                    if name == "approve" and status == 200:
                        answer = json.loads(text)
                except (aiohttp.ClientError, TimeoutError) as problem:
                    status, error = 0, f"{type(problem).__name__} {method} {path}: {problem}"
                ms = (time.perf_counter() - began) * 1000
                if answer is not None:
                    batches.applied[answer["batch"]] = answer["applied"]
                    batches.ids.update(body["ids"])
                    if self.rng.randrange(RETRY) == 0:
                        async with client.request(method, path, json=body, headers=extra) as again:
                            retried = await again.json()
                        batches.retries += 1
                        batches.retries_same += retried.get("batch") == answer["batch"]
                if now >= start:
                    samples.append(Sample(name, ms, status, error))


async def load(
    base: str, accounts: list[Account], phase: str, users: int, seconds: float, only=None
) -> tuple[list[Sample], Batches, float]:
    """`users` users over the accounts in turn, for WARM_UP + `seconds`; the samples
    of requests started after the warm-up, and the load generator's CPU share."""
    batches = Batches()
    samples: list[Sample] = []
    crowd = [
        User(accounts[n % len(accounts)], phase, only or ROLE_MIX[accounts[n % len(accounts)].role],
             seed=n)
        for n in range(users)
    ]  # fmt: skip
    start = time.monotonic() + WARM_UP
    end = start + seconds
    cpu = time.process_time()
    began = time.monotonic()
    await asyncio.gather(*(user.run(base, start, end, samples, batches) for user in crowd))
    share = (time.process_time() - cpu) / (time.monotonic() - began)
    return samples, batches, share


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def percentiles(values: list[float]) -> tuple[float, float]:
    return percentile(values, 95), percentile(values, 99)


def report(title: str, samples: list[Sample], seconds: float, cpu: float) -> dict:
    print(f"\n  {title} ({seconds:.0f} s measured; load generator used {cpu:.0%} of one core)")
    heads = ("requests", "req/s", "p50", "p95", "p99", "errors")
    print(f"    {'class':<16}" + "".join(f"{h:>9}" for h in heads))
    groups: dict[str, list[Sample]] = {name: [] for name in (*READS, "approve")}
    for sample in samples:
        groups[sample.name].append(sample)
    groups["all reads"] = [s for s in samples if s.name in READS]
    groups["all"] = samples
    figures = {}
    for name, group in groups.items():
        if not group:
            continue
        times = [s.ms for s in group]
        errors = [s for s in group if s.error]
        figures[name] = {
            "rate": len(group) / seconds,
            "p95": percentile(times, 95),
            "errors": len(errors),
        }
        print(
            f"    {name:<16}{len(group):>9,}{len(group) / seconds:>9.1f}"
            + "".join(f"{q:>7.0f}ms" for q in (statistics.median(times), *percentiles(times)))
            + f"{len(errors):>9}"
        )
    for sample in [s for s in samples if s.error][:5]:
        print(f"    error: {sample.error}")
    return figures


async def audit(dsn: str, accounts: list[Account], batches: Batches) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        names = [a.username for a in accounts]
        actors = [
            r["id"]
            for r in await connection.fetch(
                "SELECT id FROM piccolo_user WHERE username = ANY($1)", names
            )
        ]
        keys = list(batches.applied)
        rows = await connection.fetchval(
            "SELECT count(*) FROM status_change WHERE batch = ANY($1)", keys
        )
        stored = await connection.fetchval(
            "SELECT count(*) FROM approval_batch WHERE actor = ANY($1) AND key = ANY($2)",
            actors,
            keys,
        )
        approved = await connection.fetchval(
            "SELECT count(*) FROM initiative WHERE id = ANY($1) AND status = 'approved'",
            list(batches.ids),
        )
        applied = sum(batches.applied.values())
        start = time.perf_counter()
        drift = await connection.fetchval("SELECT count(*) FROM unit_figure_drift()")
        took = time.perf_counter() - start
        consistent = rows == applied == approved and stored == len(keys)
        print(
            f"\n  audit: {len(keys):,} batches answered, {stored:,} stored; {applied:,} transitions"
            f" applied, {rows:,} audit rows, {approved:,} of the {len(batches.ids):,} ids sent"
            f" approved — {'ok' if consistent else 'MISMATCH'}"
        )
        print(
            f"  retries with the same Idempotency-Key: {batches.retries_same} of"
            f" {batches.retries} answered the first batch"
        )
        print(f"  kept figures drift: {drift} (goal 0; unit_figure_drift() took {took:.1f} s)")

        # Back as found: the decided initiatives pending again (the kept figures
        # follow by their triggers), the bench's batches and audit rows gone.
        await connection.execute(
            "UPDATE initiative SET status = 'pending', decided_at = NULL, decided_by = NULL,"
            " decision_note = '' WHERE id = ANY($1) AND status <> 'pending'",
            list(batches.ids),
        )
        await connection.execute(
            "DELETE FROM status_change WHERE batch IN"
            " (SELECT key FROM approval_batch WHERE actor = ANY($1))",
            actors,
        )
        await connection.execute("DELETE FROM approval_batch WHERE actor = ANY($1)", actors)
        await connection.execute("VACUUM (ANALYZE) initiative, status_change, unit_figure")
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dsn", nargs="?", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--users", default="30,100", help="user counts, comma-separated")
    parser.add_argument("--seconds", type=float, default=60, help="measured per mixed run")
    parser.add_argument("--ratio-seconds", type=float, default=30, help="per ratio run")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not args.dsn.startswith("postgres"):
        raise SystemExit("Pass a PostgreSQL database filled by `manage.py generate`.")
    levels = [int(n) for n in args.users.split(",")]

    size, accounts = asyncio.run(prepare(args.dsn))
    print(
        f"data: {size['units']:,} units, {size['initiatives']:,} initiatives"
        f" ({size['pending']:,} pending), database {size['size']}; shared_buffers"
        f" {size['shared_buffers']}; phase {size['phase']}"
    )
    roles = defaultdict(int)
    for account in accounts:
        roles[account.role] += 1
    print(
        f"server: manage.py serve --workers {args.workers}; {len(accounts)} accounts"
        f" ({', '.join(f'{n} {role}s' for role, n in roles.items())}), users take them in turn;"
        f" {os.cpu_count()} cores shared by the server, PostgreSQL and this load generator"
    )
    port = free_port()
    server = start_server(args.dsn, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    everything = Batches()
    try:
        for users in levels:
            print(f"\n{users} users")
            samples, batches, cpu = asyncio.run(
                load(base, accounts, size["phase"], users, args.seconds)
            )
            figures = report("mixed", samples, args.seconds, cpu)
            everything.applied.update(batches.applied)
            everything.ids |= batches.ids
            everything.retries += batches.retries
            everything.retries_same += batches.retries_same
            runs = {}
            for title, only in (("only /api/progress", ONLY_PROGRESS), ("only /api/me", ONLY_ME)):
                samples, _, cpu = asyncio.run(
                    load(base, accounts, size["phase"], users, args.ratio_seconds, only)
                )
                runs[title] = report(title, samples, args.ratio_seconds, cpu)
            ratio = runs["only /api/progress"]["all"]["rate"] / runs["only /api/me"]["all"]["rate"]
            errors = sum(f["all"]["errors"] for f in (figures, *runs.values()))
            reads = figures["all reads"]
            goal = " (goal ≤ 300 ms at 30 users)" if users == 30 else ""
            print(f"\n  reads p95 {reads['p95']:.0f} ms{goal}; errors {errors} (goal 0)")
            print(f"  progress throughput / /api/me throughput: {ratio:.0%} (goal ≥ 50 %)")
    finally:
        stop_server(server)
    asyncio.run(audit(args.dsn, accounts, everything))


if __name__ == "__main__":
    main()
